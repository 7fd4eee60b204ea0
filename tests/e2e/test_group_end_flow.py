"""A group ends, end to end through the gateway: a group member's consent withdrawn in the registry makes the
mentee leave the group (``GroupMemberLeft``) and reporting stops counting the mentee in groups (the registry
withdraws that request itself: the mentee is out of the base); the curator then closes the group by hand
(``GroupClosed``) and every remaining request reopens, the group uncounted; the card shows who left, why, and the
history."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.support import Api, unique_name, wait_until


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область конца групп {tag}", code=f"gend-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ конца групп {tag}",
                                                code=f"gend-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа конца групп {tag}", code=f"gend-{tag}")
    auth.create_account(username=f"gend-{tag}", password=PASSWORD, display_name="Куратор",
                        role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                        region_id=region.id)
    auth.create_account(username=f"gend-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=region.id)
    return {"curator": f"gend-{tag}", "municipal": f"gend-mun-{tag}"}


def _request(curator: Api, topic: str) -> dict[str, Any]:
    """A mentee's request, with the id of the mentee's participation consent (to withdraw it later)."""
    person = curator.add_person("student", last_name=unique_name(), class_name="6А")
    consent = curator.give_consent(person)
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": [topic],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text
    return {**made.json(), "consent_id": consent["id"]}


def _status(curator: Api, request: dict[str, Any]) -> str:
    listed = curator.get("/api/v1/requests", params={"mentee_id": request["mentee_id"]}).json()["requests"]
    return str(next(r for r in listed if r["id"] == request["id"])["status"])


def test_a_member_leaves_on_withdrawn_consent_and_the_curator_closes_the_group(place, login) -> None:  # type: ignore[no-untyped-def]
    curator, municipality = login(place["curator"]), login(place["municipal"])
    person = curator.consenting_person("staff", last_name=unique_name())
    mentor = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher", "capacity": 3,
                                                   "subjects": ["География"], "experience_years": 10})
    assert mentor.status_code == 201, mentor.text
    requests = [_request(curator, "География") for _ in range(3)]
    run = curator.post("/api/v1/matching/runs", json={"mode": "group", "group_min": 1, "group_max": 3}).json()
    assert run["totals"]["matched"] == 3, run
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={"version": run["version"]})
    assert published.status_code == 200, published.text
    [group] = published.json()["groups"]
    for request in requests:
        wait_until(lambda r=request: _status(curator, r) == "matched", timeout=30,
                   what="the group member's request matched by the registry's consumer")

    def totals(groups: int, mentees: int) -> dict[str, Any] | None:
        found = municipality.get("/api/v1/indicators/pairs", params={"grouping": "municipality"})
        assert found.status_code == 200, found.text
        now = found.json()["totals"]
        return now if (now["groups"], now["mentees_in_groups"]) == (groups, mentees) else None

    wait_until(lambda: totals(1, 3), timeout=30, what="the group and its 3 mentees counted")

    leaving, staying = requests[0], requests[1:]
    withdrawn = curator.post(f"/api/v1/consents/{leaving['consent_id']}/withdraw", json={"reason": "Заявление"})
    assert withdrawn.status_code == 200, withdrawn.text

    def left() -> dict[str, Any] | None:
        found = curator.get(f"/api/v1/groups/{group['id']}").json()
        member = next(m for m in found["members"] if m["request_id"] == leaving["id"])
        return found if member["left"] else None

    now = wait_until(left, timeout=30, what="the mentee out of the group by matching's consumer")
    member = next(m for m in now["members"] if m["request_id"] == leaving["id"])
    # Withdrawal takes the mentee out of the base too (two registry events; whichever arrives first names it).
    assert member["left_reason"] in ("согласие на обработку персональных данных отозвано",
                                     "наставляемый выведен из базы") and now["status"] == "active"
    # Nothing of the person may be processed any more: the registry withdraws the request itself (no reopening
    # for a mentee out of the base, ADR 007); the group no longer holds it.
    wait_until(lambda: _status(curator, leaving) == "withdrawn", timeout=30,
               what="the leaving mentee's request no longer matched")
    assert all(_status(curator, r) == "matched" for r in staying)
    wait_until(lambda: totals(1, 2), timeout=30, what="reporting counting one mentee fewer in groups")

    empty = curator.post(f"/api/v1/groups/{group['id']}/close", json={"reason": ""})
    assert empty.status_code == 422
    closed = curator.post(f"/api/v1/groups/{group['id']}/close",
                          json={"reason": "Группа расформирована", "version": now["version"]})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed" and closed.json()["close_reason"] == "Группа расформирована"
    again = curator.post(f"/api/v1/groups/{group['id']}/complete", json={"outcome": "итог"})
    assert again.status_code == 409 and "закрыта" in again.json()["detail"]
    for request in staying:
        wait_until(lambda r=request: _status(curator, r) == "open", timeout=30,
                   what="the remaining member's request reopened by the registry's consumer")
    wait_until(lambda: totals(0, 0), timeout=30, what="reporting no longer counting the group or its mentees")

    card = curator.get(f"/school/groups/{group['id']}").text
    assert "Наставляемый вышел из группы" in card and "Группа закрыта досрочно" in card
    assert "Группа расформирована" in card and 'id="close"' not in card
    # The requests are open again: a new run proposes them (the mentor's seats are free again too).
    rerun = curator.post("/api/v1/matching/runs", json={"mode": "group", "group_min": 1, "group_max": 3}).json()
    assert rerun["totals"]["matched"] == 2, rerun["totals"]
