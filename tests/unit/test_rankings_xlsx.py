"""Rankings from XLSX and from the run screen's grid: every problem tied to its sheet and row, in Russian."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from gateway.adapters.matching_reads import RunRead
from gateway.adapters.rankings_xlsx import MENTEES_SHEET, MENTORS_SHEET, parse_rankings, template_xlsx
from gateway.entrypoints.web.matching_view import places_to_rankings, preference_grid
from mentorship.matching.v1 import matching_pb2 as pb

ALLOWED = [("r1", "Анна Петрова", "t1", "Иван Иванов"), ("r1", "Анна Петрова", "t2", "Мария Сидорова"),
           ("r2", "Борис Котов", "t1", "Иван Иванов")]


def run() -> RunRead:
    return RunRead.of(pb.Run(id="run", mode=pb.MATCHING_MODE_PREFERENCES, proposals=[
        pb.Proposal(request_id=r, mentee_name=rn, mentor_id=m, mentor_name=mn, rank=1) for r, rn, m, mn in ALLOWED]))


def filled(mentees: list[list[str]], mentors: list[list[str]]) -> bytes:
    book = load_workbook(io.BytesIO(template_xlsx(run())))
    for sheet, rows in ((MENTEES_SHEET, mentees), (MENTORS_SHEET, mentors)):
        ws = book[sheet]
        ws.delete_rows(2, ws.max_row)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_names_the_runs_people_and_reads_back_clean() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(run())))
    assert [r[0] for r in book[MENTEES_SHEET].iter_rows(min_row=2, values_only=True)] == ["Анна Петрова",
                                                                                          "Борис Котов"]
    assert book.sheetnames == [MENTEES_SHEET, MENTORS_SHEET, "Допустимые пары"]
    parsed = parse_rankings(filled([["анна  петрова", "Мария Сидорова", "Иван Иванов"], ["Борис Котов"]],
                                   [["Иван Иванов", "Борис Котов", "Анна Петрова"]]), run())
    assert parsed.errors == []
    assert parsed.mentees == {"r1": ["t2", "t1"], "r2": []} and parsed.mentors == {"t1": ["r2", "r1"]}


def test_a_bad_file_lists_each_problem_by_sheet_and_row() -> None:
    parsed = parse_rankings(filled([["Анна Петрова", "Иван Иванов", "Иван Иванов"], ["Никто Никтович"],
                                    ["Борис Котов", "Мария Сидорова", "Пётр Неизвестный"]], []), run())
    assert parsed.errors == [
        "Лист «Наставляемые», строка 2, 2-е место: «Иван Иванов» уже назван на 1-м месте",
        "Лист «Наставляемые», строка 3: «Никто Никтович» не найден в прогоне",
        "Лист «Наставляемые», строка 4, 1-е место: пара с «Мария Сидорова» не допускается правилами формы "
        "наставничества (см. лист «Допустимые пары»)",
        "Лист «Наставляемые», строка 4, 2-е место: наставник «Пётр Неизвестный» не найден в прогоне"]


def test_the_grid_turns_places_into_rankings_and_refuses_a_place_given_twice() -> None:
    mentees, mentors = preference_grid(run())
    assert [r.name for r in mentees] == ["Анна Петрова", "Борис Котов"] and len(mentors[0].slots) == 2
    rankings, problems = places_to_rankings({"me:r1:t1": "2", "me:r1:t2": "1", "me:r2:t1": "", "x": "1"}, "me")
    assert rankings == {"r1": ["t2", "t1"], "r2": []} and problems == []
    _, twice = places_to_rankings({"me:r1:t1": "1", "me:r1:t2": "1", "me:r2:t1": "один"}, "me")
    assert twice == ["Место — целое число от 1 до 200, а не «один»",
                     "Место 1 поставлено двоим в одном рейтинге: у каждого своё место"]
