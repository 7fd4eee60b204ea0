"""Pairs in numbers (issue 11, item 4): matching's ``PairState`` turned into counted facets, and the figures read
back from them. Pure functions, no storage; counts only — no names, no mentor or mentee ids leave reporting.

matching publishes a pair's whole countable state with every event (``PairState {pair_id, version, facets}``).
Its facets come in either of two shapes, both read here: the first slice's ``form:<form>``, ``kind:<вид>``,
``status:<active|completed|closed>``, or the registry's counted shape that matching's codec may already send
(``pair``, ``pair.form.<form>``, ``pair.kind.<вид>`` / ``pair.closed`` / ``pair.completed``). Reporting counts:

- an active pair as ``pair``, ``pair.form.<form>``, ``pair.kind.<вид>``;
- an ended one only as ``pair.completed`` (ran its term) or ``pair.closed`` (ended early);
- a mentee with at least one active pair as ``mentee.in_pair`` (an entity of its own, see ``mentee_state``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reporting.domain.counted_state import CountedState, normalise, under_prefix
from reporting.domain.work_figures import ON_TRACK, WITHOUT_MEETINGS

PAIR = "pair"
FORM = "pair.form."
KIND = "pair.kind."
MENTEE_IN_PAIR = "mentee.in_pair"
GROUP = "group"
GROUP_FORM = "group.form."
GROUP_KIND = "group.kind."
MENTEE_IN_GROUP = "mentee.in_group"
MEETING = "meeting"
MEETING_KIND = "meeting.kind."
PLAN_AGREED = "plan.agreed"
PLAN_ITEM_DONE = "plan.item.done"
REPORT_SUBMITTED = "report.submitted"
PAIR_FACET_PREFIXES = ("pair", "mentee.in_pair", "group", "mentee.in_group", "meeting", "plan.", "report.")
"""Every facet ``pair_figures`` reads starts with one of these: a pair report needs no other counts of a unit."""


def _values(facets: Iterable[str]) -> dict[str, str]:
    """``form:x`` → {"form": "x"}; a facet without a colon is ignored."""
    return dict(f.split(":", 1) for f in facets if ":" in f)


def _counted_shape(facets: Iterable[str]) -> tuple[str, ...] | None:
    """The facets as sent when matching already speaks the counted shape (``pair…``); None otherwise."""
    found = normalise(facets)
    return found if found and all(f == PAIR or f.startswith("pair.") for f in found) else None


def pair_facets(facets: Iterable[str]) -> tuple[str, ...]:
    facets = list(facets)
    counted = _counted_shape(facets)
    if counted is not None:
        return counted
    values = _values(facets)
    status = values.get("status", "active")
    if status != "active":
        return normalise([f"pair.{'completed' if status == 'completed' else 'closed'}"])
    form, kind = values.get("form", ""), values.get("kind", "")
    return normalise([PAIR, f"{FORM}{form}" if form else "", f"{KIND}{kind}" if kind else ""])


def pair_state(pair_id: str, version: int, facets: Iterable[str]) -> CountedState:
    return CountedState("pair", pair_id, version, pair_facets(facets))


def is_active(facets: Iterable[str]) -> bool:
    return PAIR in pair_facets(facets)


def is_completed(facets: Iterable[str]) -> bool:
    return "pair.completed" in pair_facets(facets)


def mentee_state(mentee_id: str, pair_versions: Mapping[str, int], active_pairs: int) -> CountedState:
    """A mentee counts once however many active pairs they have. Its version is the sum of the versions of its
    pairs as applied: every applied pair event raises one of them, so the sum grows with each change and a
    duplicate or an older event (which changes no pair) leaves it as it was."""
    return CountedState("paired_mentee", mentee_id, sum(pair_versions.values()),
                        (MENTEE_IN_PAIR,) if active_pairs else ())


@dataclass(frozen=True)
class PairFigures:
    pairs: int = 0
    mentees_in_pairs: int = 0
    by_form: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    closed_early: int = 0
    completed: int = 0
    groups: int = 0
    mentees_in_groups: int = 0
    groups_by_form: dict[str, int] = field(default_factory=dict)
    groups_by_kind: dict[str, int] = field(default_factory=dict)
    meetings_held: int = 0
    meetings_by_kind: dict[str, int] = field(default_factory=dict)
    plans_agreed: int = 0
    plan_items_done: int = 0
    reports_submitted: int = 0
    pairs_without_meetings: int = 0
    plans_on_track: int = 0


def pair_figures(counts: Mapping[str, int]) -> PairFigures:
    """What a unit's facet counts say about pairs; forms and виды with no active pair are left out."""
    return PairFigures(
        pairs=int(counts.get(PAIR, 0)), mentees_in_pairs=int(counts.get(MENTEE_IN_PAIR, 0)),
        by_form=under_prefix(counts, FORM), by_kind=under_prefix(counts, KIND),
        closed_early=int(counts.get("pair.closed", 0)), completed=int(counts.get("pair.completed", 0)),
        groups=int(counts.get(GROUP, 0)), mentees_in_groups=int(counts.get(MENTEE_IN_GROUP, 0)),
        groups_by_form=under_prefix(counts, GROUP_FORM), groups_by_kind=under_prefix(counts, GROUP_KIND),
        meetings_held=int(counts.get(MEETING, 0)), meetings_by_kind=under_prefix(counts, MEETING_KIND),
        plans_agreed=int(counts.get(PLAN_AGREED, 0)), plan_items_done=int(counts.get(PLAN_ITEM_DONE, 0)),
        reports_submitted=int(counts.get(REPORT_SUBMITTED, 0)),
        pairs_without_meetings=int(counts.get(WITHOUT_MEETINGS, 0)), plans_on_track=int(counts.get(ON_TRACK, 0)))


