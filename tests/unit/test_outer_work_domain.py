"""The outer contour's records as the registry checks them (ADR 024): a publication's forms, an agreement's state
over its term, a municipality's seats on a course, the ШМУ plan over three school years."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentorship_kit.errors import Conflict, ValidationFailed
from registry.domain import outer_work as ow

TODAY = date(2026, 11, 28)


def _messages(exc: pytest.ExceptionInfo[ValidationFailed]) -> str:
    return " ".join(p.message for p in exc.value.problems)


def test_a_publication_names_known_forms_once() -> None:
    assert ow.clean_publication(["teacher_teacher", " teacher_teacher", "student_student"], " Кратко ") == \
        ow.Publication(("teacher_teacher", "student_student"), "Кратко")
    with pytest.raises(ValidationFailed) as empty:
        ow.clean_publication([], "")
    assert "хотя бы одну форму" in _messages(empty)
    with pytest.raises(ValidationFailed) as unknown:
        ow.clean_publication(["teacher_teacher", "pupil_dog"], "x" * (ow.SUMMARY_MAX + 1))
    assert "pupil_dog" in _messages(unknown) and "не длиннее 1000" in _messages(unknown)


def test_an_agreement_is_active_within_its_term_until_it_ends() -> None:
    raw = {"number": "12/26", "signed_on": "2026-09-01", "kind": "with_operator", "parties": ["ИРО", "Школа"],
           "valid_from": "2026-09-01", "valid_until": "2027-08-31"}
    values = ow.clean_agreement(raw, today=TODAY)
    agreement = ow.Agreement(id="a", municipality_id=None, region_id="r", ended_on=None,
                             created_at=datetime.now(UTC), **values)
    assert agreement.state(TODAY) is ow.AgreementState.ACTIVE
    assert agreement.state(date(2027, 9, 1)) is ow.AgreementState.EXPIRED
    ended = ow.Agreement(**{**vars(agreement), "ended_on": TODAY})
    assert ended.state(TODAY) is ow.AgreementState.ENDED
    with pytest.raises(Conflict):
        ow.end_agreement(ended, TODAY.isoformat(), today=TODAY)
    with pytest.raises(ValidationFailed) as bad:
        ow.clean_agreement({**raw, "kind": "friendship", "parties": ["ИРО"], "valid_until": "2026-01-01",
                            "signed_on": "2030-01-01"}, today=TODAY)
    text = _messages(bad)
    assert "вид соглашения" in text and "не меньше двух" in text and "раньше, чем начался" in text


def test_seats_fit_the_course_and_never_drop_below_the_named_mentors() -> None:
    ow.check_seats({"a": 2, "b": 3}, course_seats=5, enrolled={"a": 2})
    with pytest.raises(Conflict, match="5 мест"):
        ow.check_seats({"a": 3, "b": 3}, course_seats=5, enrolled={})
    with pytest.raises(ValidationFailed) as fewer:
        ow.check_seats({"a": 1}, course_seats=5, enrolled={"a": 2})
    assert "уже записала 2" in _messages(fewer)


def test_the_shmu_plan_spans_three_school_years_one_session_a_month() -> None:
    plan = ow.clean_plan(2026, [("2027-05", "Итоги года"), ("2026-09", "Знакомство"), ("2029-08", "Последний")])
    assert plan == [(date(2026, 9, 1), "Знакомство"), (date(2027, 5, 1), "Итоги года"),
                    (date(2029, 8, 1), "Последний")]
    with pytest.raises(ValidationFailed) as bad:
        ow.clean_plan(2026, [("2026-08", "Рано"), ("2026-10", "А"), ("2026-10", "Б"), ("октябрь", "В"),
                             ("2026-11", "")])
    text = _messages(bad)
    assert "вне плана" in text and "уже запланировано" in text and "ГГГГ-ММ" in text and "Тема занятия 5" in text
    assert ow.check_held("2026-11-20", month=date(2026, 11, 1), today=TODAY) == date(2026, 11, 20)
    with pytest.raises(Conflict, match="в том же месяце"):
        ow.check_held("2026-10-20", month=date(2026, 11, 1), today=TODAY)


def test_a_mitigation_names_one_of_the_six_risks() -> None:
    assert ow.clean_mitigation("formalism", " Выезд  в школу ") == (ow.Risk.FORMALISM, "Выезд в школу")
    assert [r.value for r in ow.Risk] == ["perception", "high_load", "mentor_motivation", "formalism",
                                          "mentee_motivation", "interaction"]
    with pytest.raises(ValidationFailed):
        ow.clean_mitigation("weather", "")


def test_the_six_risks_are_one_list_in_the_registry_reporting_the_vocabulary_and_the_migration() -> None:
    import importlib.util
    from pathlib import Path

    from mentorship_kit.vocabulary import RISK_SHORT_TITLES, RISK_TITLES
    from reporting.domain.risk_signals import RISKS

    path = Path(ow.__file__).parents[1] / "migrations" / "versions" / "0017_outer_work.py"
    spec = importlib.util.spec_from_file_location("outer_work_migration", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert tuple(r.value for r in ow.Risk) == RISKS == tuple(RISK_TITLES) == tuple(RISK_SHORT_TITLES) \
        == migration.RISKS
