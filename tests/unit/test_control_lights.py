"""The traffic lights of the control page (issue 15 item 2): every rule of ``control_lights`` on hand-made rows."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from gateway.domain.control_lights import RANK, municipality_lights, school_lights, sort_rows, work_lights, worst
from reporting.domain.control_rows import ControlRow, MunicipalState, per_municipality, school_row

GOOD = ControlRow("o1", "Школа № 1", "m1", "Прокопьевский МО", roadmap_status="approved",
                  program_status="approved", roadmap_approved=True, program_approved=True, items_total=10,
                  active_pairs=8, evaluation_level="optimal", evaluation_total=16, self_diagnosed=True,
                  self_diagnosis_score=12, self_diagnosis_max=13)


def test_a_school_with_everything_in_place_is_green_and_says_so_in_words() -> None:
    lights = school_lights(GOOD)
    assert {k: v.colour for k, v in lights.items()} == dict.fromkeys(lights, "green")
    assert lights["overall"].text == "всё в норме"
    assert lights["self_diagnosis"].text == "пройдена: 12 из 13"
    assert lights["evaluation"].text == "оптимальный уровень, 16 из 18 баллов"


def test_each_problem_of_a_school_turns_its_own_light() -> None:
    bad = replace(GOOD, roadmap_status="", roadmap_approved=False, program_status="returned",
                  program_approved=False, items_overdue=3, pairs_without_meetings=3, evaluation_level="unacceptable",
                  evaluation_total=5, self_diagnosed=False)
    lights = school_lights(bad)
    assert (lights["roadmap"].colour, lights["roadmap"].text) == ("red", "нет дорожной карты")
    assert (lights["program"].colour, lights["program"].text) == ("yellow", "возвращено на доработку")
    assert (lights["overdue"].colour, lights["overdue"].text) == ("red", "просрочено пунктов: 3")
    assert (lights["meetings"].colour, lights["meetings"].text) == ("red", "без встреч 3 из 8 пар")
    assert lights["evaluation"].colour == "red" and lights["self_diagnosis"].colour == "red"
    assert (lights["overall"].colour, lights["overall"].text) == ("red", "проблем: 5")


def test_thresholds_of_overdue_items_and_of_pairs_without_meetings() -> None:
    assert school_lights(replace(GOOD, items_overdue=2))["overdue"].colour == "yellow"
    assert school_lights(replace(GOOD, pairs_without_meetings=2))["meetings"].colour == "yellow", "2 of 8 is 25 %"
    assert school_lights(replace(GOOD, active_pairs=0))["meetings"].text == "нет действующих пар"
    assert school_lights(replace(GOOD, evaluation_level=""))["evaluation"].colour == "grey"
    draft_after_approval = school_lights(replace(GOOD, roadmap_status="draft"))["roadmap"]
    assert draft_after_approval.colour == "green" and "черновик" in draft_after_approval.text


def test_a_municipality_is_judged_by_its_own_roadmap_and_the_shares_of_its_schools() -> None:
    weak = replace(GOOD, unit_id="o2", roadmap_approved=False, roadmap_status="submitted", program_approved=False,
                   program_status="", evaluation_level="unacceptable", self_diagnosed=False, items_overdue=1)
    rows = per_municipality([GOOD, weak, replace(GOOD, unit_id="o3")],
                            {"m1": MunicipalState("approved", True, 5, 0, True, 10, 12)})
    assert len(rows) == 1 and rows[0].schools == 3 and rows[0].items_overdue == 1
    lights = municipality_lights(rows[0])
    assert (lights["school_roadmaps"].colour, lights["school_roadmaps"].text) == ("yellow", "согласовано: 2 из 3")
    assert lights["evaluation"].text == "недопустимый уровень у школ: 1" and lights["evaluation"].colour == "red"
    assert (lights["self_diagnosis"].colour, lights["self_diagnosis"].text) == ("yellow", "пройдена; школ: 2 из 3")
    alone = per_municipality([weak], {})[0]
    assert municipality_lights(alone)["roadmap"].text == "нет муниципальной дорожной карты"
    assert municipality_lights(alone)["program"].colour == "red"


def test_sorting_puts_the_worst_first_then_by_name() -> None:
    rows = [(name, school_lights(r)) for name, r in (
        ("Б", GOOD), ("А", replace(GOOD, self_diagnosed=False)), ("В", replace(GOOD, items_overdue=1)))]
    assert [n for n, _ in sort_rows(rows, "overall")] == ["А", "В", "Б"]
    assert [n for n, _ in sort_rows(rows, "name")] == ["А", "Б", "В"]
    assert [n for n, _ in sort_rows(rows, "overdue")] == ["В", "А", "Б"]
    assert [n for n, _ in sort_rows(rows, "unknown")] == ["А", "Б", "В"]
    worse = ("Я", school_lights(replace(GOOD, self_diagnosed=False, items_overdue=5)))
    assert [n for n, _ in sort_rows([*rows, worse], "overall")][:2] == ["Я", "А"], "two problems before one"


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 10), st.booleans(),
       st.sampled_from(["", "optimal", "acceptable", "unacceptable"]))
def test_the_overall_light_is_never_better_than_any_light(active: int, without: int, overdue: int, diagnosed: bool,
                                                         level: str) -> None:
    row = school_row(replace(GOOD, active_pairs=active, pairs_without_meetings=min(without, active),
                             items_overdue=overdue, self_diagnosed=diagnosed, evaluation_level=level))
    lights = school_lights(row)
    assert lights["overall"].rank == max(light.rank for key, light in lights.items() if key != "overall")
    assert all(light.text for light in lights.values()), "a light always says in words what its colour means"
    assert worst(lights.values()).colour in RANK


def test_the_drill_down_and_the_control_page_judge_a_school_by_one_rule() -> None:
    """ADR 022 addendum: the drill-down's light of a school is the worst of the control page's «overdue» and
    «meetings» lights — the same thresholds, the same words."""
    cases = [(0, 8, 0, "green"), (1, 8, 0, "yellow"), (3, 8, 0, "red"), (0, 8, 2, "yellow"), (0, 8, 3, "red"),
             (0, 0, 0, "yellow"), (1, 1, 1, "red")]
    for overdue, active, without, colour in cases:
        row = replace(GOOD, items_overdue=overdue, active_pairs=active, pairs_without_meetings=without)
        control = school_lights(row)
        work = work_lights(overdue, active, without)
        assert (work["overdue"], work["meetings"]) == (control["overdue"], control["meetings"])
        assert work["overall"].colour == colour, (overdue, active, without)
    assert work_lights(1, 1, 1)["overall"].text == "проблем: 1"
