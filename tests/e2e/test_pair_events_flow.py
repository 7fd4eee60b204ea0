"""Requests and indicators follow pairs, end to end through the gateway (ADR 007): a curator publishes a run;
the registry marks the requests matched and reporting counts the pairs for the municipality — both only from
matching's events; marking «matched» by hand is refused in Russian; closing a pair early reopens its request and
the counts fall. The school sits in a region of its own, so its totals are exactly this test's and no other
test's organisation counts change."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from tests.support import Api, unique_name, wait_until

MATCHED_BY_PAIRS_ONLY = ("Наставник подбирается на странице «Подбор пар»: запрос отмечается подобранным при "
                         "утверждении пары")


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область пар {tag}", code=f"pairs-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ пар {tag}",
                                                code=f"pairs-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа пар {tag}", code=f"pairs-{tag}")
    auth.create_account(username=f"pairs-{tag}", password=PASSWORD, display_name="Куратор",
                        role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                        region_id=region.id)
    auth.create_account(username=f"pairs-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=region.id)
    return {"org_id": school.id, "municipality_id": municipality.id, "curator": f"pairs-{tag}",
            "municipal": f"pairs-mun-{tag}"}


def _request(curator: Api) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name="6А")
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["Математика"],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text
    return made.json()


def _status(curator: Api, request: dict[str, Any]) -> dict[str, Any]:
    listed = curator.get("/api/v1/requests", params={"mentee_id": request["mentee_id"]}).json()["requests"]
    return next(r for r in listed if r["id"] == request["id"])


def test_publishing_matches_the_requests_and_the_municipality_counts_the_pairs(place, login) -> None:  # type: ignore[no-untyped-def]
    curator, municipality = login(place["curator"]), login(place["municipal"])
    person = curator.consenting_person("staff", last_name=unique_name())
    mentor = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher", "capacity": 2,
                                                   "subjects": ["Математика"], "experience_years": 10})
    assert mentor.status_code == 201, mentor.text
    first, second = _request(curator), _request(curator)

    refused = curator.post(f"/api/v1/requests/{first['id']}/status", json={"status": "matched"})
    assert refused.status_code == 409 and refused.json()["detail"] == MATCHED_BY_PAIRS_ONLY

    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    assert run["totals"]["matched"] == 2, run
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "virtual", "term_months": 6})
    assert published.status_code == 200, published.text
    pairs = {p["request_id"]: p for p in published.json()["pairs"]}
    assert set(pairs) == {first["id"], second["id"]}

    for request in (first, second):
        matched = wait_until(lambda r=request: (s := _status(curator, r))["status"] == "matched" and s,
                             timeout=30, what="the request matched by the registry's consumer")
        assert matched["pair_id"] == pairs[request["id"]]["id"]
    again = curator.post(f"/api/v1/requests/{first['id']}/status", json={"status": "matched"})
    assert again.status_code == 409 and again.json()["detail"] == MATCHED_BY_PAIRS_ONLY

    def counted(pairs_expected: int) -> dict[str, Any] | None:
        found = municipality.get("/api/v1/indicators/pairs", params={"grouping": "municipality"})
        assert found.status_code == 200, found.text
        body = found.json()
        return body if body["totals"]["pairs"] == pairs_expected else None

    body = wait_until(lambda: counted(2), timeout=30, what="the municipality's pair counts")
    assert [r["unit_id"] for r in body["rows"]] == [place["municipality_id"]]
    totals = body["totals"]
    assert totals["by_form"] == {"teacher_pupil": 2} and totals["by_kind"] == {"virtual": 2}
    assert totals["mentees_in_pairs"] == 2 and totals["closed_early"] == 0
    assert "mentor_id" not in str(body)
    assert "mentee" not in str(body).replace("mentees_in_pairs", "").replace("mentees_in_groups", "")
    page = municipality.get("/indicators").text
    assert "Наставнические пары" in page and 'id="total-pairs">2<' in page
    assert "Учитель – ученик" in page and "Виртуальное (дистанционное)" in page

    # Closed early (the mentee asked for another mentor): the request is open again, the counts fall.
    pair = pairs[first["id"]]
    closed = curator.post(f"/api/v1/pairs/{pair['id']}/close", json={"reason": "Замена наставника по заявлению"})
    assert closed.status_code == 200, closed.text
    reopened = wait_until(lambda: (s := _status(curator, first))["status"] == "open" and s, timeout=30,
                          what="the request reopened by the registry's consumer")
    assert "Замена наставника" in reopened["status_reason"] and reopened["pair_id"] == ""
    body = wait_until(lambda: counted(1), timeout=30, what="the pair counts after the close")
    assert body["totals"]["closed_early"] == 1 and body["totals"]["mentees_in_pairs"] == 1
    assert _status(curator, second)["status"] == "matched"
