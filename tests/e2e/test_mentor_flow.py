"""The walking skeleton's flow through the gateway: a school registers, the outer contour sees counts."""

from __future__ import annotations

import uuid

from tests.support import wait_until


def _register(api, name: str, origin: str = "teacher") -> dict:  # type: ignore[no-untyped-def]
    response = api.post("/api/v1/mentors", json={"full_name": name, "origin": origin, "capacity": 2,
                                                 "subjects": ["Математика"], "competencies": ["Олимпиады"]})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_registration_reaches_the_municipality_and_the_region_but_not_another_school(tenants, login) -> None:
    curator_a, curator_b = login(tenants.curator_a), login(tenants.curator_b)
    municipality, region, other_municipality = login(tenants.mun_1), login(tenants.region_op), login(tenants.mun_2)
    before_m = municipality.count_for(tenants.school_a)
    before_r = region.count_for(tenants.m1_id)
    before_total = region.mentor_counts()["total_mentors"]

    name = f"Наставник {uuid.uuid4().hex[:6]}"
    mentor = _register(curator_a, name)
    assert mentor["origin_title"] == "Педагог"

    wait_until(lambda: municipality.count_for(tenants.school_a) == before_m + 1, what="municipal count +1")
    wait_until(lambda: region.count_for(tenants.m1_id) == before_r + 1, what="regional count +1")
    assert region.mentor_counts()["total_mentors"] == before_total + 1
    assert region.count_for(tenants.school_a, grouping="organisation") == before_m + 1

    listed_a = curator_a.get("/api/v1/mentors").json()
    assert name in [m["full_name"] for m in listed_a["items"]]
    listed_b = curator_b.get("/api/v1/mentors", params={"page_size": 200}).json()
    ids_a = {m["id"] for m in curator_a.get("/api/v1/mentors", params={"page_size": 200}).json()["items"]}
    assert ids_a and ids_a.isdisjoint({m["id"] for m in listed_b["items"]})
    assert name not in [m["full_name"] for m in listed_b["items"]]

    other_rows = other_municipality.mentor_counts()["rows"]
    assert [r["unit_id"] for r in other_rows] == [tenants.school_b]
    municipal_rows = municipality.mentor_counts()["rows"]
    assert {r["unit_id"] for r in municipal_rows} == {tenants.school_a, tenants.school_c}


def test_outer_contour_never_gets_the_list_of_people(tenants, login) -> None:
    for username in (tenants.mun_1, tenants.region_op, tenants.admin):
        response = login(username).get("/api/v1/mentors")
        assert response.status_code == 403
        assert response.json()["detail"] == "Недостаточно прав для этого действия"


def test_school_may_not_register_without_session_or_csrf(stack, tenants, login) -> None:
    import httpx

    anonymous = httpx.post(f"{stack.gateway_url}/api/v1/mentors",
                           json={"full_name": "Аноним", "origin": "teacher", "capacity": 1})
    assert anonymous.status_code == 401
    curator = login(tenants.curator_a)
    response = curator.post("/api/v1/mentors", json={"full_name": "Без токена", "origin": "teacher", "capacity": 1},
                            headers={"X-CSRF-Token": "forged"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    names = [m["full_name"] for m in curator.get("/api/v1/mentors", params={"page_size": 200}).json()["items"]]
    assert "Без токена" not in names and "Аноним" not in names


def test_login_does_not_tell_which_part_was_wrong(stack, tenants) -> None:
    import httpx

    wrong_password = httpx.post(f"{stack.gateway_url}/api/v1/auth/login",
                                json={"username": tenants.curator_a, "password": "nope"})
    unknown_user = httpx.post(f"{stack.gateway_url}/api/v1/auth/login",
                              json={"username": "nobody-here", "password": "nope"})
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()


def test_pagination_walks_the_whole_base_once(tenants, login) -> None:
    curator = login(tenants.curator_b)
    for i in range(5):
        _register(curator, f"Страница {i} {uuid.uuid4().hex[:4]}", origin="parent")
    seen: list[str] = []
    token = ""
    while True:
        response = curator.get("/api/v1/mentors", params={"page_size": 2, "page_token": token})
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [m["id"] for m in page["items"]]
        token = page["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) == page["total"] >= 5
    assert curator.get("/api/v1/mentors", params={"page_token": "garbage!"}).status_code == 422
