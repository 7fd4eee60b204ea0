"""Group runs end to end through the gateway: a curator runs the group mode with a group size, publishes; the
registry marks every member's request matched and reporting counts the groups by form and вид and the mentees in
groups for the municipality — only from ``GroupFormed``; the order DOCX lists the groups; the pages show them.
And the psychologist's compatibility mark, recorded through the gateway, changes who is proposed first."""

from __future__ import annotations

import io
import secrets
from typing import Any

import docx
import pytest

from tests.support import Api, unique_name, wait_until


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область групп {tag}", code=f"groups-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ групп {tag}",
                                                code=f"groups-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа групп {tag}", code=f"groups-{tag}")
    auth.create_account(username=f"groups-{tag}", password=PASSWORD, display_name="Куратор",
                        role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                        region_id=region.id)
    auth.create_account(username=f"groups-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=region.id)
    return {"org_id": school.id, "municipality_id": municipality.id, "curator": f"groups-{tag}",
            "municipal": f"groups-mun-{tag}"}


def _mentor(curator: Api, subject: str, capacity: int) -> dict[str, Any]:
    person = curator.consenting_person("staff", last_name=unique_name())
    made = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher",
                                                 "capacity": capacity, "subjects": [subject], "experience_years": 10})
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def _request(curator: Api, topic: str) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name="6А")
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": [topic],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def _status(curator: Api, request: dict[str, Any]) -> dict[str, Any]:
    listed = curator.get("/api/v1/requests", params={"mentee_id": request["mentee_id"]}).json()["requests"]
    return next(r for r in listed if r["id"] == request["id"])


def test_a_group_run_publishes_groups_the_registry_and_reporting_follow(place, login) -> None:  # type: ignore[no-untyped-def]
    curator, municipality = login(place["curator"]), login(place["municipal"])
    maths, physics = _mentor(curator, "Математика", 3), _mentor(curator, "Физика", 3)
    requests = [_request(curator, "Математика") for _ in range(2)] + [_request(curator, "Физика") for _ in range(2)]

    too_big = curator.post("/api/v1/matching/runs", json={"mode": "group", "group_min": 4, "group_max": 2})
    assert too_big.status_code == 422 and "больше наибольшего" in too_big.text
    run = curator.post("/api/v1/matching/runs", json={"mode": "group", "group_min": 2, "group_max": 3}).json()
    assert run["mode"] == "group" and run["totals"]["matched"] == 4, run
    planned = {g["mentor_ids"][0]: sorted(g["request_ids"]) for g in run["groups"]}
    by_topic = {maths["id"]: sorted(r["id"] for r in requests[:2]),
                physics["id"]: sorted(r["id"] for r in requests[2:])}
    assert planned == by_topic
    page = curator.get(f"/school/matching/runs/{run['id']}").text
    assert 'id="groups"' in page and maths["full_name"] in page

    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "reporting": "quarterly", "term_months": 6})
    assert published.status_code == 200, published.text
    body = published.json()
    assert body["pairs"] == [] and len(body["groups"]) == 2
    groups = {g["mentor_ids"][0]: g for g in body["groups"]}
    assert {g["kind"] for g in body["groups"]} == {"group"} and {g["form"] for g in body["groups"]} == {"teacher_pupil"}
    assert sorted(m["request_id"] for m in groups[maths["id"]]["members"]) == by_topic[maths["id"]]

    holder = {m["request_id"]: g["id"] for g in body["groups"] for m in g["members"]}
    for request in requests:
        matched = wait_until(lambda r=request: (s := _status(curator, r))["status"] == "matched" and s,
                             timeout=30, what="the group member's request matched by the registry's consumer")
        assert matched["pair_id"] == holder[request["id"]]

    def counted() -> dict[str, Any] | None:
        found = municipality.get("/api/v1/indicators/pairs", params={"grouping": "municipality"})
        assert found.status_code == 200, found.text
        totals = found.json()["totals"]
        return totals if totals["groups"] == 2 and totals["mentees_in_groups"] == 4 else None

    totals = wait_until(counted, timeout=30, what="the municipality's group counts")
    assert totals["groups_by_form"] == {"teacher_pupil": 2} and totals["groups_by_kind"] == {"group": 2}
    assert totals["pairs"] == 0
    page = municipality.get("/indicators").text
    assert 'id="total-groups">2<' in page and 'id="total-mentees-in-groups">4<' in page and "Групповое" in page

    listed = curator.get("/api/v1/groups", params={"run_id": run["id"]}).json()["groups"]
    assert {g["id"] for g in listed} == set(holder.values())
    one = curator.get(f"/api/v1/groups/{listed[0]['id']}")
    assert one.status_code == 200 and len(one.json()["members"]) == 2
    assert curator.get("/api/v1/groups/00000000-0000-0000-0000-000000000000").status_code == 404
    page = curator.get("/school/groups", params={"run_id": run["id"]}).text
    assert maths["full_name"] in page and physics["full_name"] in page and "Ежеквартально" in page
    card = curator.get(f"/school/groups/{listed[0]['id']}").text
    assert all(m["mentee_name"] in card for m in listed[0]["members"])

    order = curator.get(f"/api/v1/matching/runs/{run['id']}/order.docx")
    assert order.status_code == 200, order.text
    read = docx.Document(io.BytesIO(order.content))
    rows = [[cell.text for cell in row.cells] for row in read.tables[-1].rows][1:]
    assert len(rows) == 2
    for g in body["groups"]:
        row = next(r for r in rows if r[2] == g["mentor_names"][0])
        assert row[1].startswith("Группа (2):") and all(m["mentee_name"] in row[1] for m in g["members"])
        assert row[4] == "Групповое"

    # Every seat and request is taken: a new run finds nothing to propose.
    again = curator.post("/api/v1/matching/runs", json={"mode": "group"}).json()
    assert again["totals"]["requests"] == 0


