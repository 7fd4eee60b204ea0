"""The outer tiers at work end to end through the gateway with the real services (issue 15 items 1-3).

A hand-built region with known problems: municipality M1 with school A (roadmap approved with an overdue item, no
program, self-diagnosis passed, no pairs) and school B (nothing approved, a pair formed two months ago without a
meeting, no self-diagnosis), municipality M2 with school C. The control page's traffic lights say exactly those
problems; each tier sees exactly its reach; the municipality's roadmap, written from its own template, sets the
school a deadline that appears on the school's home page until done; the region's roadmap reaches the municipality.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.clock import today
from tests.support import Api, wait_until


@pytest.fixture(scope="module")
def region(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    r = registry.create_region(admin, name=f"Область контроля {tag}", code=f"ctl-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=r.id, name=f"Округ один {tag}", code=f"ctl-m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=r.id, name=f"Округ два {tag}", code=f"ctl-m2-{tag}")
    schools = {key: registry.create_organisation(admin, municipality_id=m.id, kind="school",
                                                 name=f"Школа {key} {tag}", code=f"ctl-{key}-{tag}")
               for key, m in (("A", m1), ("B", m1), ("C", m2))}
    place = {"region_id": r.id, "m1": m1.id, "m2": m2.id, "m1_name": m1.name, "tag": tag,
             **{f"school_{k}": s.id for k, s in schools.items()}, **{f"name_{k}": s.name for k, s in schools.items()}}
    for key, school in schools.items():
        municipality = m1 if key != "C" else m2
        auth.create_account(username=f"ctl-{key}-{tag}", password=PASSWORD, display_name=f"Куратор {key}",
                            role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                            region_id=r.id)
    for key, municipality in (("m1", m1), ("m2", m2)):
        auth.create_account(username=f"ctl-{key}-{tag}", password=PASSWORD, display_name=f"Куратор {key}",
                            role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=r.id)
    auth.create_account(username=f"ctl-reg-{tag}", password=PASSWORD, display_name="Региональный оператор",
                        role=Role.REGIONAL_OPERATOR, region_id=r.id)
    return place


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _pair_without_meetings(stack: Any, place: dict[str, str], school: str, formed_days_ago: int,
                           municipality: str = "m1") -> None:
    """A pair formed long ago, applied through reporting's own consumer as it would arrive from matching.events
    (no run can publish a pair in the past)."""
    from sqlalchemy import create_engine

    from mentorship.matching.v1 import events_pb2
    from mentorship_kit.consumer import IdempotentConsumer
    from mentorship_kit.envelope import Envelope
    from reporting.entrypoints.event_handlers import HANDLERS

    pair_id = str(uuid.uuid4())
    started = today() - timedelta(days=formed_days_ago)
    payload = events_pb2.PairFormed(
        pair_id=pair_id, run_id=str(uuid.uuid4()), mode="manual", mentor_id=str(uuid.uuid4()),
        mentee_id=str(uuid.uuid4()), request_id=str(uuid.uuid4()), term_start=started.isoformat(),
        term_end=(started + timedelta(days=270)).isoformat(),
        state=events_pb2.PairState(pair_id=pair_id, version=1,
                                   facets=["pair", "pair.form.student_student", "pair.kind.peer"]))
    system = create_engine(stack.databases["reporting"].system_url)
    try:
        IdempotentConsumer(system, HANDLERS).apply(Envelope.wrap(
            type="mentorship.matching.pair_formed.v1", source="tests", subject=f"pairs/{pair_id}", payload=payload,
            org_id=place[f"school_{school}"], municipality_id=place[municipality], region_id=place["region_id"],
            traceparent=None))
    finally:
        system.dispose()


@pytest.fixture(scope="module")
def people(stack, region):  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD

    tag = region["tag"]
    logins = {key: Api(stack.gateway_url).login(f"ctl-{key}-{tag}", PASSWORD)
              for key in ("A", "B", "C", "m1", "m2", "reg")}
    yield logins
    for client in logins.values():
        client.close()


def _approved_roadmap(owner: Api, decider: Api, level: str, *, change: Any = None) -> dict[str, Any]:
    doc = _ok(owner.post("/api/v1/documents", json={"kind": "roadmap", "owner_level": level}))
    if change is not None:
        content = doc["content"]
        change(content)
        doc = _ok(owner.put(f"/api/v1/documents/{doc['id']}/draft", json={
            "revision": doc["revision"], "title": doc["title"], "content": content}))
    doc = _ok(owner.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
    return dict(_ok(decider.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]})))


@pytest.fixture(scope="module")
def built(stack, region, people) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The region's known problems, made through the gateway (and one old pair through reporting's consumer)."""
    def overdue(content: dict[str, Any]) -> None:
        content["stages"][0]["items"][0]["due_on"] = "2021-01-15"

    school_a = _approved_roadmap(people["A"], people["m1"], "school", change=overdue)

    def deadlines(content: dict[str, Any]) -> None:
        content["stages"][0]["items"][0]["lower_due_on"] = (today() + timedelta(days=10)).isoformat()

    municipal = _approved_roadmap(people["m1"], people["reg"], "municipality", change=deadlines)
    regional = _approved_roadmap(people["reg"], people["reg"], "region", change=deadlines)
    _ok(people["A"].post("/api/v1/self-diagnoses", json={"year": today().year, "answers": [
        {"key": "regulation", "done": True, "note": "Приказ № 12"}, {"key": "curator", "done": True}]}))
    _ok(people["m1"].post("/api/v1/self-diagnoses", json={"year": today().year, "answers": [
        {"key": "young_teacher_school", "done": True}]}))
    _pair_without_meetings(stack, region, "B", formed_days_ago=60)
    return {"school_a": school_a, "municipal": municipal, "regional": regional}


