"""Issue 10 item 13: dates, times and durations as Russian readers write them, from one helper; the diff page
names fields in Russian; line breaks of a program survive the read-only view; the header says the role once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from gateway.entrypoints.vocabulary import DOCUMENT_DATE_FIELDS, DOCUMENT_FIELD_TITLES
from gateway.entrypoints.web import ru_format
from gateway.entrypoints.web.rendering import shown_role, templates


def test_dates_are_russian_long_and_short() -> None:
    assert ru_format.long_date("2026-03-12") == "12 марта 2026 г."
    assert ru_format.long_date(date(2020, 1, 1)) == "1 января 2020 г."
    assert ru_format.short_date("2026-03-12") == "12.03.2026"
    assert ru_format.short_date("") == "" and ru_format.long_date(None) == ""
    assert ru_format.long_date("когда-нибудь") == "когда-нибудь"  # shown as is, never a crash


def test_times_are_shown_in_the_display_zone_to_the_minute() -> None:
    ru_format.use_time_zone("Europe/Moscow")
    assert ru_format.date_time("2026-03-12T11:05:42.123+00:00") == "12.03.2026 14:05"
    assert ru_format.date_time("2026-03-12T23:30:00Z") == "13.03.2026 02:30"
    assert ru_format.date_time(datetime(2026, 3, 12, 11, 5, tzinfo=UTC)) == "12.03.2026 14:05"
    assert ru_format.short_date("2026-03-12T23:30:00Z") == "13.03.2026"  # the local day
    ru_format.use_time_zone("Europe/Kaliningrad")
    try:
        assert ru_format.date_time("2026-03-12T11:05:00+00:00") == "12.03.2026 13:05"
    finally:
        ru_format.use_time_zone(ru_format.DEFAULT_ZONE)


@pytest.mark.parametrize(("seconds", "text"), [(0, "меньше дня"), (3600, "меньше дня"), (86400, "1 день"),
                                               (3 * 86400 + 5, "3 дня"), (5 * 86400, "5 дней"),
                                               (11 * 86400, "11 дней"), (21 * 86400, "21 день"), (-5, "меньше дня")])
def test_waiting_is_counted_in_whole_days_with_the_right_word(seconds: float, text: str) -> None:
    assert ru_format.days(seconds) == text


def test_sizes_and_the_upload_refusal_say_the_same_figure() -> None:
    assert ru_format.size(10 * 1024 * 1024) == "10 МБ"
    assert ru_format.size(1_000_000) == "1 МБ"  # the default MAX_BODY_BYTES
    assert (ru_format.size(1536 * 1024), ru_format.size(500 * 1024)) == ("1,5 МБ", "500 КБ")
    assert ru_format.file_too_large(10 * 1024 * 1024) == "Файл больше 10 МБ: разбейте список на части"


def test_the_header_does_not_repeat_the_role() -> None:
    assert shown_role("Администратор платформы", "Администратор платформы") == ""
    assert shown_role("Региональный оператор", "региональный оператор") == ""
    assert shown_role("Иванова Мария Петровна", "Куратор школы") == "Куратор школы"


def _render(name: str, **context: Any) -> str:
    return templates.env.get_template(name).render(user=None, **context)


def test_the_diff_page_names_fields_in_russian_and_shows_dates_as_dates() -> None:
    changes = [SimpleNamespace(kind="changed", where="Этап 1, п. 1", field="due_on", before="2020-01-01",
                               after="2026-09-15"),
               SimpleNamespace(kind="changed", where="Раздел «Цель»", field="text", before="было\nдве строки",
                               after="стало")]
    page = _render("diff.html", doc=SimpleNamespace(id="d", title="Дорожная карта"), changes=changes,
                   from_version=1, to_version=2, field_titles=DOCUMENT_FIELD_TITLES, date_fields=DOCUMENT_DATE_FIELDS)
    assert "(Выполнить до)" in page and "due_on" not in page
    assert "1 января 2020 г." in page and "15 сентября 2026 г." in page and "2020-01-01" not in page
    assert "(Текст раздела)" in page and '<td class="text">было\nдве строки</td>' in page


def test_the_inbox_counts_days_not_fractions() -> None:
    entries = [SimpleNamespace(document=SimpleNamespace(owner_name="Школа № 1", id="d", kind="roadmap", version=1),
                               waiting_seconds=600.0),
               SimpleNamespace(document=SimpleNamespace(owner_name="Школа № 2", id="e", kind="roadmap", version=2),
                               waiting_seconds=3 * 86400 + 100)]
    page = _render("inbox.html", entries=entries, kinds={"roadmap": "Дорожная карта"})
    assert "меньше дня" in page and "3 дня" in page and "0.0" not in page


def _program(**changes: Any) -> SimpleNamespace:
    sections = [SimpleNamespace(key="goal", title="Цель", text="Первая строка\nВторая строка")]
    content = SimpleNamespace(sections=sections, annual_plan=[], stages=[])
    base = dict(id="d", kind="program", title="Программа", status="approved", version=1, approved_version=1,
                revision=3, comments=[], content=content)
    return SimpleNamespace(**{**base, **changes})


def test_the_read_only_program_keeps_line_breaks_and_the_history_shows_russian_times() -> None:
    history = SimpleNamespace(transitions=[SimpleNamespace(at="2026-03-12T11:05:00+00:00", actor_name="Куратор",
                                                           from_status="draft", to_status="submitted", version=1)])
    page = _render("document.html", doc=_program(), kinds={"program": "Программа"}, statuses={}, comments={},
                   progress_titles={}, can_edit=False, can_decide=False, can_track=False, can_submit=False,
                   problems=[], notice="", history=history, approved=None)
    assert '<p class="text">Первая строка\nВторая строка</p>' in page
    assert "12.03.2026 14:05" in page and "2026-03-12T" not in page


def test_the_style_keeps_line_breaks_of_shown_text() -> None:
    from pathlib import Path

    import gateway.entrypoints.web.pages as pages

    css = (Path(pages.__file__).parent / "static" / "style.css").read_text(encoding="utf-8")
    assert ".text { white-space:pre-line; }" in css


def test_the_audit_log_shows_local_times_to_the_second() -> None:
    ru_format.use_time_zone("Europe/Moscow")
    at = datetime(2026, 3, 12, 11, 5, 42, tzinfo=UTC)
    assert ru_format.date_time(at, seconds=True) == "12.03.2026 14:05:42"
    entry = SimpleNamespace(at=at, username="director", subject="Карточка", endpoint="/school/persons/x",
                            records=1, client_ip="127.0.0.1")
    assert "12.03.2026 14:05:42" in _render("audit.html", entries=[entry])
