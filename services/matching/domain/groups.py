"""Наставническая группа (or команда): what publishing a *group* or *team* run creates — mentor(s), mentees, form,
вид, term and reporting schedule — and how a run's selection is cut into groups before publishing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from matching.domain.pairs import PairStatus
from matching.domain.runs import MatchingRun, Mode, Proposal
from mentorship_kit.errors import Conflict

GroupStatus = PairStatus
TEAM_FORM = "team_team"


@dataclass(frozen=True)
class GroupMember:
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str  # whose seat the mentee takes (in a team, one of the team's mentors)


@dataclass
class Group:
    id: str
    org_id: str
    municipality_id: str
    region_id: str
    run_id: str
    form: str
    kind: str
    term_start: date
    term_end: date
    reporting: str
    mentor_ids: tuple[str, ...]
    mentor_names: tuple[str, ...]
    members: list[GroupMember]
    created_by: str
    created_at: datetime
    status: PairStatus = PairStatus.ACTIVE
    version: int = 1


@dataclass(frozen=True)
class PlannedGroup:
    """A group as the draft run shows it: mentors and the selected proposals of their mentees."""

    mentor_ids: tuple[str, ...]
    mentor_names: tuple[str, ...]
    members: tuple[Proposal, ...] = field(default_factory=tuple)

    @property
    def form(self) -> str:
        if len(self.mentor_ids) > 1:
            return TEAM_FORM
        forms = Counter(p.form for p in self.members)
        return forms.most_common(1)[0][0] if forms else ""


def settings_of(run: MatchingRun) -> dict[str, int]:
    return dict(run.facts.get("group", {}))


def planned_groups(run: MatchingRun) -> list[PlannedGroup]:
    """The run's selection cut into groups: per mentor, mentors of one team together (team mode). A mentor given
    mentees by hand outside every team leads a group alone."""
    if run.mode not in (Mode.GROUP, Mode.TEAM):
        return []
    by_mentor: dict[str, list[Proposal]] = {}
    for p in run.selected():
        by_mentor.setdefault(p.mentor_id, []).append(p)
    names = {p.mentor_id: p.mentor_name for p in run.selected()}
    teams: list[list[str]] = [list(t) for t in run.facts.get("teams", [])] if run.mode is Mode.TEAM else []
    placed = {m for t in teams for m in t}
    teams += [[m] for m in by_mentor if m not in placed]
    found = []
    for team in teams:
        mentors = [m for m in team if m in by_mentor]
        if not mentors:
            continue
        members = sorted((p for m in mentors for p in by_mentor[m]), key=lambda p: (p.mentee_name, p.request_id))
        found.append(PlannedGroup(tuple(mentors), tuple(names[m] for m in mentors), tuple(members)))
    found.sort(key=lambda g: g.mentor_names)
    return found


def check_sizes(run: MatchingRun, groups: list[PlannedGroup]) -> None:
    """Before publishing: hand edits may have left a group outside the size the run was set to."""
    settings = settings_of(run)
    low, high = settings.get("min_size", 1), settings.get("max_size", 1_000)
    problems = []
    for g in groups:
        per_mentor = Counter(p.mentor_id for p in g.members)
        if len(g.members) < low:
            problems.append(f"в группе наставника {', '.join(g.mentor_names)} {len(g.members)} наставляемых — "
                            f"меньше наименьшего размера {low}")
        over = [m for m, n in per_mentor.items() if n > high]
        if over:
            problems.append(f"у наставника {', '.join(g.mentor_names)} больше {high} наставляемых")
    if problems:
        raise Conflict("Группы не соответствуют размерам прогона: " + "; ".join(problems)
                       + ". Переназначьте наставляемых и повторите")
