"""Issue 10, items 12 and 14, through the gateway as a browser sees it: a malformed id in any page's address is the
Russian 404 page; an oversized upload is refused in the upload form's own words («Файл больше 10 МБ»); a program
with an empty section or title is not sent; roadmap dates outside the years and impossible dates are refused with
a message; the import counts rows with errors, not errors."""

from __future__ import annotations

import html
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_document_fixes import _editor_fields
from tests.e2e.test_error_pages import BROWSER, _json, _page
from tests.e2e.test_imports import _csv, _students, _until
from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.support import Api, fresh_school_curator, unique_name

MALFORMED = "not-an-id"
GET_PAGES = ["/school/persons/{x}", "/school/imports/{x}", "/documents/{x}", "/documents/{x}/diff",
             "/school/matching/runs/{x}", "/school/pairs/{x}"]
FORM_PAGES = ["/school/persons/{x}/mentor", "/school/mentors/{x}/card", "/school/mentors/{x}/level",
              "/school/mentors/{x}/training", "/school/mentors/{x}/agreement", "/school/mentors/{x}/deactivate",
              "/school/mentees/{x}/deactivate", "/school/persons/{x}/mentee", "/school/mentees/{x}/edit",
              "/school/persons/{x}/requests", "/school/requests/{x}/status", "/school/imports/{x}/confirm",
              "/school/matching/runs/{x}/assign", "/school/matching/runs/{x}/publish", "/school/pairs/{x}/close",
              "/school/pairs/{x}/mentor-consent", "/school/persons/{x}/edit", "/school/persons/{x}/consents",
              "/school/persons/{x}/consents/{x}/withdraw"]


@pytest.fixture(scope="module")
def curator(stack, tenants):  # type: ignore[no-untyped-def]
    client = _sign_in(stack, tenants.curator_a)
    client.headers.update(BROWSER)
    yield client
    client.close()


@pytest.mark.parametrize("path", GET_PAGES)
def test_a_malformed_id_in_a_page_address_is_the_404_page(curator, path: str) -> None:
    _page(curator.get(path.format(x=MALFORMED)), 404)


