"""The work of the pairs in numbers (issue 12 item 7), derived at read time from dates — so the figures move with
the calendar without any event: a pair is «without meetings for N weeks» when it is active and neither a meeting
nor its formation happened in the last N weeks (N is reporting's, the platform default: a school's own N stays in
monitoring); a plan is «on track» when it is agreed, its pair is active and every item whose date has passed is
done. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

NO_MEETING_WEEKS = 4
"""The platform's default «no meeting in N weeks» (monitoring's DEFAULT_NO_MEETING_WEEKS)."""
WITHOUT_MEETINGS = "derived.pairs_without_meetings"
ON_TRACK = "derived.plans_on_track"


@dataclass(frozen=True)
class PairWork:
    formed_on: date | None
    active: bool
    last_meeting_on: date | None
    plan_version: int
    plan_due: Mapping[str, str]
    plan_done: Iterable[str]


def without_meetings(work: PairWork, *, today: date, weeks: int = NO_MEETING_WEEKS) -> bool:
    if not work.active or work.formed_on is None:
        return False
    since = max(work.formed_on, work.last_meeting_on) if work.last_meeting_on else work.formed_on
    return today - since >= timedelta(weeks=weeks)


def on_track(work: PairWork, *, today: date) -> bool:
    if not work.active or work.formed_on is None or not work.plan_version:
        return False
    done = set(work.plan_done)
    return all(item in done for item, due in work.plan_due.items() if date.fromisoformat(due) < today)


def work_counts(works: Iterable[PairWork], *, today: date) -> dict[str, int]:
    counts = {WITHOUT_MEETINGS: 0, ON_TRACK: 0}
    for work in works:
        counts[WITHOUT_MEETINGS] += without_meetings(work, today=today)
        counts[ON_TRACK] += on_track(work, today=today)
    return counts
