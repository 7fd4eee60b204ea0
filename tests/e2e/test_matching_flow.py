"""Matching end to end through the gateway: a curator of a fresh school runs the optimal mode, sees candidates
with Russian reasons, moves one mentee by hand (confirming a broken form rule), publishes; pairs are listed;
withdrawing a mentor's consent closes the mentor's pair; another school sees nothing of it."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

import pytest

from tests.support import Api, unique_name, wait_until


@pytest.fixture(scope="module")
def school(gateway_container, tenants) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A school of its own in a region of its own: no other test's mentors or requests enter the pool, and the
    organisation counts other tests make of the shared region stay as they expect."""
    from mentorship_kit.principal import Principal, Role, Scope

    registry, tag = gateway_container.registry, uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = registry.create_region(admin, name=f"Область подбора {tag}", code=f"rm-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"mm-{tag}")
    org = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                       name=f"Школа подбора {tag}", code=f"match-{tag}")
    username = f"curator-match-{tag}"
    gateway_container.auth.create_account(username=username, password="test-password-1", display_name="Куратор",
                                          role=Role.SCHOOL_CURATOR, org_id=org.id, municipality_id=municipality.id,
                                          region_id=region.id)
    return {"org_id": org.id, "curator": username}


def _mentor(curator: Api, kind: str, origin: str, capacity: int, **card: Any) -> tuple[dict[str, Any], str]:
    person = curator.add_person(kind, last_name=unique_name(), **({"class_name": "9А"} if kind == "student" else {}))
    consent = curator.give_consent(person)
    made = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": origin, "capacity": capacity,
                                                 **card})
    assert made.status_code == 201, made.text
    return made.json(), consent["id"]


def _request(curator: Api, class_name: str, topics: list[str], form: str) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name=class_name)
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": topics,
                                                  "desired_form": form, "source": "self"})
    assert made.status_code == 201, made.text
    return made.json()


