"""Demo guardians carry correctly spelt Russian surnames (issue 10 item 19: «Волковаа», «Соколоваа»)."""

from __future__ import annotations

import pytest

from gateway.demo import PEOPLE, feminine_surname, guardian_name


@pytest.mark.parametrize(("surname", "feminine"), [
    ("Волков", "Волкова"), ("Соколова", "Соколова"), ("Лебедев", "Лебедева"), ("Кузьмин", "Кузьмина"),
    ("Птицын", "Птицына"), ("Королёв", "Королёва"), ("Достоевский", "Достоевская"), ("Толстой", "Толстая"),
    ("Белый", "Белая"), ("Орлова", "Орлова"), ("Бондаренко", "Бондаренко"), ("Шевчук", "Шевчук"),
    ("Дурново", "Дурново"), ("Гусейн", "Гусейн"), ("Лаврова-Сидорова", "Лаврова-Сидорова"),
])
def test_a_feminine_surname_is_derived_by_the_russian_rules(surname: str, feminine: str) -> None:
    assert feminine_surname(surname) == feminine


def test_no_demo_guardian_has_a_misspelt_surname() -> None:
    students = [last for people in PEOPLE.values() for kind, last, *_ in people if kind == "student"]
    assert students
    for last in students:
        name = guardian_name(last)
        assert not name.split()[0].endswith("аа"), name
        assert name.split()[0] == feminine_surname(last)
