"""The first logins of a new region and its roster, through the gateway: REST, the page, the region's bounds."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.support import Api

HEADER = ("Организация", "Вид", "Муниципалитет", "ФИО первого куратора", "E-mail")


def _xlsx(rows: list[tuple[str, ...]], header: tuple[str, ...] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _new_region(admin: Api) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:8]
    response = admin.post("/api/v1/regions", json={"name": f"Новая область {tag}", "code": f"new-{tag}"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _upload(client: Api, content: bytes, region_id: str = "") -> Any:
    return client.post("/api/v1/rosters", data={"region_id": region_id} if region_id else {},
                       files={"file": ("реестр.xlsx", content, "application/octet-stream")})


def _structure(client: Api, region_id: str) -> tuple[set[str], set[tuple[str, str]]]:
    municipalities = client.get("/api/v1/municipalities", params={"region_id": region_id}).json()
    orgs = {(m["name"], o["name"]) for m in municipalities
            for o in client.get("/api/v1/organisations", params={"municipality_id": m["id"]}).json()}
    return {m["name"] for m in municipalities}, orgs


def test_admin_creates_the_first_logins_of_a_region_and_each_signs_in_within_its_tenant(
        stack, tenants, login: Callable[..., Api]) -> None:  # type: ignore[no-untyped-def]
    admin = login(tenants.admin)
    region = _new_region(admin)
    tag = uuid.uuid4().hex[:6]
    municipality = admin.post("/api/v1/municipalities", json={"region_id": region["id"], "name": f"Округ {tag}",
                                                               "code": f"okr-{tag}"}).json()
    school = admin.post("/api/v1/organisations", json={"municipality_id": municipality["id"], "name": f"Школа {tag}",
                                                        "kind": "school", "code": f"sch-{tag}"}).json()
    created = {}
    for role, target in (("regional_operator", region["id"]), ("municipal_curator", municipality["id"]),
                         ("school_curator", school["id"])):
        response = admin.post("/api/v1/first-logins", json={
            "role": role, "target_id": target, "display_name": "Смирнова Ольга Ивановна",
            "email": f"{role.replace('_', '.')}.{tag}@region.example"})
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["role"] == role and body["one_time_password"] and body["identity_provider"] == "local"
        created[role] = body
    # The one-time password is in that answer only: the staff list of the school never shows it.
    curator = Api(stack.gateway_url).login(created["school_curator"]["username"],
                                           created["school_curator"]["one_time_password"])
    me = curator.get("/api/v1/auth/me").json()["user"]
    assert me["org_id"] == school["id"] and me["region_id"] == region["id"]
    assert [o["id"] for o in curator.get("/api/v1/organisations").json()] == [school["id"]]
    staff = curator.get("/api/v1/staff-accounts").json()
    assert [a["username"] for a in staff] == [created["school_curator"]["username"]]
    assert all(a["one_time_password"] is None for a in staff)
    operator = Api(stack.gateway_url).login(created["regional_operator"]["username"],
                                            created["regional_operator"]["one_time_password"])
    assert operator.get("/api/v1/auth/me").json()["user"]["region_id"] == region["id"]
    mun = Api(stack.gateway_url).login(created["municipal_curator"]["username"],
                                       created["municipal_curator"]["one_time_password"])
    assert mun.get("/api/v1/auth/me").json()["user"]["municipality_id"] == municipality["id"]
    for client in (curator, operator, mun):
        client.close()


def test_first_login_input_is_checked_and_taken_logins_conflict(tenants, login: Callable[..., Api]) -> None:
    admin = login(tenants.admin)
    bad = admin.post("/api/v1/first-logins", json={"role": "mentor", "target_id": "nope", "display_name": " ",
                                                   "email": "not-an-email"})
    assert bad.status_code == 422
    fields = {p["field"] for p in bad.json()["errors"]}
    assert {"role", "target_id", "display_name", "email"} <= fields
    body = {"role": "school_director", "target_id": tenants.school_c, "display_name": "Орлов Пётр",
            "email": "orlov@school.example", "username": f"orlov-{uuid.uuid4().hex[:6]}"}
    assert admin.post("/api/v1/first-logins", json=body).status_code == 201
    assert admin.post("/api/v1/first-logins", json=body).status_code == 409
    missing = admin.post("/api/v1/first-logins", json={**body, "username": "",
                                                       "target_id": str(uuid.uuid4())})
    assert missing.status_code == 404


def test_regional_operator_creates_logins_in_its_own_region_only(tenants, login: Callable[..., Api]) -> None:
    admin, operator = login(tenants.admin), login(tenants.region_op)
    other = _new_region(admin)
    tag = uuid.uuid4().hex[:6]
    other_m = admin.post("/api/v1/municipalities", json={"region_id": other["id"], "name": f"Чужой округ {tag}",
                                                          "code": f"alien-{tag}"}).json()
    other_school = admin.post("/api/v1/organisations", json={
        "municipality_id": other_m["id"], "name": f"Чужая школа {tag}", "kind": "school",
        "code": f"alien-s-{tag}"}).json()
    person = {"display_name": "Кузнецов Илья", "email": f"kuz-{tag}@region.example"}
    for role, target in (("school_curator", other_school["id"]), ("municipal_curator", other_m["id"]),
                         ("regional_operator", other["id"])):
        response = operator.post("/api/v1/first-logins", json={"role": role, "target_id": target, **person})
        assert response.status_code == 403, (role, response.text)
    assert _upload(operator, _xlsx([("Школа 1", "школа", "Округ", "Иванов Иван", "i@x.example")]),
                   other["id"]).status_code == 403
    assert _structure(admin, other["id"]) == ({other_m["name"]}, {(other_m["name"], other_school["name"])})
    own = operator.post("/api/v1/first-logins", json={"role": "school_curator", "target_id": tenants.school_c,
                                                       **person})
    assert own.status_code == 201, own.text
    mun = operator.post("/api/v1/first-logins", json={"role": "municipal_curator", "target_id": tenants.m2_id,
                                                       "display_name": "Лебедева Анна",
                                                       "email": f"leb-{tag}@region.example"})
    assert mun.status_code == 201, mun.text


def test_a_roster_with_bad_rows_lists_each_and_writes_nothing(tenants, login: Callable[..., Api]) -> None:
    admin = login(tenants.admin)
    region = _new_region(admin)
    rows = [
        ("Школа № 1", "Общеобразовательная организация", "Северный округ", "Иванова Мария", "ivanova@s1.example"),
        ("", "школа", "Северный округ", "Петров Пётр", "petrov@s2.example"),             # 3: no name
        ("Колледж", "университет", "Северный округ", "Сидоров Олег", "sidorov@c.example"),  # 4: kind
        ("Школа № 3", "школа", "Южный округ", "Кузнецова Анна", "not-an-email"),           # 5: e-mail
        ("школа  №  1", "школа", "северный округ", "Орлова Вера", "orlova@s1.example"),    # 6: same as row 2
        ("Школа № 4", "школа", "Южный округ", "", "ivanova@s1.example"),                  # 7: no curator, e-mail dup
    ]
    response = _upload(admin, _xlsx(rows), region["id"])
    assert response.status_code == 201, response.text
    preview = response.json()
    assert preview["status"] == "preview" and preview["problem_rows"] == 5
    found = {(p["row"], p["column"]) for p in preview["problems"]}
    assert {(3, "Организация"), (4, "Вид"), (5, "E-mail"), (6, "Организация"), (7, "ФИО первого куратора"),
            (7, "E-mail")} <= found
    assert any("строку 2" in p["message"] for p in preview["problems"] if p["row"] == 6)
    refused = admin.post(f"/api/v1/rosters/{preview['id']}/confirm")
    assert refused.status_code == 422 and "Ничего не записано" in refused.text
    assert _structure(admin, region["id"]) == (set(), set())
    assert admin.get(f"/api/v1/rosters/{preview['id']}").json()["status"] == "preview"


def test_a_broken_file_or_one_without_the_columns_is_refused(tenants, login: Callable[..., Api]) -> None:
    operator = login(tenants.region_op)
    assert _upload(operator, b"not a spreadsheet").status_code == 422
    wrong = _upload(operator, _xlsx([("a", "b")], header=("Фамилия", "Имя")))
    assert wrong.status_code == 422 and "Организация" in wrong.text
    template = operator.get("/api/v1/rosters/template")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert sheet is not None
    assert [c.value.rstrip("*") for c in sheet[1]] == list(HEADER)


def test_a_300_row_roster_creates_organisations_and_curators_once(stack, tenants,
                                                                  login: Callable[..., Api]) -> None:  # type: ignore[no-untyped-def]
    admin = login(tenants.admin)
    region = _new_region(admin)
    tag = uuid.uuid4().hex[:6]
    kinds = ("школа", "СПО", "дополнительное образование")
    rows = [(f"Организация № {i}", kinds[i % 3], f"Округ {i % 12}", f"Куратор Номер {i}",
             f"cur{i}.{tag}@roster.example") for i in range(1, 321)]
    content = _xlsx(rows)
    preview = _upload(admin, content, region["id"]).json()
    assert preview["problems"] == [] and preview["organisations_new"] == 320
    assert preview["municipalities_new"] == 12 and preview["curators_new"] == 320
    assert _structure(admin, region["id"]) == (set(), set())  # a preview writes nothing
    confirmed = admin.post(f"/api/v1/rosters/{preview['id']}/confirm", timeout=120)
    assert confirmed.status_code == 200, confirmed.text
    body = confirmed.json()
    assert body["status"] == "confirmed" and body["organisations_new"] == 320
    assert all(r["one_time_password"] and r["username"] for r in body["rows"])
    assert admin.post(f"/api/v1/rosters/{preview['id']}/confirm").status_code == 409
    municipalities, orgs = _structure(admin, region["id"])
    assert len(municipalities) == 12 and len(orgs) == 320
    # A curator from the roster signs in and sees its own school only.
    first = body["rows"][0]
    curator = Api(stack.gateway_url).login(first["username"], first["one_time_password"])
    assert [o["id"] for o in curator.get("/api/v1/organisations").json()] == [first["org_id"]]
    curator.close()
    # The same file again: everything exists, nothing would be created, and confirming changes nothing.
    again = _upload(admin, content, region["id"]).json()
    assert (again["organisations_new"], again["municipalities_new"], again["curators_new"]) == (0, 0, 0)
    assert admin.post(f"/api/v1/rosters/{again['id']}/confirm").status_code == 200
    assert _structure(admin, region["id"]) == (municipalities, orgs)


def test_the_page_creates_a_first_login_and_confirms_a_roster(stack, tenants,
                                                              login: Callable[..., Api]) -> None:  # type: ignore[no-untyped-def]
    operator = login(tenants.region_op)
    page = operator.get("/onboarding")
    assert page.status_code == 200 and "первые учётные записи" in page.text and "Скачать шаблон" in page.text
    tag = uuid.uuid4().hex[:6]
    created = operator.post("/onboarding/first-login", data={
        "csrf_token": operator.csrf, "role": "school_director", "target_id": tenants.school_b,
        "display_name": "Волкова Нина Петровна", "email": f"volkova-{tag}@school.example"})
    assert created.status_code == 201 and "Временный пароль" in created.text
    password = re.search(r'id="created-password">([^<]+)<', created.text)
    username = re.search(r'id="created-username">([^<]+)<', created.text)
    assert password and username
    director = Api(stack.gateway_url).login(username.group(1), password.group(1))
    assert director.get("/api/v1/auth/me").json()["user"]["org_id"] == tenants.school_b
    director.close()
    refused = operator.post("/onboarding/first-login", data={"csrf_token": operator.csrf, "role": "school_curator",
                                                             "target_id": "", "display_name": "", "email": ""})
    assert refused.status_code == 422 and "Заполните ФИО" in refused.text
    content = _xlsx([(f"Гимназия {tag}", "школа", f"Новый округ {tag}", "Зайцева Ирина", f"z-{tag}@g.example")])
    upload = operator.post("/onboarding/rosters", data={"csrf_token": operator.csrf, "region_id": tenants.region_id},
                           files={"file": ("реестр.xlsx", content, "application/octet-stream")})
    assert upload.status_code == 303
    preview = operator.get(upload.headers["location"])
    assert "Пока ничего не записано" in preview.text and f"Гимназия {tag}" in preview.text
    done = operator.post(upload.headers["location"] + "/confirm", data={"csrf_token": operator.csrf})
    assert done.status_code == 200 and "Реестр подтверждён" in done.text and "Временный пароль" in done.text
