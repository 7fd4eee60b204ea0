"""Matching's use cases against the in-memory unit of work: no database, no registry, milliseconds."""

from __future__ import annotations

import pytest

from matching.domain import commands
from matching.domain.events import PairClosed, PairFormed
from matching.domain.pairs import PairStatus
from matching.service_layer import pair_handlers, run_handlers
from mentorship_kit.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from tests.unit.matching_fakes import FakeMatchingUnitOfWork, FixedPool
from tests.unit.matching_pools import mentor, pool, request, student_mentor

School = tuple[FakeMatchingUnitOfWork, FixedPool]


def person(role: Role = Role.SCHOOL_CURATOR, org: str = "org-a") -> Principal:
    return Principal(user_id="u1", roles=frozenset({role}), scope=Scope.ORG, org_id=org, municipality_id="m",
                     region_id="r")


@pytest.fixture
def school() -> School:
    mentors = [mentor("t1", subjects=("Математика",), capacity=1), mentor("t2", capacity=2),
               student_mentor("s9", "9А", capacity=1)]
    requests = [request("r1", class_name="7Б", form="student_student"),
                request("r2", kind="staff", topics=("Цифровые навыки",)), request("r3", topics=("Математика",))]
    return FakeMatchingUnitOfWork(person()), FixedPool(pool(mentors, requests))


