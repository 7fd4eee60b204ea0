"""Group and team modes: grouping rules (sizes, seats, allowed edges), the groups a run publishes with
``GroupFormed``, and a hypothesis property over random instances of the grouping solver."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.adapters.event_codec import encode_event
from matching.domain import commands
from matching.domain.assignment import CandidateEdges, Objective
from matching.domain.events import GroupFormed
from matching.domain.grouping import GroupSettings, solve_groups, teams_of
from matching.domain.groups import planned_groups
from matching.domain.rules import allowed
from matching.domain.run_builder import build_run
from matching.domain.runs import Mode
from matching.domain.scoring import Weights
from matching.service_layer import group_handlers, run_handlers
from mentorship.matching.v1 import events_pb2
from mentorship_kit.errors import Conflict, ValidationFailed
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request
from tests.unit.test_matching_handlers import person

NOW = datetime(2026, 10, 1, tzinfo=UTC)


def _build(p, mode: Mode = Mode.GROUP, **group: int):  # type: ignore[no-untyped-def]
    return build_run(p, run_id="run", tenant=("o", "m", "r"), mode=mode, objective=Objective.MAX_MATCHED_THEN_SCORE,
                     weights=Weights(), top_k=3, created_by="u", now=NOW, group=GroupSettings(**group))


def _school() -> object:
    mentors = [mentor("t1", subjects=("Математика",), capacity=3, age_group="middle"),
               mentor("t2", competencies=("Физика",), capacity=4, age_group="middle"),
               mentor("t3", competencies=("Шахматы",), capacity=1)]
    requests = [request(f"m{i}", topics=("Математика",), class_name="6А") for i in range(3)]
    requests += [request(f"f{i}", topics=("Физика",), class_name="7А") for i in range(3)]
    return pool(mentors, requests)


def test_a_group_run_gives_each_mentor_one_group_of_mentees_with_the_same_topic() -> None:
    run = _build(_school(), min_size=2, max_size=3)
    groups = {g.mentor_ids: sorted(p.request_id for p in g.members) for g in planned_groups(run)}
    assert groups == {("t1",): ["m0", "m1", "m2"], ("t2",): ["f0", "f1", "f2"]}
    assert run.facts["group"] == {"min_size": 2, "max_size": 3, "team_mentors": 2}
    assert run.totals.matched == 6 and not run.unmatched


def test_the_group_size_never_exceeds_max_size_nor_the_free_seats() -> None:
    p = _school()
    run = _build(p, min_size=1, max_size=2)
    per_mentor: dict[str, int] = {}
    for s in run.selected():
        per_mentor[s.mentor_id] = per_mentor.get(s.mentor_id, 0) + 1
    assert max(per_mentor.values()) <= 2
    assert per_mentor.get("t3", 0) <= 1


def test_a_mentor_whose_group_stays_below_the_minimum_is_closed_and_the_mentees_go_elsewhere() -> None:
    mentors = [mentor("big", competencies=("Физика", "Математика"), capacity=5),
               mentor("small", subjects=("Математика",), capacity=5)]
    requests = [request("m0", topics=("Математика",)), *[request(f"f{i}", topics=("Физика",)) for i in range(3)]]
    edges = CandidateEdges.of(4, [5, 5], [0, 0, 1, 2, 3], [0, 1, 0, 0, 0], [1, 30, 5, 5, 5])
    result = solve_groups(edges, GroupSettings(min_size=2, max_size=5))
    assert result.closed == (1,) and result.rounds == 2
    assert result.mentor_of.tolist() == [0, 0, 0, 0]
    run = _build(pool(mentors, requests), min_size=2, max_size=5)
    assert [g.mentor_ids for g in planned_groups(run)] == [("big",)]


def test_a_group_below_the_minimum_with_nowhere_to_go_is_left_unmatched_with_the_reason() -> None:
    run = _build(pool([mentor("t", capacity=5)], [request("r", topics=("Математика",))]), min_size=2, max_size=5)
    assert run.totals.matched == 0
    assert "меньше наименьшего размера" in run.unmatched[0].reason


def test_group_settings_are_checked_in_russian() -> None:
    with pytest.raises(ValidationFailed) as err:
        GroupSettings(min_size=4, max_size=2, team_mentors=9).check()
    assert {p.field for p in err.value.problems} == {"group_min", "team_mentors"}


def test_teams_join_similar_groups_and_a_lone_last_mentor_joins_the_previous_team() -> None:
    groups = {0: [0], 1: [1], 2: [2], 3: [3], 4: [4]}
    key = {0: "b", 1: "a", 2: "b", 3: "a", 4: "c"}
    assert teams_of(groups, key.__getitem__, 2) == [[1, 3], [0, 2, 4]]
    assert teams_of({7: [0]}, lambda j: "", 2) == [[7]]


def test_a_team_run_forms_a_team_of_mentors_with_a_team_of_mentees() -> None:
    run = _build(_school(), Mode.TEAM, min_size=2, max_size=3, team_mentors=2)
    groups = planned_groups(run)
    assert len(groups) == 1 and set(groups[0].mentor_ids) == {"t1", "t2"}
    assert groups[0].form == "team_team" and len(groups[0].members) == 6


def test_publishing_a_group_run_creates_groups_and_group_formed_without_names() -> None:
    uow, source = FakeMatchingUnitOfWork(person()), FixedPool(_school())
    run = run_handlers.start_run(commands.StartRun(mode="group", group_min=2, group_max=3), uow, source)
    published, pairs, groups = run_handlers.publish_run(commands.PublishRun(run.id, version=run.version), uow)
    assert pairs == [] and len(groups) == 2 and published.status.value == "published"
    assert {(g.kind, g.form) for g in groups} == {("group", "teacher_pupil")}
    assert sorted(len(g.members) for g in groups) == [3, 3]
    formed = [e for e in uow.events if isinstance(e, GroupFormed)]
    assert len(formed) == 2
    wire = encode_event(formed[0])
    payload = wire.payload
    assert isinstance(payload, events_pb2.GroupFormed)
    assert wire.type == "mentorship.matching.group_formed.v1" and len(payload.request_ids) == 3
    assert set(payload.state.facets) == {"group", "group.form.teacher_pupil", "group.kind.group"}
    assert "Наставн".encode() not in payload.SerializeToString(), "no names on the wire"
    # The members now hold the mentors' seats and their requests: a new run proposes none of them.
    again = run_handlers.start_run(commands.StartRun(mode="group", group_min=1, group_max=3), uow, source)
    assert again.totals.requests == 0
    assert group_handlers.list_groups(uow, run_id=run.id)[0].run_id == run.id


def test_a_hand_edit_that_leaves_a_group_below_the_minimum_is_refused_at_publishing() -> None:
    uow, source = FakeMatchingUnitOfWork(person()), FixedPool(_school())
    run = run_handlers.start_run(commands.StartRun(mode="group", group_min=3, group_max=3), uow, source)
    moved = run_handlers.assign_in_run(commands.AssignInRun(run.id, "m0", "t2", confirm_warnings=True,
                                                            version=run.version), uow, source)
    with pytest.raises(Conflict, match="меньше наименьшего размера 3"):
        run_handlers.publish_run(commands.PublishRun(run.id, version=moved.version), uow)


@st.composite
def instances(draw: st.DrawFn) -> tuple[CandidateEdges, GroupSettings]:
    n, m = draw(st.integers(0, 12)), draw(st.integers(1, 5))
    caps = [draw(st.integers(0, 6)) for _ in range(m)]
    pairs = sorted(draw(st.sets(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, m - 1)), max_size=n * m)))
    pairs = [(i, j) for i, j in pairs if i < n]
    scores = [draw(st.integers(0, 20)) for _ in pairs]
    low = draw(st.integers(1, 4))
    high = draw(st.integers(low, 6))
    edges = CandidateEdges.of(n, caps, [i for i, _ in pairs], [j for _, j in pairs], scores)
    return edges, GroupSettings(min_size=low, max_size=high)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_property_groups_respect_sizes_seats_and_edges(case: tuple[CandidateEdges, GroupSettings]) -> None:
    edges, group = case
    result = solve_groups(edges, group)
    allowed_edges = set(zip(edges.mentee.tolist(), edges.mentor.tolist(), strict=True))
    taken = np.bincount(result.mentor_of[result.mentor_of >= 0], minlength=edges.capacities.size)
    for j, size in enumerate(taken.tolist()):
        assert size == 0 or group.min_size <= size <= group.max_size, "group size out of bounds"
        assert size <= edges.capacities[j], "a mentor's free seats exceeded"
    for i, j in enumerate(result.mentor_of.tolist()):
        assert j < 0 or (i, j) in allowed_edges, "a mentee grouped on a pair that is not allowed"
    assert all(taken[j] == 0 for j in result.closed), "a closed mentor still leads a group"


def test_every_group_member_is_allowed_with_the_mentor_whose_seat_they_take() -> None:
    p = _school()
    run = _build(p, min_size=1, max_size=3)
    for g in planned_groups(run):
        for member in g.members:
            m, r = p.mentor(member.mentor_id), p.request(member.request_id)
            assert m is not None and r is not None and allowed(m, r, p)