def group_states(group_id: str, version: int, facets: Iterable[str],
                 mentee_ids: Iterable[str]) -> list[CountedState]:
    """A group counted once by form and вид (``group…`` facets), and each of its mentees as ``mentee.in_group``
    while the group is active — an entity per mentee, so a duplicate event counts nobody twice."""
    found = normalise(f for f in facets if f == GROUP or f.startswith("group."))
    active = GROUP in found
    return [CountedState("group", group_id, version, found),
            *(CountedState("grouped_mentee", m, version, (MENTEE_IN_GROUP,) if active else ()) for m in mentee_ids)]


def meeting_state(meeting_id: str, facets: Iterable[str]) -> CountedState:
    """A meeting held, from monitoring's ``MeetingHeld``: counted once (``meeting``, ``meeting.kind.<k>``,
    ``meeting.format.<f>``); a meeting is never edited, so its version is always 1 and a duplicate counts nothing."""
    return CountedState("meeting", meeting_id, 1,
                        normalise(f for f in facets if f == MEETING or f.startswith("meeting.")))


def group_left_states(group_id: str, version: int, facets: Iterable[str],
                      mentee_ids: Iterable[str]) -> list[CountedState]:
    """A member left, or the group ended: the group as it is now, and these mentees no longer in a group."""
    found = normalise(f for f in facets if f == GROUP or f.startswith("group."))
    return [CountedState("group", group_id, version, found),
            *(CountedState("grouped_mentee", m, version, ()) for m in mentee_ids)]


def plan_state(pair_id: str, version: int, facets: Iterable[str]) -> CountedState:
    """A pair's plan agreed (monitoring's ``PlanAgreed``): counted once per pair as ``plan.agreed`` with its kind;
    a later agreed version replaces the earlier one (its version is newer)."""
    kinds = [f.replace("plan.kind.", "plan.agreed.kind.") for f in facets if f.startswith("plan.kind.")]
    return CountedState("plan", pair_id, version, normalise([PLAN_AGREED, *kinds]))


def plan_item_state(item_id: str) -> CountedState:
    """An item of an agreed plan marked done: counted once however often it is reported (``PlanItemDone``)."""
    return CountedState("plan_item", item_id, 1, (PLAN_ITEM_DONE,))


def report_state(report_id: str) -> CountedState:
    """A mentor's report accepted (``ReportSubmitted``): never edited, so version 1."""
    return CountedState("report", report_id, 1, (REPORT_SUBMITTED,))
