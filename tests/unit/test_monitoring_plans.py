"""The pair's plan document against the in-memory unit of work: a teacher's program or a student's development
plan by the pair's form, the draft's rules in Russian with nothing written, two agreements, progress only on an
agreed plan, a new version when an agreed plan's items change, and events with ids and facets only."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from mentorship_kit.errors import Conflict, Forbidden, ValidationFailed
from mentorship_kit.principal import Principal, Role, Scope
from monitoring.adapters.event_codec import encode_event
from monitoring.domain import commands
from monitoring.domain.events import PlanAgreed, PlanItemDone
from monitoring.domain.plans import DEVELOPMENT_PLAN, PROGRAM, ItemDraft, PlanDocument, add_months
from monitoring.service_layer.pair_events import learn_pair
from monitoring.service_layer.plan_handlers import agree_plan, plan_document, plan_progress, save_draft
from tests.unit.monitoring_fakes import FakeMonitoringUnitOfWork

ORG, MUN, REG = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-0000000000b1", \
    "00000000-0000-0000-0000-0000000000c1"
PAIR = "11111111-1111-1111-1111-111111111111"
NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)
ITEMS = [ItemDraft(id="", title="Посещение уроков наставника", due_on="2026-10-15",
                   expected_product="Анализ трёх уроков"),
         ItemDraft(id="", title="Открытый урок", due_on="2027-03-01", expected_product="Технологическая карта")]


def clock() -> datetime:
    return NOW


def school_uow(form: str = "teacher_teacher", roles: frozenset[Role] = frozenset({Role.SCHOOL_CURATOR})
               ) -> FakeMonitoringUnitOfWork:
    curator = Principal(user_id="u-curator", roles=roles, scope=Scope.ORG, org_id=ORG, municipality_id=MUN,
                        region_id=REG)
    uow = FakeMonitoringUnitOfWork(curator)
    learn_pair(commands.LearnPair(pair_id=PAIR, version=1, mentor_id="m", mentee_id="e", form=form,
                                  kind="individual", term_start="2026-09-01", term_end="2027-05-31",
                                  status="active"), uow)
    return uow


def save(uow: FakeMonitoringUnitOfWork, **changes: object) -> PlanDocument:
    values: dict[str, object] = {"term_start": "2026-09-01", "term_end": "2027-05-31",
                                 "deficits": ["Формирующее оценивание", "Работа с родителями"],
                                 "final_product": "Методическая разработка", "items": ITEMS}
    return save_draft(PAIR, uow, now=clock, **{**values, **changes})  # type: ignore[arg-type]


def agreed(uow: FakeMonitoringUnitOfWork) -> PlanDocument:
    document = save(uow)
    agree_plan(PAIR, uow, party="mentor", version=document.version, now=clock)
    return agree_plan(PAIR, uow, party="curator", version=document.version, now=clock)


def test_the_pairs_form_chooses_the_document() -> None:
    assert plan_document(PAIR, school_uow()).kind == PROGRAM
    blank = plan_document(PAIR, school_uow("teacher_pupil"))
    assert blank.kind == DEVELOPMENT_PLAN and blank.version == 0 and blank.term_start.isoformat() == "2026-09-01"


@pytest.mark.parametrize(("changes", "message"), [
    ({"term_end": "2026-11-15"}, "от 3 до 12 месяцев"),
    ({"term_end": "2027-08-01"}, "внутри срока пары"),
    ({"items": [replace(ITEMS[0], due_on="2027-06-10")]}, "в сроке пары"),
    ({"items": [replace(ITEMS[0], title="   ")]}, "укажите название"),
    ({"items": []}, "хотя бы одно"),
    ({"items": [replace(ITEMS[0], due_on="15.10.2026")]}, "ГГГГ-ММ-ДД"),
    ({"items": [replace(ITEMS[0], id="nope")]}, "такого пункта в плане нет"),
    ({"items": [replace(ITEMS[0], due_on="")]}, "укажите дату"),
    ({"term_start": ""}, "укажите дату"),
])
def test_a_bad_draft_is_refused_in_russian_with_nothing_written(changes: dict[str, object], message: str) -> None:
    uow = school_uow()
    with pytest.raises(ValidationFailed) as refused:
        save(uow, **changes)
    assert any(message in p.message for p in refused.value.problems), refused.value.problems
    assert uow.plan_documents.rows == {} and uow.events == []


def test_a_student_plan_has_no_month_bounds() -> None:
    document = save(school_uow("teacher_pupil"), term_end="2026-10-01", items=[replace(ITEMS[0], due_on="2026-09-20")])
    assert document.kind == DEVELOPMENT_PLAN and document.version == 1


def test_two_agreements_then_progress_publishes_item_done() -> None:
    uow = school_uow()
    draft = save(uow)
    assert draft.version == 1 and not draft.agreed and [i.progress for i in draft.items] == ["not_started"] * 2
    item = draft.items[0].id
    with pytest.raises(Conflict, match="ещё не согласован"):
        plan_progress(PAIR, uow, item_id=item, progress="done", on="2026-11-20", now=clock)
    half = agree_plan(PAIR, uow, party="mentor", version=1, now=clock)
    assert not half.agreed and uow.events == []
    with pytest.raises(Conflict, match="уже согласована наставником"):
        agree_plan(PAIR, uow, party="mentor", version=1, now=clock)
    with pytest.raises(Conflict, match="версия 1"):
        agree_plan(PAIR, uow, party="curator", version=2, now=clock)
    full = agree_plan(PAIR, uow, party="curator", version=1, now=clock)
    assert full.agreed and [(a.party, a.recorded_by) for a in full.agreements] == [
        ("mentor", "u-curator"), ("curator", "u-curator")]
    assert uow.events == [PlanAgreed(PAIR, ORG, MUN, REG, PROGRAM, 1, 2,
                                     tuple((i.id, i.due_on.isoformat()) for i in full.items), ())]

    with pytest.raises(ValidationFailed, match="укажите дату"):
        plan_progress(PAIR, uow, item_id=item, progress="done", on=" ", now=clock)
    with pytest.raises(ValidationFailed, match="в будущем"):
        plan_progress(PAIR, uow, item_id=item, progress="done", on="2026-12-01", now=clock)  # in the future
    plan_progress(PAIR, uow, item_id=item, progress="in_progress", on="2026-11-01", note="начато", now=clock)
    done = plan_progress(PAIR, uow, item_id=item, progress="done", on="2026-11-20", note="анализ сдан", now=clock)
    assert (done.items[0].progress, done.items[0].progress_note) == ("done", "анализ сдан") and done.agreed
    assert uow.events[1:] == [PlanItemDone(PAIR, ORG, MUN, REG, PROGRAM, 1, item, "2026-11-20")]
    plan_progress(PAIR, uow, item_id=item, progress="done", on="2026-11-21", now=clock)
    assert len(uow.events) == 2  # done again is not a new fact

    wire = encode_event(uow.events[1])
    assert wire.type == "mentorship.monitoring.plan_item_done.v1" and "Посещение" not in str(wire.payload)


def test_changing_an_agreed_plans_items_makes_a_new_version_keeping_progress() -> None:
    uow = school_uow()
    document = agreed(uow)
    item = document.items[0].id
    plan_progress(PAIR, uow, item_id=item, progress="in_progress", on="2026-11-01", now=clock)
    unchanged = save(uow, items=[replace(ITEMS[0], id=item), replace(ITEMS[1], id=document.items[1].id)])
    assert unchanged.version == 1 and unchanged.agreed
    changed = save(uow, items=[replace(ITEMS[0], id=item, title="Посещение пяти уроков")])
    assert changed.version == 2 and not changed.agreed and changed.agreements == []
    assert changed.items[0].progress == "in_progress" and len(changed.items) == 1
    again = save(uow, final_product="Статья", items=[replace(ITEMS[0], id=item)])
    assert again.version == 2 and again.final_product == "Статья"  # a draft not yet agreed keeps its version
    with pytest.raises(Conflict, match="ещё не согласован"):
        plan_progress(PAIR, uow, item_id=item, progress="done", on="2026-11-20", now=clock)
    agree_plan(PAIR, uow, party="mentor", version=2, now=clock)
    half_changed = save(uow, final_product="Статья и доклад", items=[replace(ITEMS[0], id=item)])
    assert half_changed.version == 3 and half_changed.agreements == []  # the mentor agreed version 2, not this
    with pytest.raises(Conflict, match="версия 3"):
        agree_plan(PAIR, uow, party="curator", version=2, now=clock)


def test_reading_roles_may_not_write_and_a_closed_pair_takes_no_plan() -> None:
    with pytest.raises(Forbidden):
        save(school_uow(roles=frozenset({Role.SCHOOL_PSYCHOLOGIST})))
    uow = school_uow()
    learn_pair(commands.LearnPair(pair_id=PAIR, version=2, mentor_id="", mentee_id="", form="", kind="",
                                  term_start="", term_end="", status="closed"), uow)
    with pytest.raises(Conflict, match="Пара закрыта"):
        save(uow)


def test_add_months_clamps_to_the_months_end() -> None:
    assert add_months(datetime(2026, 11, 30).date(), 3).isoformat() == "2027-02-28"
    assert add_months(datetime(2026, 1, 31).date(), 12).isoformat() == "2027-01-31"
