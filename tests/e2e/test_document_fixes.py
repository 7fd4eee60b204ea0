"""Issue 10, items 1-3, on school Б's roadmap (municipality 2): submitting from the page keeps what was typed,
the DOCX export prints the approval block only over the approved version, and the «Ждут решения» count follows
every submission, approval and return. The tests run in file order on one roadmap."""

from __future__ import annotations

import html
import io
from html.parser import HTMLParser

import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_pages import _sign_in
from tests.support import Api, wait_until


class _EditorForm(HTMLParser):
    """The fields of the page's editor form, as a browser would send them (without the submit buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self._inside = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._inside = a.get("id") == "editor"
        elif self._inside and tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif self._inside and tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False


def _editor_fields(page: str) -> dict[str, str]:
    parser = _EditorForm()
    parser.feed(page)
    assert parser.fields, "no editor form on the page"
    return parser.fields


def _ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture(scope="module")
def school_b(stack, tenants):  # type: ignore[no-untyped-def]
    api = Api(stack.gateway_url).login(tenants.curator_b, PASSWORD)
    page = _sign_in(stack, tenants.curator_b)
    municipality = Api(stack.gateway_url).login(tenants.mun_2, PASSWORD)
    region = Api(stack.gateway_url).login(tenants.region_op, PASSWORD)
    found = _ok(api.get("/api/v1/documents", params={"kind": "roadmap"}))
    doc = found[0] if found else _ok(api.post("/api/v1/documents", json={"kind": "roadmap"}))
    yield {"api": api, "page": page, "municipality": municipality, "region": region, "id": doc["id"]}
    for client in (api, page, municipality, region):
        client.close()


def test_submitting_from_the_page_saves_what_was_typed_first(school_b) -> None:
    page, api, doc_id = school_b["page"], school_b["api"], school_b["id"]
    opened = page.get(f"/documents/{doc_id}")
    assert opened.status_code == 200
    fields = _editor_fields(opened.text)
    doc = _ok(api.get(f"/api/v1/documents/{doc_id}"))
    assert doc["status"] == "draft"
    item = doc["content"]["stages"][1]["items"][0]
    fields[f"item-{item['id']}-period"] = "до 15 ноября"
    fields[f"item-{item['id']}-due_on"] = "2030-11-15"
    fields[f"item-{item['id']}-result"] = "Приказ о закреплении наставников"

    # Someone else saved in between: the submission is refused in Russian, and what was typed is on the page.
    stale = dict(fields, action="submit", revision=str(int(fields["revision"]) - 1 or 999_999))
    refused = page.post(f"/documents/{doc_id}", data=stale)
    assert refused.status_code == 409, refused.text[:500]
    assert "изменён другим пользователем" in html.unescape(refused.text)
    assert "Приказ о закреплении наставников" in html.unescape(refused.text)
    assert _ok(api.get(f"/api/v1/documents/{doc_id}"))["status"] == "draft"

    sent = page.post(f"/documents/{doc_id}", data=dict(fields, action="submit"))
    assert sent.status_code == 303, sent.text[:500]
    submitted = _ok(api.get(f"/api/v1/documents/{doc_id}"))
    assert submitted["status"] == "submitted"
    kept = submitted["content"]["stages"][1]["items"][0]
    assert (kept["period"], kept["due_on"], kept["result"]) == (
        "до 15 ноября", "2030-11-15", "Приказ о закреплении наставников")


def _waiting(client: Api, unit_id: str, grouping: str | None = None) -> int:
    rows = _ok(client.get("/api/v1/indicators/documents", params={"grouping": grouping} if grouping else None))
    return next((int(r["awaiting_decision"]) for r in rows["rows"] if r["unit_id"] == unit_id), -1)


def test_waiting_count_follows_submission_return_and_approval(school_b, tenants) -> None:
    api, municipality, region, doc_id = school_b["api"], school_b["municipality"], school_b["region"], school_b["id"]
    doc = _ok(api.get(f"/api/v1/documents/{doc_id}"))
    assert doc["status"] == "submitted", "the school has only this roadmap, no program"

    def counts(expected: int) -> bool:
        return _waiting(municipality, tenants.school_b) == expected \
            and _waiting(region, tenants.m2_id, "municipality") == expected

    wait_until(lambda: counts(1), timeout=15, what="the submitted roadmap waiting in the municipality and region")
    returned = _ok(municipality.post(f"/api/v1/documents/{doc_id}/return", json={
        "revision": doc["revision"], "comments": [{"item_ref": "", "text": "Уточните сроки"}]}))
    wait_until(lambda: counts(0), timeout=15, what="the returned roadmap no longer waiting")
    again = _ok(api.post(f"/api/v1/documents/{doc_id}/submit", json={"revision": returned["revision"]}))
    wait_until(lambda: counts(1), timeout=15, what="the resubmitted roadmap waiting again")
    _ok(municipality.post(f"/api/v1/documents/{doc_id}/approve", json={"revision": again["revision"]}))
    wait_until(lambda: counts(0), timeout=15, what="the approved roadmap no longer waiting")


def _docx_text(content: bytes) -> tuple[str, list[str]]:
    import docx

    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs), \
        [c.text for t in document.tables for row in t.rows for c in row.cells]


def test_export_prints_the_approved_version_under_the_approval_and_marks_a_draft(school_b) -> None:
    api, doc_id = school_b["api"], school_b["id"]
    approved = _ok(api.get(f"/api/v1/documents/{doc_id}"))
    assert approved["status"] == "approved"
    content = approved["content"]
    content["stages"][1]["items"][0]["due_on"] = "2031-01-20"
    content["stages"][1]["items"][0]["period"] = "черновой срок"
    draft = _ok(api.put(f"/api/v1/documents/{doc_id}/draft", json={
        "revision": approved["revision"], "title": approved["title"], "content": content}))
    assert (draft["status"], draft["version"], draft["approved_version"]) == (
        "draft", approved["version"] + 1, approved["version"])

    response = api.get(f"/api/v1/documents/{doc_id}/export.docx")
    assert response.status_code == 200
    text, cells = _docx_text(response.content)
    assert "СОГЛАСОВАНО" in cells[0] and "Муниципальный куратор" in cells[0]
    assert f"Редакция {approved['version']}" in text
    assert not any("2031-01-20" in c or "черновой срок" in c for c in cells), "the draft under «СОГЛАСОВАНО»"
    assert any("до 15 ноября (до 2030-11-15)" in c for c in cells)

    as_draft = api.get(f"/api/v1/documents/{doc_id}/export.docx", params={"version": draft["version"]})
    assert as_draft.status_code == 200
    text, cells = _docx_text(as_draft.content)
    assert "СОГЛАСОВАНО" not in "\n".join([text, *cells])
    assert "ПРОЕКТ (не согласован)" in "\n".join([text, *cells])
    assert f"Редакция {draft['version']}" in text
    assert any("черновой срок (до 2031-01-20)" in c for c in cells)
