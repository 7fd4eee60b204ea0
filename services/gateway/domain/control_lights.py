"""The one definition of traffic lights (issue 15 item 2, issue 14 item 4): the control page, the drill-down
``/indicators`` and their XLSX all judge through this module, so a school cannot be red on one page and green on
another (ADR 022 addendum).

A light is a colour *and* a text (never colour alone, WCAG 1.4.1). The rules, for a school:
- roadmap / program: approved → green; submitted, draft or returned → yellow; none → red;
- overdue roadmap items: none → green; 1–2 → yellow; 3 or more → red;
- pairs without meetings for 4 weeks: no active pair → yellow; none without → green; up to a quarter of the
  active pairs → yellow; more → red;
- evaluation (001 §6): оптимальный → green, допустимый → yellow, недопустимый → red, not evaluated → grey;
- self-diagnosis of the year: done → green, not done → red.
For a municipality the roadmap is its own; programs, the schools' roadmaps and evaluations are shares of its
schools (all → green, at least half → yellow, fewer → red; any недопустимый → red); the self-diagnosis is green when
the municipality and all its schools passed it, yellow when the municipality did, red otherwise.
The row's overall light is its worst one. The drill-down shows the part of it that is about deadlines of the work —
the worst of «overdue roadmap items» and «pairs without meetings» (``work_lights``), with the same thresholds; their
colours come from ``mentorship_kit.work_lights``, whose SQL spelling counts the region's schools in reporting.
Pure: counts in, lights out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from mentorship_kit.vocabulary import DOCUMENT_STATUS_TITLES
from mentorship_kit.work_lights import RANK, meetings_colour, overdue_colour


@dataclass(frozen=True)
class Light:
    colour: str  # green | yellow | red | grey
    text: str

    @property
    def rank(self) -> int:
        return RANK[self.colour]


class Counts(Protocol):
    """What a control row carries (reporting's ``ControlRow``)."""

    @property
    def schools(self) -> int: ...
    @property
    def roadmap_status(self) -> str: ...
    @property
    def program_status(self) -> str: ...
    @property
    def roadmap_approved(self) -> bool: ...
    @property
    def program_approved(self) -> bool: ...
    @property
    def schools_roadmap_approved(self) -> int: ...
    @property
    def schools_program_approved(self) -> int: ...
    @property
    def items_overdue(self) -> int: ...
    @property
    def active_pairs(self) -> int: ...
    @property
    def pairs_without_meetings(self) -> int: ...
    @property
    def evaluation_level(self) -> str: ...
    @property
    def evaluation_total(self) -> int: ...
    @property
    def schools_evaluated(self) -> int: ...
    @property
    def schools_unacceptable(self) -> int: ...
    @property
    def self_diagnosed(self) -> bool: ...
    @property
    def self_diagnosis_score(self) -> int: ...
    @property
    def self_diagnosis_max(self) -> int: ...
    @property
    def schools_self_diagnosed(self) -> int: ...


def _document(approved: bool, status: str, missing: str) -> Light:
    if approved:
        return Light("green", "согласована" if status in ("approved", "") else
                     f"согласована; новая версия: {DOCUMENT_STATUS_TITLES.get(status, status)}")
    if status:
        return Light("yellow", DOCUMENT_STATUS_TITLES.get(status, status))
    return Light("red", missing)


def _share(done: int, total: int, what: str) -> Light:
    text = f"{what}: {done} из {total}"
    if total == 0:
        return Light("grey", "школ нет")
    if done == total:
        return Light("green", text)
    return Light("yellow" if done * 2 >= total else "red", text)


def _overdue(n: int) -> Light:
    colour = overdue_colour(n)
    return Light(colour, "нет просроченных" if colour == "green" else f"просрочено пунктов: {n}")


def _meetings(active: int, without: int) -> Light:
    colour = meetings_colour(active, without)
    if active == 0:
        return Light(colour, "нет действующих пар")
    if without == 0:
        return Light(colour, f"встречи идут во всех {active} парах")
    return Light(colour, f"без встреч {without} из {active} пар")


def work_lights(items_overdue: int, active_pairs: int, pairs_without_meetings: int) -> dict[str, Light]:
    """The deadline lights of a school or of a sum of schools — overdue roadmap items and pairs without meetings —
    and their worst as ``overall`` (what the drill-down's «Светофор школ» shows)."""
    lights = {"overdue": _overdue(items_overdue), "meetings": _meetings(active_pairs, pairs_without_meetings)}
    return {**lights, "overall": worst(lights.values())}


_LEVELS = {"optimal": ("green", "оптимальный"), "acceptable": ("yellow", "допустимый"),
           "unacceptable": ("red", "недопустимый")}


def _work(row: Counts) -> dict[str, Light]:
    found = work_lights(row.items_overdue, row.active_pairs, row.pairs_without_meetings)
    return {"overdue": found["overdue"], "meetings": found["meetings"]}


def school_lights(row: Counts) -> dict[str, Light]:
    level = _LEVELS.get(row.evaluation_level)
    lights = {
        "roadmap": _document(row.roadmap_approved, row.roadmap_status, "нет дорожной карты"),
        "program": _document(row.program_approved, row.program_status, "нет программы"),
        **_work(row),
        "evaluation": Light(level[0], f"{level[1]} уровень, {row.evaluation_total} из 18 баллов") if level
        else Light("grey", "не оценивалась"),
        "self_diagnosis": Light("green", f"пройдена: {row.self_diagnosis_score} из {row.self_diagnosis_max}")
        if row.self_diagnosed else Light("red", "не пройдена"),
    }
    return {**lights, "overall": worst(lights.values())}


def municipality_lights(row: Counts) -> dict[str, Light]:
    evaluation = Light("red", f"недопустимый уровень у школ: {row.schools_unacceptable}") \
        if row.schools_unacceptable else _share(row.schools_evaluated, row.schools, "оценено школ")
    if row.self_diagnosed and row.schools_self_diagnosed == row.schools:
        self_diagnosis = Light("green", f"пройдена; школ: {row.schools_self_diagnosed} из {row.schools}")
    elif row.self_diagnosed:
        self_diagnosis = Light("yellow", f"пройдена; школ: {row.schools_self_diagnosed} из {row.schools}")
    else:
        self_diagnosis = Light("red", f"не пройдена; школ: {row.schools_self_diagnosed} из {row.schools}")
    lights = {
        "roadmap": _document(row.roadmap_approved, row.roadmap_status, "нет муниципальной дорожной карты"),
        "school_roadmaps": _share(row.schools_roadmap_approved, row.schools, "согласовано"),
        "program": _share(row.schools_program_approved, row.schools, "согласовано"),
        **_work(row),
        "evaluation": evaluation,
        "self_diagnosis": self_diagnosis,
    }
    return {**lights, "overall": worst(lights.values())}


def worst(lights: Iterable[Light]) -> Light:
    found = list(lights)
    bad = max(found, key=lambda light: light.rank)
    problems = sum(light.colour == "red" for light in found)
    if bad.colour == "red":
        return Light("red", f"проблем: {problems}")
    if bad.colour == "yellow":
        return Light("yellow", "требует внимания")
    return Light(bad.colour, "всё в норме" if bad.colour == "green" else "нет данных")


SORTS = ("name", "overall", "roadmap", "program", "school_roadmaps", "overdue", "meetings", "evaluation",
         "self_diagnosis")


def sort_rows(rows: list[tuple[str, dict[str, Light]]], by: str) -> list[tuple[str, dict[str, Light]]]:
    """(name, lights) rows: by name, or by a light — the worst first (by the overall light: the more problems, the
    earlier), then by name."""
    if by == "name" or by not in SORTS:
        return sorted(rows, key=lambda r: r[0].lower())

    def weight(lights: dict[str, Light]) -> tuple[int, int]:
        rank = lights[by].rank if by in lights else -1
        troubles = sum(light.rank for key, light in lights.items() if key != "overall") if by == "overall" else 0
        return -rank, -troubles

    return sorted(rows, key=lambda r: (*weight(r[1]), r[0].lower()))
