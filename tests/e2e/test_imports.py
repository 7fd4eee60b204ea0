"""Bulk import through the gateway and the real import worker: preview before writing, every invalid row
reported, all-or-nothing writing, re-import updates instead of duplicating, broken files explained."""

from __future__ import annotations

import io
import os
import zipfile
from typing import Any

import openpyxl
import pytest
from sqlalchemy import create_engine, text

from tests.support import Api, unique_name, wait_until

HEADER = "Идентификатор;Фамилия;Имя;Отчество;Дата рождения;Класс;Законный представитель;Контакт представителя"


def _upload(api: Api, content: bytes, *, kind: str = "students", filename: str = "list.csv") -> Any:
    return api.post("/api/v1/imports", data={"kind": kind}, files={"file": (filename, content, "text/csv")})


def _until(api: Api, import_id: str, *statuses: str) -> dict[str, Any]:
    def reached() -> dict[str, Any] | None:
        job = api.get(f"/api/v1/imports/{import_id}").json()
        return job if job["status"] in statuses else None
    return wait_until(reached, timeout=60, interval=0.2, what=f"import {import_id} to reach {statuses}")


def _students(tag: str, rows: int, *, start: int = 0, klass: str = "5А") -> list[str]:
    return [f"{tag}-{i};{unique_name()};Ученик;;01.02.2014;{klass};Родитель Иван;+7 900 111-22-33"
            for i in range(start, start + rows)]


def _csv(lines: list[str], encoding: str = "utf-8", delimiter: str = ";") -> bytes:
    return "\n".join([HEADER, *lines]).replace(";", delimiter).encode(encoding)


def test_mixed_file_reports_every_invalid_row_and_writes_nothing_until_confirmed(tenants, login) -> None:
    curator = login(tenants.curator_a)
    tag = unique_name("M")
    good = _students(tag, 3)
    bad = [f"{tag}-b1;Петров;;;01.02.2014;5А;;", f"{tag}-b2;Сидоров;Пётр;;31.02.2014;5А;;",
           f"{tag}-b3;Смирнов;Олег;;01.02.2014;15Я;;", f"{tag}-0;Дубль;Ученик;;01.02.2014;5А;;"]
    before = curator.get("/api/v1/persons").json()["total"]
    started = _upload(curator, _csv(good + bad))
    assert started.status_code == 202, started.text
    job = _until(curator, started.json()["id"], "preview")
    assert (job["rows_total"], job["rows_valid"], job["rows_invalid"], job["to_create"]) == (7, 3, 4, 3)
    problems = {(e["row"], e["column"]) for e in job["row_errors"]}
    assert {(5, "Имя"), (6, "Дата рождения"), (7, "Класс"), (8, "Идентификатор")} <= problems
    assert any("уже встречался в строке 2" in e["message"] for e in job["row_errors"])
    assert curator.get("/api/v1/persons").json()["total"] == before, "nothing is written before confirmation"

    confirmed = curator.post(f"/api/v1/imports/{job['id']}/confirm")
    assert confirmed.status_code == 202
    done = _until(curator, job["id"], "done")
    assert (done["created"], done["updated"]) == (3, 0)
    assert curator.get("/api/v1/persons").json()["total"] == before + 3
    assert curator.post(f"/api/v1/imports/{job['id']}/confirm").status_code == 409
    assert login(tenants.curator_b).get(f"/api/v1/imports/{job['id']}").status_code == 404


def test_reimport_changes_nothing_and_a_changed_row_updates_in_place(tenants, login) -> None:
    curator = login(tenants.curator_a)
    tag = unique_name("R")
    lines = _students(tag, 5)
    first = _until(curator, _upload(curator, _csv(lines)).json()["id"], "preview")
    curator.post(f"/api/v1/imports/{first['id']}/confirm")
    _until(curator, first["id"], "done")
    total = curator.get("/api/v1/persons").json()["total"]

    again = _until(curator, _upload(curator, _csv(lines)).json()["id"], "preview")
    assert (again["unchanged"], again["to_create"], again["to_update"]) == (5, 0, 0)
    curator.post(f"/api/v1/imports/{again['id']}/confirm")
    assert _until(curator, again["id"], "done")["created"] == 0
    assert curator.get("/api/v1/persons").json()["total"] == total

    moved = [lines[0].replace(";5А;", ";6Б;"), *lines[1:]]
    changed = _until(curator, _upload(curator, _csv(moved, "cp1251", ",")).json()["id"], "preview")
    assert (changed["to_update"], changed["unchanged"]) == (1, 4)
    curator.post(f"/api/v1/imports/{changed['id']}/confirm")
    assert _until(curator, changed["id"], "done")["updated"] == 1
    found = curator.get("/api/v1/persons", params={"query": f"{tag}-0"}).json()["persons"]
    assert [p["data"]["class_name"] for p in found] == ["6Б"]
    assert curator.get("/api/v1/persons").json()["total"] == total