def _rows(client: Api, **query: str) -> dict[str, dict[str, Any]]:
    return {r["unit_id"]: r for r in _ok(client.get("/api/v1/control", params=query))["rows"]}


def _settled(client: Api, region: dict[str, str]) -> dict[str, dict[str, Any]] | None:
    rows = _rows(client)
    a, b = rows.get(region["school_A"]), rows.get(region["school_B"])
    ready = a and b and a["roadmap_approved"] and a["self_diagnosed"] and b["active_pairs"] == 1
    return rows if ready else None


def test_the_control_lights_name_the_known_problems(region, people, built) -> None:  # type: ignore[no-untyped-def]
    rows = wait_until(lambda: _settled(people["m1"], region), timeout=30, what="reporting to count the region")
    assert set(rows) == {region["school_A"], region["school_B"]}, "school C is another municipality's"
    a, b = rows[region["school_A"]], rows[region["school_B"]]
    assert (a["items_overdue"], a["self_diagnosis_score"], a["program_status"]) == (1, 2, "")
    assert (b["roadmap_status"], b["pairs_without_meetings"], b["self_diagnosed"]) == ("", 1, False)

    page = people["m1"].get("/municipality/control", params={"sort": "overall"})
    assert page.status_code == 200, page.text
    html = page.text
    assert html.index(region["name_B"]) < html.index(region["name_A"]), "the worst school first"
    assert "проблема</b>: нет дорожной карты" in html and "проблема</b>: без встреч 1 из 1 пар" in html
    assert "внимание</b>: просрочено пунктов: 1" in html and "норма</b>: пройдена: 2 из 13" in html
    assert "проблема</b>: нет программы" in html and region["name_C"] not in html

    school = people["m1"].get(f"/control/schools/{region['school_B']}")
    assert school.status_code == 200 and "Не пройдена." in school.text
    detail = people["m1"].get(f"/control/schools/{region['school_A']}").text
    assert "Приказ № 12" in detail and "Пройдена: 2 из 13" in detail, "the school's self-diagnosis, one tier up"

    export = people["m1"].get("/municipality/control/export.xlsx", params={"sort": "name"})
    assert export.status_code == 200 and export.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [v[0] for v in values[1:]] == [region["name_A"], region["name_B"]]
    assert "проблема: нет дорожной карты" in values[2]


def test_a_school_late_in_both_ways_is_red_on_the_control_page_and_on_the_drill_down(  # type: ignore[no-untyped-def]
        stack, region, people, built) -> None:
    """ADR 022 addendum, one rule of lights: school C gets an approved roadmap with an overdue item and a pair
    without meetings for two months — red («проблема») on /municipality/control and on /indicators alike."""
    import re

    def overdue(content: dict[str, Any]) -> None:
        content["stages"][0]["items"][0]["due_on"] = "2021-01-15"

    _approved_roadmap(people["C"], people["m2"], "school", change=overdue)
    _pair_without_meetings(stack, region, "C", formed_days_ago=60, municipality="m2")

    def settled() -> dict[str, Any] | None:
        c = _rows(people["m2"]).get(region["school_C"])
        return c if c and c["items_overdue"] == 1 and c["pairs_without_meetings"] == 1 else None

    wait_until(settled, timeout=30, what="reporting to count school C's overdue item and its pair")
    control = people["m2"].get("/municipality/control").text
    row = re.search(rf'<tr data-unit="{region["school_C"]}" data-overall="(\w+)">(.*?)</tr>', control, re.S)
    assert row and row.group(1) == "red", control[-2000:]
    assert "внимание</b>: просрочено пунктов: 1" in row.group(2)
    assert "проблема</b>: без встреч 1 из 1 пар" in row.group(2)

    drill = people["m2"].get("/indicators")
    assert drill.status_code == 200
    light = re.search(rf'<tr class="light-row"><td>(?:<a [^>]*>)?{re.escape(region["name_C"])}(?:</a>)?</td>(.*?)</tr>',
                      drill.text, re.S)
    assert light, drill.text[-2000:]
    assert "light-red" in light.group(1) and "проблема" in light.group(1)
    assert "просрочено пунктов: 1; без встреч 1 из 1 пар" in light.group(1)


