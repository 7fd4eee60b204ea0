"""The director's order as DOCX: python-docx reads back the title, every pair and the mentor's consent."""

from __future__ import annotations

import io

import docx

from gateway.adapters.order_export import APPENDIX_HEADER, NO_CONSENT, ORDER_TITLE, order_docx
from mentorship_kit.vocabulary import MENTORING_FORM_TITLES, PAIR_KIND_TITLES


def _pair(mentee: str, mentor: str, consent: str = "", document: str = "") -> dict[str, object]:
    return {"mentee_name": mentee, "mentor_name": mentor, "form": "teacher_pupil", "kind": "individual",
            "term_start": "2026-09-01", "term_end": "2027-05-28", "reporting": "quarterly",
            "mentor_consent_on": consent, "mentor_consent_document": document}


def test_the_order_names_every_pair_and_the_consent() -> None:
    pairs = [_pair("Иванова Анна", "Петров Пётр", "2026-08-30", "заявление № 12"), _pair("Сидоров Олег", "Орлова Ия")]
    read = docx.Document(io.BytesIO(order_docx(school="Школа № 7", published_at="2026-09-01T08:00:00Z",
                                               pairs=pairs)))
    text = "\n".join(p.text for p in read.paragraphs)
    assert "ПРИКАЗ" in text and ORDER_TITLE in text and "Школа № 7" in text and "ПРИКАЗЫВАЮ:" in text
    assert "целевой модели" in text and "с «01» сентября 2026 г. по «28» мая 2027 г." in text
    assert "ежеквартально" in text and "куратора" in text and "Директор" in text
    table = read.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == APPENDIX_HEADER
    assert rows[1][:3] == ["1", "Иванова Анна", "Петров Пётр"] and rows[2][1:3] == ["Сидоров Олег", "Орлова Ия"]
    assert rows[1][3] == MENTORING_FORM_TITLES["teacher_pupil"] and rows[1][4] == PAIR_KIND_TITLES["individual"]
    assert rows[1][5] == "с 01.09.2026 по 28.05.2027" and rows[1][6] == "Ежеквартально"
    assert rows[1][7] == "30.08.2026, заявление № 12" and rows[2][7] == NO_CONSENT


def test_an_order_without_pairs_still_opens() -> None:
    read = docx.Document(io.BytesIO(order_docx(school="", published_at=None, pairs=[])))
    assert len(read.tables[-1].rows) == 1


def test_groups_and_teams_follow_the_pairs_one_row_each() -> None:
    group = {"form": "teacher_pupil", "kind": "group", "term_start": "2026-09-01", "term_end": "2027-05-28",
             "reporting": "monthly", "mentor_names": ["Петров Пётр"],
             "members": [{"mentee_name": "Иванова Анна"}, {"mentee_name": "Сидоров Олег"}]}
    team = {**group, "form": "team_team", "kind": "team", "mentor_names": ["Орлова Ия", "Петров Пётр"],
            "members": [{"mentee_name": "Ким Ли"}]}
    read = docx.Document(io.BytesIO(order_docx(school="Школа", published_at=None, pairs=[_pair("Ан Юн", "Ли Ви")],
                                               groups=[group, team])))
    rows = [[cell.text for cell in row.cells] for row in read.tables[-1].rows][1:]
    assert [r[1] for r in rows] == ["Ан Юн", "Группа (2): Иванова Анна, Сидоров Олег", "Команда (1): Ким Ли"]
    assert rows[2][2] == "Орлова Ия, Петров Пётр" and rows[2][3] == MENTORING_FORM_TITLES["team_team"]
    assert rows[1][4] == PAIR_KIND_TITLES["group"] and rows[1][7] == NO_CONSENT
    assert "(3)" in "\n".join(p.text for p in read.paragraphs)
