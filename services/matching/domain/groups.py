"""Наставническая группа (or команда): what publishing a *group* or *team* run creates — mentor(s), mentees, form,
вид, term and reporting schedule — and how a run's selection is cut into groups before publishing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from matching.domain.pairs import PairStatus
from matching.domain.runs import MatchingRun, Mode, Proposal
from mentorship_kit.errors import Conflict, FieldProblem, ValidationFailed

GroupStatus = PairStatus
TEAM_FORM = "team_team"
TEAM_OUTCOMES = ("mentor_team", "rip_inko_consulting", "rip_inko_internship")
"""How a «команда-команда» group may end for its mentee team (000 App. 2, 3.10): it became a mentoring team, or
also received the status of a consulting centre or an internship site of РИП-ИнКО. Empty: neither."""
RIP_INKO_OUTCOMES = frozenset({"rip_inko_consulting", "rip_inko_internship"})


@dataclass(frozen=True)
class GroupMember:
    request_id: str
    mentee_id: str
    mentee_name: str
    mentor_id: str  # whose seat the mentee takes (in a team, one of the team's mentors)
    active: bool = True
    left_reason: str = ""
    left_at: datetime | None = None


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
    close_reason: str = ""
    outcome: str = ""
    closed_at: datetime | None = None
    team_outcome: str = ""

    @property
    def active_members(self) -> list[GroupMember]:
        return [m for m in self.members if m.active]

    def _check_active(self, what: str) -> None:
        if self.status is not GroupStatus.ACTIVE:
            raise Conflict(f"Группа уже {'завершена' if self.status is GroupStatus.COMPLETED else 'закрыта'}: {what}")

    def leave(self, mentee_id: str, reason: str, *, at: datetime) -> list[GroupMember]:
        """The mentee's seats in the group are given up with the reason; the members who left (none when the
        mentee is no longer an active member: a duplicate event changes nothing)."""
        left = []
        for i, m in enumerate(self.members):
            if m.mentee_id == mentee_id and m.active:
                self.members[i] = replace(m, active=False, left_reason=reason.strip()[:500], left_at=at)
                left.append(self.members[i])
        if left:
            self.version += 1
        return left

    def drop_mentor(self, mentor_id: str) -> bool:
        """A mentor out of the group (consent withdrawn, out of the base). True when the group is left with no one
        to lead it (its only mentor, a team's last one): the caller closes it. A team's other mentors go on, the
        mentor taken off the team."""
        if mentor_id not in self.mentor_ids or self.status is not GroupStatus.ACTIVE:
            return False
        if len(self.mentor_ids) == 1:
            return True
        keep = [i for i, m in enumerate(self.mentor_ids) if m != mentor_id]
        self.mentor_ids = tuple(self.mentor_ids[i] for i in keep)
        self.mentor_names = tuple(self.mentor_names[i] for i in keep)
        self.version += 1
        return False

    def close(self, reason: str, *, at: datetime) -> list[GroupMember]:
        """Closed early with the reason; the members still in it are returned (their requests reopen)."""
        text = " ".join(reason.split())
        if not text:
            raise ValidationFailed([FieldProblem("reason", "Укажите причину закрытия группы")])
        if len(text) > 500:
            raise ValidationFailed([FieldProblem("reason", "Причина — не длиннее 500 символов")])
        self._check_active("закрыть можно только действующую группу")
        remaining = self.active_members
        self.status, self.close_reason, self.closed_at = GroupStatus.CLOSED, text, at
        self.version += 1
        return remaining

    def complete(self, outcome: str, *, at: datetime, team_outcome: str = "") -> list[GroupMember]:
        """The group ends normally with its outcome; its members' requests stay matched (they were served). A
        «команда-команда» group also says whether its mentee team became a mentoring team (``TEAM_OUTCOMES``)."""
        text = " ".join(outcome.split())
        if not text:
            raise ValidationFailed([FieldProblem("outcome", "Опишите итог работы группы")])
        if len(text) > 500:
            raise ValidationFailed([FieldProblem("outcome", "Итог — не длиннее 500 символов")])
        if team_outcome and team_outcome not in TEAM_OUTCOMES:
            raise ValidationFailed([FieldProblem("team_outcome", "Выберите статус команды из списка")])
        if team_outcome and self.form != TEAM_FORM:
            raise ValidationFailed([FieldProblem(
                "team_outcome", "Смена статуса команды отмечается только для формы «команда – команда»")])
        self._check_active("завершить можно только действующую группу")
        remaining = self.active_members
        self.status, self.outcome, self.closed_at = GroupStatus.COMPLETED, text, at
        self.team_outcome = team_outcome
        self.version += 1
        return remaining


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