def test_the_region_sees_its_municipalities_and_drills_into_one(region, people, built) -> None:  # type: ignore[no-untyped-def]
    wait_until(lambda: _settled(people["reg"], region), timeout=30, what="reporting to count the region")
    municipalities = _rows(people["reg"], grouping="municipality")
    assert set(municipalities) == {region["m1"], region["m2"]}
    m1 = municipalities[region["m1"]]
    assert (m1["schools"], m1["roadmap_approved"], m1["self_diagnosed"], m1["schools_self_diagnosed"]) == \
        (2, True, True, 1)
    page = people["reg"].get("/region/control").text
    assert "внимание</b>: пройдена; школ: 1 из 2" in page and f"/region/control/{region['m1']}" in page
    drill = people["reg"].get(f"/region/control/{region['m1']}")
    assert drill.status_code == 200 and region["name_B"] in drill.text and region["name_C"] not in drill.text
    assert "Самодиагностика муниципалитета" in drill.text and "Пройдена: 1 из 12" in drill.text
    assert people["reg"].get(f"/region/control/{region['m1']}/export.xlsx").status_code == 200


def test_each_tier_sees_exactly_its_reach(region, people, built) -> None:  # type: ignore[no-untyped-def]
    assert set(_rows(people["m2"])) <= {region["school_C"]}
    assert people["m2"].get(f"/control/schools/{region['school_A']}").status_code == 404
    assert people["A"].get("/api/v1/control").status_code == 403
    assert people["A"].get("/municipality/control").status_code == 403
    assert [d["owner_name"] for d in _ok(people["m2"].get("/api/v1/self-diagnoses"))["items"]] == []
    seen_by_m1 = {d["owner_level"] for d in _ok(people["m1"].get("/api/v1/self-diagnoses",
                                                                 params={"year": today().year}))["items"]}
    assert seen_by_m1 == {"school", "municipality"}
    assert _ok(people["C"].get("/api/v1/self-diagnoses"))["items"] == [], "another school's is invisible"
    own = _ok(people["A"].get("/api/v1/self-diagnoses"))["items"]
    assert [d["org_id"] for d in own] == [region["school_A"]]
    assert people["reg"].post("/api/v1/self-diagnoses", json={"answers": []}).status_code == 403


def test_a_correction_is_a_new_version_and_bad_answers_write_nothing(region, people, built) -> None:  # type: ignore[no-untyped-def]
    refused = people["A"].post("/api/v1/self-diagnoses", json={"year": today().year, "answers": [
        {"key": "no_such_item", "done": True}]})
    assert refused.status_code == 422 and "нет в перечне" in refused.json()["detail"]
    assert _ok(people["A"].get("/api/v1/self-diagnoses/form", params={"year": today().year}))["latest"]["version"] == 1
    again = _ok(people["A"].post("/api/v1/self-diagnoses", json={"year": today().year, "answers": [
        {"key": "regulation", "done": True}, {"key": "curator", "done": True}, {"key": "program", "done": True}]}))
    assert (again["version"], again["score"]) == (2, 3)
    wait_until(lambda: _rows(people["m1"])[region["school_A"]]["self_diagnosis_score"] == 3, timeout=30,
               what="the corrected score counted")


def test_the_roadmaps_above_reach_down_with_their_deadlines(region, people, built) -> None:  # type: ignore[no-untyped-def]
    assert built["municipal"]["content"]["stages"][0]["items"][0]["responsible"].startswith("Управление образования")
    above = _ok(people["A"].get("/api/v1/roadmaps/upper"))["roadmaps"]
    assert [d["owner_level"] for d in above] == ["municipality", "region"]
    assert _ok(people["C"].get("/api/v1/roadmaps/upper"))["roadmaps"][0]["owner_level"] == "region", \
        "M2 has no approved roadmap: its school sees the region's only"
    assert [d["owner_level"] for d in _ok(people["m1"].get("/api/v1/roadmaps/upper"))["roadmaps"]] == ["region"]
    mine = [d["owner_level"] for d in _ok(people["A"].get("/api/v1/documents"))]
    assert mine == ["school"], "the roadmaps above are not the school's own documents"
    home = people["A"].get("/").text
    assert "Сроки из дорожной карты муниципалитета или региона" in home
    assert built["municipal"]["content"]["stages"][0]["items"][0]["activity"][:40] in home
    assert built["regional"]["content"]["stages"][0]["items"][0]["activity"][:40] not in home, \
        "the region's deadlines are the municipality's, not the school's"
    assert built["regional"]["content"]["stages"][0]["items"][0]["activity"][:40] in people["m1"].get("/").text
    assert "Срок для ОО" in people["A"].get("/roadmaps/upper").text

    item = built["municipal"]["content"]["stages"][0]["items"][0]
    _ok(people["m1"].post(f"/api/v1/documents/{built['municipal']['id']}/progress",
                          json={"item_id": item["id"], "progress": "done", "evidence": "Приказ УО № 7"}))
    assert item["activity"][:40] not in people["A"].get("/").text, "a done item is no longer the school's task"
