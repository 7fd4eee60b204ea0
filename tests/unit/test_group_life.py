"""How a group ends: a mentee leaves it (consent withdrawn, out of the base), its mentor out or no member left
closes it, the curator closes or completes it by hand — each with ``GroupMemberLeft`` / ``GroupClosed`` (ids and
facets only) and a line of history; group members take their mentor's seats in replacements as in runs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from matching.adapters.event_codec import encode_event
from matching.domain import commands
from matching.domain.events import GroupClosed, GroupMemberLeft
from matching.domain.groups import Group, GroupMember, GroupStatus
from matching.service_layer import group_handlers, pair_life, run_handlers
from mentorship.matching.v1 import events_pb2
from mentorship_kit.errors import Conflict, Forbidden, ValidationFailed
from mentorship_kit.principal import Role
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request
from tests.unit.test_pair_life import person

AT = datetime(2026, 10, 1, tzinfo=UTC)
WITHDRAWN = "согласие на обработку персональных данных отозвано"
G1, G2, G3 = (f"00000000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))


def _group(gid: str = G1, mentors: tuple[str, ...] = ("t9",), mentees: tuple[str, ...] = ("a", "b")) -> Group:
    return Group(id=gid, org_id="org-a", municipality_id="m", region_id="r", run_id="run", form="teacher_pupil",
                 kind="group", term_start=date(2026, 9, 1), term_end=date(2027, 6, 1), reporting="monthly",
                 mentor_ids=mentors, mentor_names=tuple(f"Наставник {m}" for m in mentors),
                 members=[GroupMember(f"req-{x}", f"me-{x}", f"Наставляемый {x}", mentors[0]) for x in mentees],
                 created_by="u1", created_at=AT)


@pytest.fixture
def uow() -> FakeMatchingUnitOfWork:
    found = FakeMatchingUnitOfWork(person())
    found.groups.add(_group())
    return found


def _events(uow: FakeMatchingUnitOfWork, kind: type) -> list:  # type: ignore[type-arg]
    return [e for e in uow.events if isinstance(e, kind)]


def test_a_mentee_whose_consent_is_withdrawn_leaves_the_group_with_the_reason_and_frees_the_seat(
        uow: FakeMatchingUnitOfWork) -> None:
    assert uow.groups.active_load() == {"t9": 2}
    group_handlers.leave_groups_of(commands.ClosePairsOf(mentee_id="me-a", reason=WITHDRAWN), uow)
    group, history = group_handlers.group_card(G1, uow)
    left = next(m for m in group.members if m.mentee_id == "me-a")
    assert not left.active and left.left_reason == WITHDRAWN and group.status is GroupStatus.ACTIVE
    assert uow.groups.active_load() == {"t9": 1} and uow.groups.active_requests() == {"req-b"}
    assert [h.action for h in history] == ["member_left"] and history[0].detail == WITHDRAWN
    [event] = _events(uow, GroupMemberLeft)
    wire = encode_event(event)
    payload = wire.payload
    assert isinstance(payload, events_pb2.GroupMemberLeft)
    assert wire.type == "mentorship.matching.group_member_left.v1" and wire.subject == f"groups/{G1}"
    assert (payload.request_id, payload.mentee_id, payload.reason) == ("req-a", "me-a", WITHDRAWN)
    assert payload.state.version == 2 and "group" in payload.state.facets
    assert "Наставляем".encode() not in payload.SerializeToString(), "no names on the wire"
    # A duplicate event changes nothing and emits nothing more.
    group_handlers.leave_groups_of(commands.ClosePairsOf(mentee_id="me-a", reason=WITHDRAWN), uow)
    assert len(_events(uow, GroupMemberLeft)) == 1 and group_handlers.get_group(G1, uow).version == 2


def test_the_last_member_leaving_closes_the_group_with_nobody_left_to_reopen(uow: FakeMatchingUnitOfWork) -> None:
    for mentee in ("me-a", "me-b"):
        group_handlers.leave_groups_of(commands.ClosePairsOf(mentee_id=mentee, reason=WITHDRAWN), uow)
    group = group_handlers.get_group(G1, uow)
    assert group.status is GroupStatus.CLOSED and "не осталось наставляемых" in group.close_reason
    [closed] = _events(uow, GroupClosed)
    payload = encode_event(closed).payload
    assert isinstance(payload, events_pb2.GroupClosed)
    assert list(payload.request_ids) == [] and not payload.completed and list(payload.state.facets) == ["group.closed"]
    assert payload.state.version > encode_event(_events(uow, GroupMemberLeft)[-1]).payload.state.version  # type: ignore[attr-defined]


def test_the_groups_mentor_out_closes_it_and_gives_every_member_back(uow: FakeMatchingUnitOfWork) -> None:
    group_handlers.leave_groups_of(commands.ClosePairsOf(mentor_id="t9", reason="наставник выведен из базы"), uow)
    group = group_handlers.get_group(G1, uow)
    assert group.status is GroupStatus.CLOSED and group.close_reason == "наставник выведен из базы"
    payload = encode_event(_events(uow, GroupClosed)[0]).payload
    assert isinstance(payload, events_pb2.GroupClosed)
    assert sorted(payload.request_ids) == ["req-a", "req-b"] and sorted(payload.mentee_ids) == ["me-a", "me-b"]
    assert uow.groups.active_load() == {} and uow.groups.active_requests() == frozenset()


def test_a_team_goes_on_while_it_keeps_a_mentor_and_closes_with_its_last(uow: FakeMatchingUnitOfWork) -> None:
    uow.groups.add(_group(G2, mentors=("t1", "t2"), mentees=("c",)))
    group_handlers.leave_groups_of(commands.ClosePairsOf(mentor_id="t1", reason=WITHDRAWN), uow)
    team = group_handlers.get_group(G2, uow)
    assert team.status is GroupStatus.ACTIVE and team.mentor_ids == ("t2",) and not _events(uow, GroupClosed)
    group_handlers.leave_groups_of(commands.ClosePairsOf(mentor_id="t2", reason=WITHDRAWN), uow)
    assert group_handlers.get_group(G2, uow).status is GroupStatus.CLOSED
    assert [h.action for h in group_handlers.group_card(G2, uow)[1]] == ["mentor_left", "closed"]


def test_the_curator_closes_a_group_by_hand_with_a_required_reason(uow: FakeMatchingUnitOfWork) -> None:
    with pytest.raises(ValidationFailed) as problem:
        group_handlers.close_group(commands.CloseGroup(G1, "  "), uow)
    assert problem.value.problems[0].message == "Укажите причину закрытия группы"
    with pytest.raises(Conflict):
        group_handlers.close_group(commands.CloseGroup(G1, "причина", version=7), uow)
    group = group_handlers.close_group(commands.CloseGroup(G1, "группа расформирована", version=1), uow)
    assert group.status is GroupStatus.CLOSED and group.close_reason == "группа расформирована"
    payload = encode_event(_events(uow, GroupClosed)[0]).payload
    assert isinstance(payload, events_pb2.GroupClosed) and sorted(payload.request_ids) == ["req-a", "req-b"]
    assert payload.reason == "группа расформирована"
    with pytest.raises(Conflict, match="Группа уже закрыта"):
        group_handlers.complete_group(commands.CompleteGroup(G1, "итог"), uow)


def test_completion_keeps_the_requests_matched_and_says_so_on_the_wire(uow: FakeMatchingUnitOfWork) -> None:
    with pytest.raises(ValidationFailed):
        group_handlers.complete_group(commands.CompleteGroup(G1, ""), uow)
    group = group_handlers.complete_group(commands.CompleteGroup(G1, "проект защищён"), uow)
    assert group.status is GroupStatus.COMPLETED and group.outcome == "проект защищён"
    payload = encode_event(_events(uow, GroupClosed)[0]).payload
    assert isinstance(payload, events_pb2.GroupClosed) and payload.completed
    assert list(payload.state.facets) == ["group.completed"]
    assert [h.action for h in group_handlers.group_card(G1, uow)[1]] == ["completed"]


def test_a_team_that_became_a_mentoring_team_is_counted_for_3_10_with_its_rip_inko_status() -> None:
    """000 App. 2, 3.10: the curator records at the end of a «команда-команда» group whether its mentee team became a
    mentoring team, and whether it also became a consulting centre or internship site of РИП-ИнКО."""
    found = FakeMatchingUnitOfWork(person())
    for gid in (G1, G2, G3):
        team = _group(gid, mentors=("t1", "t2"))
        team.form = "team_team"
        found.groups.add(team)
    found.groups.add(_group("00000000-0000-4000-8000-000000000004"))  # a plain group of one mentor
    group_handlers.complete_group(commands.CompleteGroup(G1, "команда ведёт других", team_outcome="mentor_team"), found)
    group_handlers.complete_group(commands.CompleteGroup(G2, "площадка", team_outcome="rip_inko_internship"), found)
    group_handlers.complete_group(commands.CompleteGroup(G3, "итог"), found)
    facets = [list(encode_event(e).payload.state.facets) for e in _events(found, GroupClosed)]
    assert facets == [["group.completed", "group.team.became_mentor"],
                      ["group.completed", "group.team.became_mentor", "group.team.became_mentor.rip_inko"],
                      ["group.completed"]]
    assert found.groups.get(G2).team_outcome == "rip_inko_internship"  # type: ignore[union-attr]
    with pytest.raises(ValidationFailed, match="только для формы «команда – команда»"):
        group_handlers.complete_group(commands.CompleteGroup("00000000-0000-4000-8000-000000000004", "итог",
                                                             team_outcome="mentor_team"), found)
    with pytest.raises(ValidationFailed, match="из списка"):
        group_handlers.complete_group(commands.CompleteGroup(G1, "итог", team_outcome="center"), found)


def test_only_the_curator_ends_a_group(uow: FakeMatchingUnitOfWork) -> None:
    uow.principal = person(Role.MENTOR)
    with pytest.raises(Forbidden):
        group_handlers.close_group(commands.CloseGroup(G1, "причина"), uow)


def test_replacement_candidates_count_group_members_in_a_mentors_load() -> None:
    """t3 would be the best candidate, but its only seat is taken by a group member — until the member leaves."""
    mentors = [mentor("t1", subjects=("Математика",)), mentor("t3", subjects=("Математика",)), mentor("t2")]
    uow, source = FakeMatchingUnitOfWork(person()), FixedPool(pool(mentors, [request("r1")]))
    run = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    run = run_handlers.assign_in_run(commands.AssignInRun(run.id, "r1", "t1", version=run.version), uow, source)
    _, [pair], _ = run_handlers.publish_run(commands.PublishRun(run.id, term_months=6), uow)
    uow.groups.add(_group(G3, mentors=("t3",), mentees=("z",)))
    pair = pair_life.file_petition(commands.FilePetition(pair.id, "replace_mentor", date.today().isoformat(),
                                                         "не сложилось", pair.version), uow)
    pair, found = pair_life.decide_petition(commands.DecidePetition(pair.id, True, "", pair.version), uow, source)
    assert [c.mentor_id for c in found] == ["t2"]
    group_handlers.leave_groups_of(commands.ClosePairsOf(mentee_id="me-z", reason=WITHDRAWN), uow)
    assert [c.mentor_id for c in pair_life.replacement_candidates(pair.id, uow, source)] == ["t3", "t2"]
