"""How a pair ends, against the in-memory unit of work: completion, the mentee's petition for another mentor, the
mentor's request to be released, the history of every step, and the keyset pages of the pair list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from matching.domain import commands
from matching.domain.events import MentorReplaced, PairClosed, PairCompleted, PairFormed
from matching.domain.pairs import RELEASE_REASON, REPLACE_REASON, Pair, PairStatus
from matching.service_layer import pair_handlers, pair_life, run_handlers
from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request

TODAY = date.today().isoformat()


def person(role: Role = Role.SCHOOL_CURATOR) -> Principal:
    return Principal(user_id="u1", roles=frozenset({role}), scope=Scope.ORG, org_id="org-a", municipality_id="m",
                     region_id="r")


Paired = tuple[FakeMatchingUnitOfWork, FixedPool, Pair]


@pytest.fixture
def paired() -> Paired:
    """One published pair r1 ↔ t1; t2 and t3 are free teachers, t3 teaches the request's subject."""
    mentors = [mentor("t1", subjects=("Математика",), capacity=1), mentor("t2", capacity=1),
               mentor("t3", subjects=("Математика",), capacity=1)]
    uow, source = FakeMatchingUnitOfWork(person()), FixedPool(pool(mentors, [request("r1", topics=("Математика",))]))
    run = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    run = run_handlers.assign_in_run(commands.AssignInRun(run.id, "r1", "t1", version=run.version), uow, source)
    _, pairs, _ = run_handlers.publish_run(commands.PublishRun(run.id, term_months=6), uow)
    uow.events.clear()
    return uow, source, pairs[0]


def _actions(uow: FakeMatchingUnitOfWork, pair_id: str) -> list[str]:
    return [h.action for h in pair_handlers.pair_card(pair_id, uow)[1]]


def test_completion_before_the_term_needs_a_confirmation_and_emits_pair_completed(paired: Paired) -> None:
    uow, _, pair = paired
    cmd = commands.CompletePair(pair.id, "Подготовлен к олимпиаде", "achieved", version=pair.version)
    with pytest.raises(ValidationFailed) as asked:
        pair_life.complete_pair(cmd, uow)
    assert asked.value.problems[0].field == "confirm_early" and "подтвердите досрочное" in asked.value.message
    with pytest.raises(ValidationFailed, match="Итог"):
        pair_life.complete_pair(replace(cmd, result="", outcome=" "), uow)
    assert uow.pairs.rows[pair.id].status is PairStatus.ACTIVE and not uow.events, "nothing half-written"
    done = pair_life.complete_pair(replace(cmd, confirm_early=True), uow)
    assert done.status is PairStatus.COMPLETED and done.result == "achieved" and done.closed_at is not None
    assert [type(e) for e in uow.events] == [PairCompleted]
    with pytest.raises(Conflict, match="завершена"):
        pair_life.complete_pair(replace(cmd, confirm_early=True, version=0), uow)
    with pytest.raises(Conflict, match="изменена другим"):
        pair_life.complete_pair(replace(cmd, confirm_early=True), uow)
    assert _actions(uow, pair.id) == ["formed", "completed"]


def test_a_pair_past_its_term_completes_without_a_confirmation(paired: Paired) -> None:
    uow, _, pair = paired
    row = uow.pairs.rows[pair.id]
    uow.pairs.rows[pair.id] = replace(row, term_start=row.term_start - timedelta(days=400),
                                      term_end=date.today() - timedelta(days=1))
    done = pair_life.complete_pair(commands.CompletePair(pair.id, "Итог", "partly_achieved"), uow)
    assert done.status is PairStatus.COMPLETED


