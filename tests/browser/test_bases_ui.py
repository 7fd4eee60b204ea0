"""In headless Chromium: a curator uploads a list of students, sees the invalid row in the preview, confirms, then
finds an imported student, records the guardian's consent and adds the student to the mentee base."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from tests.browser.test_ui import _sign_in

pytestmark = pytest.mark.browser

HEADER = "Идентификатор;Фамилия;Имя;Отчество;Дата рождения;Класс;Законный представитель;Контакт представителя"


def _letters(n: int = 5) -> str:
    return "".join(random.choice("абвгдежзиклмнопрстуфхцчшэюя") for _ in range(n))


def test_curator_imports_students_and_takes_one_into_the_mentee_base(browser, stack, tenants, tmp_path) -> None:
    tail, born = _letters(), date.today().year - 12
    surname = f"Загрузкина{tail}"
    rows = [f"ЛД-{tail}-1;{surname};Мария;Сергеевна;14.03.{born};6Б;{surname} Елена Петровна;+7 912 345-67-89",
            f"ЛД-{tail}-2;Загрузкин{tail};Пётр;;02.11.{born};6Б;Загрузкин Олег Иванович;",
            f"ЛД-{tail}-3;Загрузкова{tail};Анна;Ильинична;21.05.{born - 1};7А;;",
            f"ЛД-{tail}-4;Ошибкин{tail};Иван;;31.02.{born};6Б;;"]  # row 5: there is no 31 February
    upload = tmp_path / "students.csv"
    upload.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")

    page = _sign_in(browser, stack, tenants.curator_a)
    page.wait_for_url(f"{stack.gateway_url}/")  # «На сегодня»
    page.get_by_role("link", name="Загрузка", exact=True).click()
    page.wait_for_url("**/school/imports")
    page.get_by_label("Кого загружаете").select_option("students")
    page.get_by_label("Файл XLSX или CSV").set_input_files(str(upload))
    page.get_by_role("button", name="Загрузить и проверить").click()

    confirm = page.get_by_role("button", name=re.compile(r"^Записать 3 строк"))
    confirm.wait_for(timeout=30_000)  # the page refreshes itself while the file is being checked
    invalid = page.locator("#row-errors tbody tr", has_text="Дата рождения")
    assert invalid.count() == 1 and invalid.locator("td").first.inner_text() == "5"
    assert page.locator("#to-create").inner_text() == "3"
    page.screenshot(path=str(tmp_path / "import-preview.png"), full_page=True)
    confirm.click()
    page.get_by_text("Добавлено 3").wait_for(timeout=30_000)

    page.get_by_role("link", name="Люди").click()
    page.locator("form[role=search]").get_by_label("Поиск").fill(surname)
    page.get_by_role("button", name="Найти").click()
    page.get_by_role("link", name=f"{surname} Мария Сергеевна").click()
    page.wait_for_url("**/school/persons/*")
    assert page.get_by_label("Кто дал согласие").input_value() == "guardian", "a minor: the guardian gives consent"
    assert page.get_by_label("ФИО давшего согласие").input_value() == f"{surname} Елена Петровна"
    page.get_by_role("button", name="Внести согласие").click()
    assert page.get_by_role("status").inner_text() == "Согласие внесено"
    assert "Законный представитель" in page.locator("#consents tbody").inner_text()

    page.get_by_label("Проявляет выдающиеся способности").check()
    page.get_by_label("Примечание").fill("Победитель школьной олимпиады по математике")
    page.get_by_role("button", name="Добавить в базу наставляемых").click()
    assert page.get_by_role("status").inner_text() == "Добавлен(а) в базу наставляемых"
    assert "Проявляет выдающиеся способности" in page.locator("#mentee-categories").inner_text()
    assert page.get_by_role("heading", name="Новый запрос").is_visible()
    page.screenshot(path=str(tmp_path / "mentee-card.png"), full_page=True)
