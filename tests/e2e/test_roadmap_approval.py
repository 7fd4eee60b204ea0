"""The school's roadmap through the gateway: submit → return with comments → revise → approve, with the
right people seeing the right inboxes, versions and differences kept, and no lost update."""

from __future__ import annotations

import pytest

from tests.support import Api


@pytest.fixture(scope="module")
def people(stack, tenants):  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD

    logins = {name: Api(stack.gateway_url).login(username, PASSWORD) for name, username in {
        "curator": tenants.curator_a, "curator_again": tenants.curator_a, "other_school": tenants.curator_b,
        "municipality": tenants.mun_1, "other_municipality": tenants.mun_2, "region": tenants.region_op,
        "director": tenants.role_users["school_director"]}.items()}
    yield logins
    for client in logins.values():
        client.close()


def _ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_submit_return_revise_approve_cycle(people, tenants) -> None:
    curator, municipality = people["curator"], people["municipality"]
    doc = _ok(curator.post("/api/v1/documents", json={"kind": "roadmap"}))
    assert (doc["status"], doc["version"], doc["owner_level"]) == ("draft", 1, "school")
    assert [s["number"] for s in doc["content"]["stages"]] == [1, 2, 3, 4, 5, 6, 7]
    assert curator.post("/api/v1/documents", json={"kind": "roadmap"}).status_code == 409

    doc = _ok(curator.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
    assert doc["status"] == "submitted"
    waiting = [e for e in _ok(municipality.get("/api/v1/documents/inbox")) if e["document"]["id"] == doc["id"]]
    assert waiting and waiting[0]["waiting_seconds"] >= 0
    assert all(e["document"]["id"] != doc["id"] for e in _ok(people["other_municipality"].get(
        "/api/v1/documents/inbox")))
    assert people["other_municipality"].get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert people["other_school"].get(f"/api/v1/documents/{doc['id']}").status_code == 404
    assert curator.get("/api/v1/documents/inbox").status_code == 403
    own_approval = curator.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]})
    assert own_approval.status_code == 403

    item = doc["content"]["stages"][2]["items"][0]
    returned = _ok(municipality.post(f"/api/v1/documents/{doc['id']}/return", json={
        "revision": doc["revision"], "comments": [{"item_ref": item["id"], "text": "Уточните сроки отбора"}]}))
    assert returned["status"] == "returned"
    seen = _ok(curator.get(f"/api/v1/documents/{doc['id']}"))
    assert [(c["item_ref"], c["text"]) for c in seen["comments"]] == [(item["id"], "Уточните сроки отбора")]

    content = seen["content"]
    content["stages"][2]["items"][0]["period"] = "октябрь"
    content["stages"][2]["items"][0]["due_on"] = "2099-10-31"
    revised = _ok(curator.put(f"/api/v1/documents/{doc['id']}/draft", json={
        "revision": seen["revision"], "title": seen["title"], "content": content}))
    assert (revised["status"], revised["version"]) == ("draft", 2)
    assert _ok(curator.get(f"/api/v1/documents/{doc['id']}"))["comments"], "comments stay visible while revising"
    revised = _ok(curator.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": revised["revision"]}))

    changes = _ok(municipality.get(f"/api/v1/documents/{doc['id']}/diff",
                                   params={"from_version": 1, "to_version": 2}))
    assert {"kind": "changed", "where": "Этап 3, п. 1", "field": "period", "item_ref": item["id"],
            "before": item["period"], "after": "октябрь"} in changes

    approved = _ok(municipality.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": revised["revision"]}))
    assert (approved["status"], approved["approved_version"]) == ("approved", 2)
    assert approved["approval"]["approver_position"] == "Муниципальный куратор"

    history = _ok(curator.get(f"/api/v1/documents/{doc['id']}/history"))
    steps = [(t["from_status"], t["to_status"], t["version"]) for t in history["transitions"]]
    assert steps == [("draft", "submitted", 1), ("submitted", "returned", 1), ("draft", "submitted", 2),
                     ("submitted", "approved", 2)]
    assert all(t["actor_name"] and t["at"] for t in history["transitions"])

    # An approved version is never edited in place: editing opens version 3, version 2 stays approved.
    edited = _ok(curator.put(f"/api/v1/documents/{doc['id']}/draft", json={
        "revision": approved["revision"], "title": "Новая редакция", "content": approved["content"]}))
    assert (edited["status"], edited["version"], edited["approved_version"]) == ("draft", 3, 2)
    kept = _ok(curator.get(f"/api/v1/documents/{doc['id']}", params={"version": 2}))
    assert kept["content"]["stages"][2]["items"][0]["period"] == "октябрь"
    versions = _ok(curator.get(f"/api/v1/documents/{doc['id']}/versions"))
    assert [(v["version"], v["status"]) for v in versions] == [(1, "returned"), (2, "approved"), (3, "draft")]

    # The region reads every document of its schools.
    assert _ok(people["region"].get(f"/api/v1/documents/{doc['id']}"))["owner_name"]

    # Progress on the approved roadmap: done needs evidence.
    target = approved["content"]["stages"][0]["items"][0]["id"]
    bare = curator.post(f"/api/v1/documents/{doc['id']}/progress", json={"item_id": target, "progress": "done"})
    assert bare.status_code == 422 and "подтверждение" in bare.json()["detail"]
    marked = _ok(curator.post(f"/api/v1/documents/{doc['id']}/progress", json={
        "item_id": target, "progress": "done", "evidence": "Приказ № 15 от 01.09"}))
    assert marked["content"]["stages"][0]["items"][0]["progress"] == "done"


def test_two_curators_editing_one_draft_the_second_save_is_refused(people) -> None:
    first, second = people["curator"], people["curator_again"]
    program = _ok(first.post("/api/v1/documents", json={"kind": "program"}))
    a = _ok(first.get(f"/api/v1/documents/{program['id']}"))
    b = _ok(second.get(f"/api/v1/documents/{program['id']}"))
    a["content"]["sections"][0]["text"] = "Правка первого куратора"
    b["content"]["sections"][0]["text"] = "Правка второго куратора"
    assert first.put(f"/api/v1/documents/{program['id']}/draft", json={
        "revision": a["revision"], "title": a["title"], "content": a["content"]}).status_code == 200
    conflict = second.put(f"/api/v1/documents/{program['id']}/draft", json={
        "revision": b["revision"], "title": b["title"], "content": b["content"]})
    assert conflict.status_code == 409 and "изменён другим пользователем" in conflict.json()["detail"]
    final = _ok(first.get(f"/api/v1/documents/{program['id']}"))
    assert final["content"]["sections"][0]["text"] == "Правка первого куратора"


def test_bad_documents_are_refused_with_places_named(people) -> None:
    curator = people["director"]
    docs = _ok(curator.get("/api/v1/documents", params={"kind": "roadmap"}))
    roadmap = _ok(curator.get(f"/api/v1/documents/{docs[0]['id']}"))
    broken = roadmap["content"]
    broken["stages"] = broken["stages"][:5]
    response = curator.put(f"/api/v1/documents/{roadmap['id']}/draft", json={
        "revision": roadmap["revision"], "title": roadmap["title"], "content": broken})
    assert response.status_code in (409, 422)
    not_a_form = curator.put(f"/api/v1/documents/{roadmap['id']}/draft", json={
        "revision": roadmap["revision"], "title": "x", "content": {"stages": "много"}})
    assert not_a_form.status_code in (409, 422)
    assert curator.get("/api/v1/documents/not-a-uuid").status_code == 404


def test_exports_open_and_carry_the_approval_block_and_every_item(people) -> None:
    import io

    import docx
    import openpyxl

    curator, municipality = people["curator"], people["municipality"]
    roadmap = next(d for d in _ok(curator.get("/api/v1/documents", params={"kind": "roadmap"})))
    approved_version = _ok(curator.get(f"/api/v1/documents/{roadmap['id']}"))["approved_version"]
    full = _ok(curator.get(f"/api/v1/documents/{roadmap['id']}", params={"version": approved_version}))
    response = curator.get(f"/api/v1/documents/{roadmap['id']}/export.docx", params={"version": approved_version})
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "УТВЕРЖДАЮ" in cells[1] and "СОГЛАСОВАНО" in cells[0] and "Муниципальный куратор" in cells[0]
    assert full["title"].upper() in text
    for stage in full["content"]["stages"]:
        for item in stage["items"]:
            assert item["activity"] in cells, item["activity"]
    assert any("выполнено: Приказ № 15 от 01.09" in c for c in cells)

    program = next(d for d in _ok(curator.get("/api/v1/documents", params={"kind": "program"})))
    as_docx = docx.Document(io.BytesIO(curator.get(f"/api/v1/documents/{program['id']}/export.docx").content))
    headings = [p.text for p in as_docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "План мероприятий на учебный год" and len(headings) >= 10

    # The municipal inbox as a sheet: submit the program so something waits.
    fresh = _ok(curator.get(f"/api/v1/documents/{program['id']}"))
    _ok(curator.post(f"/api/v1/documents/{program['id']}/submit", json={"revision": fresh["revision"]}))
    sheet = municipality.get("/api/v1/documents/inbox/export.xlsx")
    assert sheet.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Организация" and any(r[1] == program["title"] for r in rows[2:])
    assert curator.get("/api/v1/documents/inbox/export.xlsx").status_code == 403


def test_indicators_follow_the_documents(people, tenants) -> None:
    from tests.support import wait_until

    municipality, region = people["municipality"], people["region"]

    def school_a() -> dict | None:  # type: ignore[type-arg]
        rows = _ok(municipality.get("/api/v1/indicators/documents")).get("rows", [])
        row = next((r for r in rows if r["unit_id"] == tenants.school_a), None)
        return row if row and row["roadmap_status"] == "approved" and row["implementing"] == 1 else None

    row = wait_until(school_a, what="A's approved roadmap in the municipality's indicators")
    assert row["items_total"] >= 7 and row["items_done"] == 1
    summary = _ok(region.get("/api/v1/indicators/documents", params={"grouping": "municipality"}))
    m1 = next(r for r in summary["rows"] if r["unit_id"] == tenants.m1_id)
    assert m1["implementing"] >= 1 and m1["organisations"] == 2
    assert 0 < summary["implementing_share"] <= 1
    assert all(r["unit_id"] != tenants.school_a for r in _ok(people["other_municipality"].get(
        "/api/v1/indicators/documents"))["rows"])


def test_municipal_roadmap_is_approved_by_the_region(people, tenants) -> None:
    from tests.support import wait_until

    municipality, region = people["municipality"], people["region"]
    doc = _ok(municipality.post("/api/v1/documents", json={"kind": "roadmap", "owner_level": "municipality"}))
    assert doc["owner_level"] == "municipality"
    doc = _ok(municipality.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
    assert any(e["document"]["id"] == doc["id"] for e in _ok(region.get("/api/v1/documents/inbox")))
    assert municipality.post(f"/api/v1/documents/{doc['id']}/approve",
                             json={"revision": doc["revision"]}).status_code == 403
    # A school sees its municipality's roadmap once it is approved (issue 15, ADR 022), not while it is on review.
    assert people["curator"].get(f"/api/v1/documents/{doc['id']}").status_code == 404
    approved = _ok(region.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]}))
    assert approved["approval"]["approver_position"] == "Региональный оператор"
    seen = people["curator"].get(f"/api/v1/documents/{doc['id']}")
    assert seen.status_code == 200 and seen.json()["status"] == "approved"
    assert people["other_school"].get(f"/api/v1/documents/{doc['id']}").status_code == 404

    def approved_in_indicators() -> bool:
        rows = _ok(region.get("/api/v1/indicators/documents", params={"grouping": "municipality"}))["rows"]
        return any(r["unit_id"] == tenants.m1_id and r["municipal_roadmap_status"] == "approved" for r in rows)

    wait_until(approved_in_indicators, what="the municipal roadmap's approval in the region's indicators")