def test_replacement_on_the_mentees_petition_proposes_candidates_at_once_and_forms_a_new_pair(paired: Paired) -> None:
    uow, source, pair = paired
    filed = pair_life.file_petition(commands.FilePetition(pair.id, "replace_mentor", TODAY, "Не сложился контакт",
                                                          version=pair.version), uow)
    assert filed.petition is not None and filed.petition.pending and filed.status is PairStatus.ACTIVE
    with pytest.raises(Conflict, match="уже есть нерассмотренное"):
        pair_life.file_petition(commands.FilePetition(pair.id, "release_mentor", TODAY, "Ещё одно"), uow)
    with pytest.raises(Conflict, match="нерассмотренное ходатайство"):
        pair_life.complete_pair(commands.CompletePair(pair.id, "x", "achieved", confirm_early=True), uow)

    closed, found = pair_life.decide_petition(commands.DecidePetition(pair.id, True, "Удовлетворить",
                                                                      version=filed.version), uow, source)
    assert closed.status is PairStatus.CLOSED and closed.awaiting_mentor
    assert closed.close_reason == f"{REPLACE_REASON}: Не сложился контакт"
    assert [c.mentor_id for c in found] == ["t3", "t2"], "the former mentor is not proposed; best first"
    assert uow.events == [PairClosed(closed, replacing=True)], "the registry keeps the request for the new pair"
    with pytest.raises(Conflict, match="Нерассмотренного обращения"):
        pair_life.decide_petition(commands.DecidePetition(pair.id, True), uow, source)
    assert [c.mentor_id for c in pair_life.replacement_candidates(pair.id, uow, source)] == ["t3", "t2"]

    with pytest.raises(ValidationFailed, match="из предложенных"):
        pair_life.pick_replacement(commands.PickReplacement(pair.id, "t1"), uow, source)
    old, new = pair_life.pick_replacement(commands.PickReplacement(pair.id, "t3", version=closed.version), uow,
                                          source)
    assert (new.request_id, new.mentor_id, new.replaces_pair_id) == (pair.request_id, "t3", pair.id)
    assert old.replaced_by_pair_id == new.id and not old.awaiting_mentor and new.status is PairStatus.ACTIVE
    assert [type(e) for e in uow.events[1:]] == [PairFormed, MentorReplaced]
    assert uow.events[2] == MentorReplaced(old, new, "replace_mentor")
    with pytest.raises(Conflict, match="не ждёт нового наставника"):
        pair_life.pick_replacement(commands.PickReplacement(pair.id, "t2"), uow, source)
    assert _actions(uow, pair.id) == ["formed", "petition_filed", "petition_approved", "closed", "replaced"]
    assert _actions(uow, new.id) == ["formed_as_replacement"]


def test_release_on_the_mentors_request_reopens_the_request_and_a_decline_needs_a_reason(paired: Paired) -> None:
    uow, source, pair = paired
    pair_life.file_petition(commands.FilePetition(pair.id, "release_mentor", TODAY, "Переезд"), uow)
    with pytest.raises(ValidationFailed, match="почему обращение отклонено"):
        pair_life.decide_petition(commands.DecidePetition(pair.id, False, " "), uow, source)
    kept, none = pair_life.decide_petition(commands.DecidePetition(pair.id, False, "Срок почти истёк"), uow, source)
    assert kept.status is PairStatus.ACTIVE and kept.petition and kept.petition.status == "declined" and none == []
    assert not uow.events, "a declined petition changes nothing outside matching"

    pair_life.file_petition(commands.FilePetition(pair.id, "release_mentor", TODAY, "Переезд в другой город"), uow)
    closed, found = pair_life.decide_petition(commands.DecidePetition(pair.id, True), uow, source)
    assert closed.close_reason.startswith(RELEASE_REASON) and found
    assert uow.events == [PairClosed(closed, replacing=False)], "the request reopens: PairClosed without replacing"
    _, new = pair_life.pick_replacement(commands.PickReplacement(pair.id, found[0].mentor_id), uow, source)
    assert uow.events[-1] == MentorReplaced(uow.pairs.rows[pair.id], new, "release_mentor")


def test_approval_with_no_candidate_left_reopens_the_request(paired: Paired) -> None:
    uow, source, pair = paired
    lonely = FixedPool(replace(source.pool, mentors=source.pool.mentors[:1]))
    pair_life.file_petition(commands.FilePetition(pair.id, "replace_mentor", TODAY, "Причина"), uow)
    closed, found = pair_life.decide_petition(commands.DecidePetition(pair.id, True), uow, lonely)
    assert found == [] and uow.events == [PairClosed(closed, replacing=False)]