def test_start_assign_publish_and_the_pairs_it_forms(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    assert run.totals.matched == 3 and uow.runs.get(run.id) is not None
    assert {p.request_id: p.mentor_id for p in run.selected()} == {"r1": "s9", "r2": "t2", "r3": "t1"}
    moved = run_handlers.assign_in_run(commands.AssignInRun(run.id, "r3", "t2", version=run.version), uow, source)
    assert moved.version == 2 and {p.request_id: p.mentor_id for p in moved.selected()}["r3"] == "t2"
    with pytest.raises(Conflict, match="изменён другим пользователем"):
        run_handlers.publish_run(commands.PublishRun(run.id, version=1), uow)
    published, pairs, _ = run_handlers.publish_run(commands.PublishRun(run.id, version=2, term_months=6), uow)
    assert published.status.value == "published" and len(pairs) == 3 and uow.pairs.locked == "org-a"
    forms = {p.request_id: p.form for p in pairs}
    assert forms == {"r1": "student_student", "r2": "teacher_teacher", "r3": "teacher_pupil"}
    assert all((p.term_end.year * 12 + p.term_end.month) - (p.term_start.year * 12 + p.term_start.month) == 6
               for p in pairs)
    assert [type(e) for e in uow.events] == [PairFormed] * 3
    with pytest.raises(Conflict, match="уже опубликован"):
        run_handlers.publish_run(commands.PublishRun(run.id), uow)
    again = run_handlers.start_run(commands.StartRun(mode="optimal"), uow, source)
    assert again.totals.requests == 0, "requests in active pairs are not proposed again"


def test_publishing_rechecks_seats_taken_by_another_run_meanwhile(school: School) -> None:
    uow, source = school
    first = run_handlers.start_run(commands.StartRun(), uow, source)
    second = run_handlers.start_run(commands.StartRun(), uow, source)
    run_handlers.publish_run(commands.PublishRun(first.id), uow)
    with pytest.raises(Conflict, match="уже есть активная пара"):
        run_handlers.publish_run(commands.PublishRun(second.id), uow)


def test_bad_settings_and_empty_publish_are_refused_in_russian(school: School) -> None:
    uow, source = school
    with pytest.raises(ValidationFailed) as bad:
        run_handlers.start_run(commands.StartRun(mode="magic", objective="x", weights={"charm": 1}), uow, source)
    assert {p.field for p in bad.value.problems} == {"mode", "objective", "weights"}
    assert source.calls == 0, "nothing is read before the command is valid"
    manual = run_handlers.start_run(commands.StartRun(mode="manual"), uow, source)
    with pytest.raises(Conflict, match="нет ни одной выбранной пары"):
        run_handlers.publish_run(commands.PublishRun(manual.id), uow)
    with pytest.raises(ValidationFailed, match="Срок наставничества"):
        run_handlers.publish_run(commands.PublishRun(manual.id, term_months=99), uow)
    with pytest.raises(NotFound):
        run_handlers.get_run("nope", uow)


def test_who_may_run_matching_and_read_pairs(school: School) -> None:
    _, source = school
    psychologist = FakeMatchingUnitOfWork(person(Role.SCHOOL_PSYCHOLOGIST))
    with pytest.raises(Forbidden):
        run_handlers.start_run(commands.StartRun(), psychologist, source)
    assert pair_handlers.list_pairs(commands.ListPairs(), psychologist) == ([], "", 0)
    outsider = FakeMatchingUnitOfWork(Principal(user_id="x", roles=frozenset({Role.MUNICIPAL_CURATOR}),
                                                scope=Scope.MUNICIPALITY, municipality_id="m", region_id="r"))
    with pytest.raises(Forbidden):
        pair_handlers.list_pairs(commands.ListPairs(), outsider)


def test_closing_pairs_by_hand_and_on_a_registry_event(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(), uow, source)
    _, pairs, _ = run_handlers.publish_run(commands.PublishRun(run.id), uow)
    by_request = {p.request_id: p for p in pairs}
    with pytest.raises(ValidationFailed, match="причину"):
        pair_handlers.close_pair(commands.ClosePair(by_request["r2"].id, " "), uow)
    closed = pair_handlers.close_pair(commands.ClosePair(by_request["r2"].id, "Цель достигнута"), uow)
    assert closed.status is PairStatus.CLOSED and closed.close_reason == "Цель достигнута"
    with pytest.raises(Conflict, match="уже закрыта"):
        pair_handlers.close_pair(commands.ClosePair(by_request["r2"].id, "ещё раз"), uow)
    gone = pair_handlers.close_pairs_of(commands.ClosePairsOf(mentor_id="t1", reason="согласие отозвано"), uow)
    assert [p.request_id for p in gone] == ["r3"] and gone[0].close_reason == "согласие отозвано"
    assert pair_handlers.close_pairs_of(commands.ClosePairsOf(mentor_id="t1", reason="дубль"), uow) == []
    assert [type(e) for e in uow.events][-2:] == [PairClosed, PairClosed]
    active, _, total = pair_handlers.list_pairs(commands.ListPairs(status="active"), uow)
    assert total == 1 and active[0].request_id == "r1"
    assert pair_handlers.get_pair(active[0].id, uow).mentor_id == "s9"


@pytest.mark.parametrize(("field", "value"), [("mentor_id", "not-an-id"), ("mentee_id", "x" * 90),
                                              ("page_token", "²"), ("page_token", "9" * 30), ("status", "lost")])
def test_pair_filters_a_client_types_are_refused_before_sql(school: School, field: str, value: str) -> None:
    """Found by the API fuzzer: a non-UUID filter reached PostgreSQL and came back as a 503."""
    uow, _ = school
    with pytest.raises(ValidationFailed) as bad:
        pair_handlers.list_pairs(commands.ListPairs(**{field: value}), uow)  # type: ignore[arg-type]
    assert [p.field for p in bad.value.problems] == [field]


def test_the_mentors_written_consent_is_recorded_on_an_active_pair(school: School) -> None:
    uow, source = school
    run = run_handlers.start_run(commands.StartRun(), uow, source)
    _, pairs, _ = run_handlers.publish_run(commands.PublishRun(run.id), uow)
    pair, other = pairs[0], pairs[1]
    for day in ("01.09.2026", "2026-13-01", "", "9999-01-01"):
        with pytest.raises(ValidationFailed, match=r"[Дд]ата согласия"):
            pair_handlers.record_mentor_consent(commands.RecordMentorConsent(pair.id, day, "заявление"), uow)
    with pytest.raises(ValidationFailed, match="реквизиты"):
        pair_handlers.record_mentor_consent(commands.RecordMentorConsent(pair.id, "2026-01-10", "  "), uow)
    with pytest.raises(Conflict, match="обновите"):
        pair_handlers.record_mentor_consent(commands.RecordMentorConsent(pair.id, "2026-01-10", "з", 99), uow)
    done = pair_handlers.record_mentor_consent(
        commands.RecordMentorConsent(pair.id, "2026-01-10", " Заявление  № 12 ", pair.version), uow)
    assert done.mentor_consent_on is not None and done.mentor_consent_on.isoformat() == "2026-01-10"
    assert done.mentor_consent_document == "Заявление № 12" and done.version == pair.version + 1
    assert pair_handlers.get_pair(pair.id, uow).mentor_consent_document == "Заявление № 12"
    pair_handlers.close_pair(commands.ClosePair(other.id, "Цель достигнута"), uow)
    with pytest.raises(Conflict, match="закрыта"):
        pair_handlers.record_mentor_consent(commands.RecordMentorConsent(other.id, "2026-01-10", "з"), uow)
    with pytest.raises(Forbidden):
        pair_handlers.record_mentor_consent(commands.RecordMentorConsent(pair.id, "2026-01-10", "з"),
                                            FakeMatchingUnitOfWork(person(Role.SCHOOL_PSYCHOLOGIST)))