def test_a_malformed_id_in_a_form_address_is_the_404_page(curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/persons").text)
    form = {"csrf_token": csrf, "reason": "проверка", "status": "withdrawn", "level": "2", "course": "Курс",
            "hours": "16", "number": "1", "agreement_date": "2026-09-01", "origin": "teacher", "capacity": "1",
            "topics": "Математика", "categories": "gifted", "consent_on": "2026-09-01", "document": "заявление",
            "purpose": "participation", "given_by": "self", "last_name": "Иванов", "first_name": "Иван",
            "run_id": MALFORMED, "request_id": MALFORMED, "mentor_id": MALFORMED, "revision": "1",
            "person_id": MALFORMED, "version": "1"}  # the forms that name their card in a hidden field
    refused = {path: curator.post(path.format(x=MALFORMED), data=form).status_code for path in FORM_PAGES}
    assert {path: code for path, code in refused.items() if code != 404} == {}


def test_an_oversized_upload_is_refused_in_the_form_s_words_on_a_page_and_in_json(stack, tenants, curator) -> None:
    csrf = _hidden_csrf(curator.get("/school/imports").text)
    form = html.unescape(curator.get("/school/imports").text)
    assert "Файл XLSX или CSV (до 10 МБ)" in form
    huge = b"x" * (11 * 1024 * 1024)
    page = curator.post("/school/imports", data={"csrf_token": csrf, "kind": "students"},
                        files={"file": ("big.csv", huge, "text/csv")})
    _page(page, 413, "Файл больше 10 МБ: разбейте список на части")
    just_over = b"x" * (10 * 1024 * 1024 + 1)  # within the envelope: the page itself refuses it, the same words
    again = curator.post("/school/imports", data={"csrf_token": csrf, "kind": "students"},
                         files={"file": ("big.csv", just_over, "text/csv")})
    assert again.status_code == 422 and "Файл больше 10 МБ: разбейте список на части" in html.unescape(again.text)
    api = Api(stack.gateway_url).login(tenants.curator_a, PASSWORD)
    body = _json(api.post("/api/v1/imports", data={"kind": "students"}, files={"file": ("big.csv", huge)}), 413)
    assert body["detail"] == "Файл больше 10 МБ: разбейте список на части"
    api.close()


def _document(api: Api, kind: str) -> dict[str, Any]:
    found = api.get("/api/v1/documents", params={"kind": kind}).json()
    doc = found[0] if found else api.post("/api/v1/documents", json={"kind": kind}).json()
    return dict(api.get(f"/api/v1/documents/{doc['id']}").json())


@pytest.fixture(scope="module")
def school_c(stack, tenants, gateway_container):  # type: ignore[no-untyped-def]
    """A school of this file's own, its curator on the page and over the API (it creates the school's documents)."""
    username = fresh_school_curator(gateway_container, PASSWORD)
    api = Api(stack.gateway_url).login(username, PASSWORD)
    page = _sign_in(stack, username)
    yield api, page
    api.close()
    page.close()


def _post_editor(page, doc_id: str, action: str, **changes: str):  # type: ignore[no-untyped-def]
    fields = _editor_fields(page.get(f"/documents/{doc_id}").text)
    return page.post(f"/documents/{doc_id}", data={**fields, **changes, "action": action})


def test_a_program_with_an_empty_section_or_title_is_not_sent_and_nothing_changes(school_c) -> None:
    api, page = school_c
    doc = _document(api, "program")
    section = doc["content"]["sections"][1]
    refused = _post_editor(page, doc["id"], "submit", **{f"section-{section['key']}": "  "})
    text = html.unescape(refused.text)
    assert refused.status_code == 422, text[-500:]
    assert f"Раздел «{section['title']}» не заполнен" in text
    after = api.get(f"/api/v1/documents/{doc['id']}").json()
    assert (after["status"], after["revision"]) == ("draft", doc["revision"]), "nothing is saved or sent"

    emptied = _post_editor(page, doc["id"], "save", title="   ")
    assert emptied.status_code == 422 and "Название документа: от 1 до 300 символов" in html.unescape(emptied.text)
    assert api.get(f"/api/v1/documents/{doc['id']}").json()["title"] == doc["title"]

    sent = _post_editor(page, doc["id"], "submit")  # as it stands, every section written: it goes
    assert sent.status_code == 303, sent.text[-300:]
    assert api.get(f"/api/v1/documents/{doc['id']}").json()["status"] == "submitted"


@pytest.mark.parametrize(("due_on", "message"), [
    ("2999-05-31", "вне лет, на которые ведётся дорожная карта (2020–2100)"),
    ("2019-09-01", "вне лет, на которые ведётся дорожная карта (2020–2100)"),
    ("2026-02-31", "такой даты не существует (2026-02-31)")])
def test_a_roadmap_date_out_of_the_years_or_impossible_is_refused(school_c, due_on: str, message: str) -> None:
    api, page = school_c
    doc = _document(api, "roadmap")
    item = doc["content"]["stages"][0]["items"][0]
    refused = _post_editor(page, doc["id"], "save", **{f"item-{item['id']}-due_on": due_on})
    assert refused.status_code == 422 and message in html.unescape(refused.text)
    stored = api.get(f"/api/v1/documents/{doc['id']}").json()
    assert stored["revision"] == doc["revision"]


def test_an_impossible_date_in_an_import_is_called_impossible_and_rows_are_counted(tenants, login, curator) -> None:
    api = login(tenants.curator_a)
    tag = unique_name("R")
    # One row with two problems (no first name, an impossible date), one with one, and two good rows.
    lines = [*_students(tag, 2), f"{tag}-b1;Петров;;;31.02.2012;5А;;", f"{tag}-b2;Сидоров;Пётр;;01.02.2014;15Я;;"]
    started = api.post("/api/v1/imports", data={"kind": "students"},
                       files={"file": ("list.csv", _csv(lines), "text/csv")})
    assert started.status_code == 202, started.text
    job = _until(api, started.json()["id"], "preview")
    assert (job["rows_invalid"], job["row_errors_total"]) == (2, 3)
    assert any("такой даты не существует (31.02.2012)" in e["message"] for e in job["row_errors"])
    page = html.unescape(curator.get(f"/school/imports/{job['id']}").text)
    assert 'Строки с ошибками: <span id="rows-with-errors">2</span>' in page
    assert "Ошибок всего: 3" in page