def test_staff_import_from_the_xlsx_template_format(tenants, login) -> None:
    curator = login(tenants.curator_a)
    template = curator.get("/api/v1/imports/template", params={"kind": "staff", "format": "xlsx"})
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    tag = unique_name("T")
    sheet.delete_rows(2, sheet.max_row)
    titles = [str(c.value).rstrip("*") for c in sheet[1]]
    values = {"Идентификатор": f"{tag}-1", "Фамилия": "Лебедева", "Имя": "Ольга", "Должность": "Учитель физики",
              "Дата приёма на работу": "01.09.2025", "Начало педагогического стажа": "01.09.2025",
              "E-mail": "olga@example.ru"}
    sheet.append([values.get(t, "") for t in titles])
    out = io.BytesIO()
    book.save(out)
    job = _until(curator, _upload(curator, out.getvalue(), kind="staff", filename="staff.xlsx").json()["id"],
                 "preview")
    assert job["to_create"] == 1, job
    curator.post(f"/api/v1/imports/{job['id']}/confirm")
    _until(curator, job["id"], "done")
    person = curator.get("/api/v1/persons", params={"query": f"{tag}-1"}).json()["persons"][0]
    assert person["young_specialist"] is True and person["data"]["email"] == "olga@example.ru"
    assert curator.get("/api/v1/imports/template", params={"kind": "students", "format": "csv"}).status_code == 200


def _zip_not_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "не таблица")
    return out.getvalue()


BROKEN = [
    (_zip_not_xlsx(), "list.xlsx", "не является таблицей XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls", "XLS"),
    ("Идентификатор;Фамилия\n1;Петров".encode(), "short.csv", "нет обязательных столбцов"),
    (HEADER.encode("utf-16"), "utf16.csv", "кодировке"),
    ("Номер;Name;Surname\n1;a;b".encode("koi8-r"), "koi8.csv", "кодировке"),
    (b"", "empty.csv", "пустой"),
    (os.urandom(10_000_000), "garbage.bin", "не распознан"),
]


@pytest.mark.parametrize(("content", "filename", "message"), BROKEN, ids=[b[1] for b in BROKEN])
def test_broken_files_get_a_clear_russian_error(tenants, login, content: bytes, filename: str, message: str) -> None:
    curator = login(tenants.curator_a)
    response = _upload(curator, content, filename=filename)
    assert response.status_code == 422, response.text[:300]
    assert message in response.json()["errors"][0]["message"]


def test_over_ten_megabytes_is_refused_before_reading(tenants, login) -> None:
    curator = login(tenants.curator_a)
    response = _upload(curator, b"x" * (12 * 1024 * 1024))
    assert response.status_code == 413 and "МБ" in response.json()["detail"]
    assert login(tenants.mun_1).get("/api/v1/imports").status_code == 403
    assert login(tenants.role_users["school_psychologist"]).post(
        "/api/v1/imports", data={"kind": "students"}, files={"file": ("a.csv", b"x")}).status_code == 403


def test_a_college_imports_its_students_by_course(gateway_container, tenants, login) -> None:
    """Issue 10 item 17: the worker checks a college's rows by «Курс» (a school's by «Класс»)."""
    import secrets

    from mentorship_kit.principal import Principal, Role, Scope

    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    tag = secrets.token_hex(4)
    mun = gateway_container.registry.create_municipality(admin, region_id=tenants.region_id, name=f"Округ {tag}",
                                                         code=f"ci-{tag}")
    college = gateway_container.registry.create_organisation(admin, municipality_id=mun.id, name=f"Колледж {tag}",
                                                             kind="college", code=f"ci-{tag}")
    gateway_container.auth.create_account(
        username=f"ci-{tag}", password="test-password-1", display_name="Куратор колледжа", role=Role.SCHOOL_CURATOR,
        org_id=college.id, municipality_id=mun.id, region_id=tenants.region_id)
    curator = login(f"ci-{tag}")
    content = "\n".join(["Идентификатор;Фамилия;Имя;Дата рождения;Курс", f"{tag}-1;Курсова;Анна;01.02.2007;2",
                         f"{tag}-2;Курсов;Иван;01.02.2007;9"]).encode()
    job = _until(curator, _upload(curator, content).json()["id"], "preview")
    assert (job["to_create"], job["rows_invalid"]) == (1, 1), job
    assert [e["column"] for e in job["row_errors"]] == ["Курс"], job["row_errors"]
    curator.post(f"/api/v1/imports/{job['id']}/confirm")
    _until(curator, job["id"], "done")
    person = curator.get("/api/v1/persons", params={"query": f"{tag}-1"}).json()["persons"][0]
    assert person["data"]["course_year"] == "2" and person["data"]["class_name"] == ""