def test_optimal_run_hand_move_publish_withdrawal_and_isolation(school, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(school["curator"])
    math, math_consent = _mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=12)
    physics, _ = _mentor(curator, "staff", "teacher", 1, subjects=["Физика"], experience_years=3)
    senior, _ = _mentor(curator, "student", "student", 2, competencies=["Подготовка к олимпиадам и конкурсам"])
    r_math = _request(curator, "7Б", ["Математика"], "teacher_pupil")
    r_phys = _request(curator, "5А", ["Физика"], "teacher_pupil")
    r_olymp = _request(curator, "6В", ["олимпиадам"], "student_student")

    refused = curator.post("/api/v1/matching/runs", json={"mode": "optimal", "weights": {"charm": 5}})
    assert refused.status_code == 422
    started = curator.post("/api/v1/matching/runs", json={"mode": "optimal", "objective": "max_matched_then_score"})
    assert started.status_code == 201, started.text
    run = started.json()
    assert run["status"] == "draft" and run["totals"]["requests"] == 3 and run["totals"]["matched"] == 3
    chosen = {p["request_id"]: p for p in run["proposals"] if p["selected"]}
    assert {r: p["mentor_id"] for r, p in chosen.items()} == {
        r_math["id"]: math["id"], r_phys["id"]: physics["id"], r_olymp["id"]: senior["id"]}
    assert "предмет: Математика" in chosen[r_math["id"]]["reasons"]
    assert "стаж 12 лет" in chosen[r_math["id"]]["reasons"] and "свободно мест: 1" in chosen[r_math["id"]]["reasons"]
    assert "совпадают темы: олимпиадам" in chosen[r_olymp["id"]]["reasons"]
    assert chosen[r_olymp["id"]]["form"] == "student_student"
    assert curator.get(f"/api/v1/matching/runs/{run['id']}").json()["version"] == run["version"]

    # The curator moves the physics request to the senior student: «учитель – ученик» needs a teacher.
    move = {"request_id": r_phys["id"], "mentor_id": senior["id"], "version": run["version"]}
    warned = curator.post(f"/api/v1/matching/runs/{run['id']}/assignments", json=move)
    assert warned.status_code == 422, warned.text
    assert warned.json()["errors"][0]["field"] == "confirm_warnings"
    assert "должен быть педагогом" in warned.json()["detail"]
    moved = curator.post(f"/api/v1/matching/runs/{run['id']}/assignments", json={**move, "confirm_warnings": True})
    assert moved.status_code == 200, moved.text
    picked = next(p for p in moved.json()["proposals"] if p["selected"] and p["request_id"] == r_phys["id"])
    assert picked["mentor_id"] == senior["id"] and picked["manual"] and picked["warnings"]
    stale = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={"version": run["version"]})
    assert stale.status_code == 409 and "обновите страницу" in stale.json()["detail"]

    # School B sees nothing of A's run and cannot publish it.
    other = login(tenants.curator_b)
    assert other.get(f"/api/v1/matching/runs/{run['id']}").status_code == 404
    assert other.post(f"/api/v1/matching/runs/{run['id']}/publish", json={}).status_code == 404

    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": moved.json()["version"], "kind": "individual", "reporting": "quarterly",
                                   "term_months": 9})
    assert published.status_code == 200, published.text
    pairs = published.json()["pairs"]
    assert len(pairs) == 3 and {p["reporting"] for p in pairs} == {"quarterly"}
    load = Counter(p["mentor_id"] for p in pairs)
    capacity = {math["id"]: 1, physics["id"]: 1, senior["id"]: 2}
    assert all(load[m] <= capacity[m] for m in load), "capacity exceeded"
    listed = curator.get("/api/v1/pairs", params={"status": "active"}).json()
    assert listed["total"] == 3 and {p["id"] for p in listed["pairs"]} == {p["id"] for p in pairs}
    again = curator.post("/api/v1/matching/runs", json={"mode": "suggest"}).json()
    assert again["totals"]["requests"] == 0, "requests in active pairs are not proposed again"

    math_pair = next(p for p in pairs if p["mentor_id"] == math["id"])
    assert other.get(f"/api/v1/pairs/{math_pair['id']}").status_code == 404
    assert math_pair["id"] not in {p["id"] for p in other.get("/api/v1/pairs").json()["pairs"]}
    assert other.post(f"/api/v1/pairs/{math_pair['id']}/close", json={"reason": "x"}).status_code == 404

    withdrawn = curator.post(f"/api/v1/consents/{math_consent}/withdraw", json={"reason": "Личное заявление"})
    assert withdrawn.status_code == 200, withdrawn.text
    closed = wait_until(lambda: (p := curator.get(f"/api/v1/pairs/{math_pair['id']}").json())["status"] == "closed"
                        and p, timeout=30, what="the pair closed by the consumer")
    assert "согласие" in closed["close_reason"] and closed["closed_at"]
    still = curator.get("/api/v1/pairs", params={"status": "active"}).json()
    assert still["total"] == 2


def test_bad_input_gets_a_russian_4xx(school, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(school["curator"])
    assert curator.get("/api/v1/matching/runs/not-a-uuid").status_code == 404
    assert curator.get(f"/api/v1/pairs/{uuid.uuid4()}").json()["detail"] == "Пара не найдена"
    assert curator.post("/api/v1/matching/runs", json={"mode": "magic"}).status_code == 422
    assert curator.post("/api/v1/matching/runs", json={"top_k": 99}).status_code == 422
    nothing = curator.post(f"/api/v1/matching/runs/{uuid.uuid4()}/publish", json={"term_months": 40})
    assert nothing.status_code == 422
    manual = curator.post("/api/v1/matching/runs", json={"mode": "manual"}).json()
    empty = curator.post(f"/api/v1/matching/runs/{manual['id']}/publish", json={})
    assert empty.status_code == 409 and "нет ни одной выбранной пары" in empty.json()["detail"]
    short = curator.post(f"/api/v1/pairs/{uuid.uuid4()}/close", json={"reason": ""})
    assert short.status_code == 422