def test_the_psychologists_mark_changes_the_ranking_and_a_low_one_is_a_warning(place, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    first, second = _mentor(curator, "Химия", 1), _mentor(curator, "Химия", 1)
    request = _request(curator, "Химия")

    def top(run: dict[str, Any]) -> dict[str, Any]:
        return next(p for p in run["proposals"] if p["request_id"] == request["id"] and p["rank"] == 1)

    before = top(curator.post("/api/v1/matching/runs", json={"mode": "suggest", "top_k": 2}).json())
    other = second if before["mentor_id"] == first["id"] else first
    bad = curator.post("/api/v1/matching/compatibility", json={
        "mentor_id": other["id"], "mentee_id": request["mentee_id"], "mark": "high", "assessed_on": "2999-01-01"})
    assert bad.status_code == 422 and "не может быть в будущем" in bad.text
    mark = curator.post("/api/v1/matching/compatibility", json={
        "mentor_id": other["id"], "mentee_id": request["mentee_id"], "mark": "high", "assessed_on": "2026-09-20",
        "note": "Наблюдение на общей встрече"})
    assert mark.status_code == 200, mark.text
    after = top(curator.post("/api/v1/matching/runs", json={"mode": "suggest", "top_k": 2}).json())
    assert after["mentor_id"] == other["id"] and after["score"] > before["score"]
    assert "совместимость по оценке психолога: высокая" in after["reasons"]

    curator.post("/api/v1/matching/compatibility", json={
        "mentor_id": other["id"], "mentee_id": request["mentee_id"], "mark": "low", "assessed_on": "2026-09-21"})
    run = curator.post("/api/v1/matching/runs", json={"mode": "suggest", "top_k": 2}).json()
    low = next(p for p in run["proposals"] if p["mentor_id"] == other["id"] and p["request_id"] == request["id"])
    assert low["rank"] == 2 and low["warnings"] == ["низкая совместимость по оценке педагога-психолога"]
    marks = curator.get("/api/v1/matching/compatibility", params={"mentee_id": request["mentee_id"]}).json()["marks"]
    assert [(m["mentor_id"], m["mark"]) for m in marks] == [(other["id"], "low")]
    page = curator.get(f"/school/matching/runs/{run['id']}").text
    assert "Внимание: низкая совместимость" in page and "Оценка педагога-психолога" in page


def test_a_team_run_publishes_a_team_of_mentors_with_a_team_of_mentees(place, login) -> None:  # type: ignore[no-untyped-def]
    curator, municipality = login(place["curator"]), login(place["municipal"])
    mentors = [_mentor(curator, "Биология", 2) for _ in range(2)]
    requests = [_request(curator, "Биология") for _ in range(4)]
    run = curator.post("/api/v1/matching/runs", json={"mode": "team", "group_min": 2, "group_max": 2,
                                                      "team_mentors": 2}).json()
    teams = [g for g in run["groups"] if len(g["mentor_ids"]) > 1]
    assert len(teams) == 1 and set(teams[0]["mentor_ids"]) == {m["id"] for m in mentors}
    assert set(teams[0]["request_ids"]) == {r["id"] for r in requests} and teams[0]["form"] == "team_team"
    def totals_now() -> dict[str, Any]:
        found = municipality.get("/api/v1/indicators/pairs", params={"grouping": "municipality"})
        assert found.status_code == 200, found.text
        return found.json()["totals"]  # type: ignore[no-any-return]

    before = totals_now()["mentees_in_groups"]  # the module's earlier groups, already counted
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={"version": run["version"]})
    assert published.status_code == 200, published.text
    team = next(g for g in published.json()["groups"] if len(g["mentor_ids"]) > 1)
    assert team["kind"] == "team" and team["form"] == "team_team" and len(team["members"]) == 4
    for request in requests:
        wait_until(lambda r=request: _status(curator, r)["status"] == "matched", timeout=30,
                   what="the team member's request matched by the registry's consumer")

    totals = wait_until(lambda: (t := totals_now())["groups_by_kind"].get("team") == 1 and t, timeout=30,
                        what="the municipality's team count")
    assert totals["groups_by_form"].get("team_team") == 1 and totals["mentees_in_groups"] == before + 4

    # 000 App. 2, 3.10: at the end the curator records that the mentee team became a mentoring team — a consulting
    # centre of РИП-ИнКО; a value outside the list is refused in Russian, nothing written.
    path = f"/api/v1/groups/{team['id']}/complete"
    bad = curator.post(path, json={"outcome": "итог", "team_outcome": "центр"})
    assert bad.status_code == 422, bad.text
    done = curator.post(path, json={"outcome": "команда ведёт новичков", "team_outcome": "rip_inko_consulting"})
    assert done.status_code == 200, done.text
    assert done.json()["team_outcome"] == "rip_inko_consulting" and done.json()["status"] == "completed"

    def appendix() -> dict[str, int] | None:
        found = municipality.get("/api/v1/indicators/participants", params={"grouping": "municipality"})
        assert found.status_code == 200, found.text
        rows = {a["code"]: a["value"] for a in found.json()["appendix_indicators"]}
        return rows if rows.get("3.10") == 1 else None

    rows = wait_until(appendix, timeout=30, what="3.10 counted by reporting")
    assert rows["3.10.1"] == 1
    page = curator.get(f"/school/groups/{team['id']}").text
    assert "консультационного центра РИП-ИнКО" in page