@pytest.mark.parametrize(("kind", "filed_on", "reason", "field"), [
    ("fire_mentor", TODAY, "x", "kind"), ("replace_mentor", "2999-01-01", "x", "filed_on"),
    ("replace_mentor", "вчера", "x", "filed_on"), ("replace_mentor", TODAY, "  ", "reason")])
def test_a_bad_petition_is_refused_in_russian(paired: Paired, kind: str, filed_on: str, reason: str,
                                              field: str) -> None:
    uow, _, pair = paired
    with pytest.raises(ValidationFailed) as refused:
        pair_life.file_petition(commands.FilePetition(pair.id, kind, filed_on, reason), uow)
    assert [p.field for p in refused.value.problems] == [field]
    assert uow.pairs.rows[pair.id].petition is None


def test_only_the_curator_acts_and_unknown_pairs_are_404(paired: Paired) -> None:
    uow, source, pair = paired
    uow.principal = person(Role.SCHOOL_PSYCHOLOGIST)
    with pytest.raises(Forbidden):
        pair_life.file_petition(commands.FilePetition(pair.id, "replace_mentor", TODAY, "x"), uow)
    with pytest.raises(Forbidden):
        pair_life.decide_petition(commands.DecidePetition(pair.id, True), uow, source)
    uow.principal = person()
    with pytest.raises(NotFound):
        pair_life.decide_petition(commands.DecidePetition("not-an-id", True), uow, source)
    with pytest.raises(NotFound):
        pair_life.complete_pair(commands.CompletePair("00000000-0000-0000-0000-000000000000", "x", "achieved"), uow)


def test_the_pair_list_filters_and_pages_by_key(paired: Paired) -> None:
    uow, _, pair = paired
    for n in range(5):
        uow.pairs.rows[f"00000000-0000-0000-0000-00000000000{n}"] = replace(
            pair, id=f"00000000-0000-0000-0000-00000000000{n}", mentee_name=f"Ученик {n % 2}", kind="group")
    seen: list[str] = []
    token = ""
    while True:
        page, token, total = pair_handlers.list_pairs(commands.ListPairs(kind="group", page_size=2, page_token=token),
                                                      uow)
        assert total == 5
        seen += [p.id for p in page]
        if not token:
            break
    assert len(seen) == 5 == len(set(seen)), "every pair once, in a stable order"
    only, _, _ = pair_handlers.list_pairs(commands.ListPairs(run_id=pair.run_id, kind="individual"), uow)
    assert [p.id for p in only] == [pair.id]
    with pytest.raises(ValidationFailed) as bad:
        pair_handlers.list_pairs(commands.ListPairs(form="nope", kind="nope", run_id="x", page_token="%%%"), uow)
    assert {p.field for p in bad.value.problems} == {"form", "kind", "run_id", "page_token"}


def test_the_new_events_carry_facets_and_ids_never_names(paired: Paired) -> None:
    from matching.adapters.event_codec import encode_event

    uow, source, pair = paired
    pair_life.file_petition(commands.FilePetition(pair.id, "replace_mentor", TODAY, "Причина"), uow)
    _, found = pair_life.decide_petition(commands.DecidePetition(pair.id, True), uow, source)
    old, new = pair_life.pick_replacement(commands.PickReplacement(pair.id, found[0].mentor_id), uow, source)
    done = pair_life.complete_pair(commands.CompletePair(new.id, "Итог", "achieved", confirm_early=True), uow)
    wire = [encode_event(e) for e in uow.events]
    assert [w.type for w in wire] == ["mentorship.matching.pair_closed.v1", "mentorship.matching.pair_formed.v1",
                                      "mentorship.matching.mentor_replaced.v1", "mentorship.matching.pair_completed.v1"]
    closed_msg, _, replaced, completed = (w.payload for w in wire)
    assert closed_msg.replacing and closed_msg.request_id == pair.request_id
    assert (replaced.old_pair_id, replaced.new_pair_id, replaced.petition) == (
        old.id, new.id, "replace_mentor")
    assert list(completed.state.facets) == ["pair.completed"] and completed.result == "achieved"
    text = "".join(str(w.payload) for w in wire)
    assert done.mentee_name not in text and new.mentor_name not in text and "Итог" not in text