def test_a_confirmed_import_is_announced_per_chunk_and_counted_per_person(stack, tenants, login) -> None:
    """1,500 people are two people_imported events (1,000 + 500), not 1,500 person events (ADR 027): no names in
    them, and reporting counts every person of both."""
    curator = login(tenants.curator_a)
    tag = unique_name("B")
    job = _until(curator, _upload(curator, _csv(_students(tag, 1500))).json()["id"], "preview")
    curator.post(f"/api/v1/imports/{job['id']}/confirm")
    assert _until(curator, job["id"], "done")["created"] == 1500
    registry = create_engine(stack.databases["registry"].admin_url)
    reporting = create_engine(stack.databases["reporting"].admin_url)
    try:
        with registry.connect() as conn:
            found = [r[0] for r in conn.execute(text(
                "SELECT envelope FROM outbox WHERE envelope->>'subject' = :s ORDER BY id"),
                {"s": f"imports/{job['id']}"})]
            people = [str(r[0]) for r in conn.execute(text(
                "SELECT id FROM persons WHERE external_key LIKE :k"), {"k": f"{tag}-%"})]
        assert [e["type"] for e in found] == ["mentorship.registry.people_imported.v1"] * 2
        assert [len(e["data"]["people"]) for e in found] == [1000, 500]
        assert {p["person_id"] for e in found for p in e["data"]["people"]} == set(people)
        assert all(e["org_id"] == tenants.school_a for e in found)
        assert "Ученик" not in str(found) and "Родитель" not in str(found), "counts and ids only, never names"

        def counted() -> int | None:
            with reporting.connect() as conn:
                n = conn.execute(text(
                    "SELECT count(*) FROM participant_states WHERE entity_kind = 'person' AND version = 1 "
                    "AND 'person.student' = ANY(facets) AND entity_id = ANY(CAST(:ids AS uuid[]))"),
                    {"ids": people}).scalar_one()
            return int(n) if n == 1500 else None

        assert wait_until(counted, timeout=60, what="every imported person in reporting's states") == 1500
    finally:
        registry.dispose()
        reporting.dispose()


def test_a_status_request_waits_for_the_import_to_move_on(tenants, login) -> None:
    """``wait`` with ``known_status``: the answer comes when the status changes — one request for the whole check and
    one for the whole write — or after the bound, unchanged; a bound past 25 s or an unknown status is refused."""
    curator = login(tenants.curator_a)
    started = _upload(curator, _csv(_students(unique_name("W"), 40)))
    assert started.status_code == 202, started.text
    job = started.json()
    requests = 0
    while job["status"] == "checking":
        requests += 1
        assert requests <= 4, "one waiting request covers a check of 40 rows"
        job = curator.get(f"/api/v1/imports/{job['id'].upper()}",  # an id as a script may spell it
                          params={"wait": 25, "known_status": "checking"}).json()
    assert (job["status"], job["rows_valid"]) == ("preview", 40)

    unchanged = curator.get(f"/api/v1/imports/{job['id']}", params={"wait": 1, "known_status": "preview"})
    assert (unchanged.status_code, unchanged.json()["status"]) == (200, "preview")

    assert curator.post(f"/api/v1/imports/{job['id']}/confirm").status_code == 202
    done = curator.get(f"/api/v1/imports/{job['id']}", params={"wait": 25, "known_status": "committing"}).json()
    if done["status"] == "committing":  # the bound passed on a busy machine: one more wait
        done = curator.get(f"/api/v1/imports/{job['id']}", params={"wait": 25, "known_status": "committing"}).json()
    assert (done["status"], done["created"]) == ("done", 40)

    too_long = curator.get(f"/api/v1/imports/{job['id']}", params={"wait": 26, "known_status": "done"})
    unknown = curator.get(f"/api/v1/imports/{job['id']}", params={"wait": 5, "known_status": "готово"})
    assert (too_long.status_code, unknown.status_code) == (422, 422)
    assert "wait" in too_long.text and "known_status" in unknown.text
    assert login(tenants.curator_b).get(f"/api/v1/imports/{job['id']}",
                                        params={"wait": 1, "known_status": "done"}).status_code == 404
