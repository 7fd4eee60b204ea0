"""The walking skeleton's flow through the gateway: a school registers, the outer contour sees counts."""

from __future__ import annotations

from tests.support import unique_name, wait_until


def _register(api, name: str, origin: str = "teacher") -> dict:  # type: ignore[no-untyped-def]
    return api.register_mentor(origin, last_name=name, subjects=["Математика"],  # type: ignore[no-any-return]
                               competencies=["Подготовка к олимпиадам и конкурсам"])


def test_registration_reaches_the_municipality_and_the_region_but_not_another_school(tenants, login) -> None:
    curator_a, curator_b = login(tenants.curator_a), login(tenants.curator_b)
    municipality, region, other_municipality = login(tenants.mun_1), login(tenants.region_op), login(tenants.mun_2)
    before_m = municipality.count_for(tenants.school_a)
    before_r = region.count_for(tenants.m1_id)
    before_total = region.mentor_counts()["total_mentors"]

    name = unique_name("Наставник")
    mentor = _register(curator_a, name)
    assert mentor["origin"] == "teacher" and mentor["full_name"].startswith(name)

    wait_until(lambda: municipality.count_for(tenants.school_a) == before_m + 1, what="municipal count +1")
    wait_until(lambda: region.count_for(tenants.m1_id) == before_r + 1, what="regional count +1")
    assert region.mentor_counts()["total_mentors"] == before_total + 1
    assert region.count_for(tenants.school_a, grouping="organisation") == before_m + 1

    listed_a = curator_a.get("/api/v1/mentors", params={"query": name}).json()
    assert [m["id"] for m in listed_a["mentors"]] == [mentor["id"]]
    listed_b = curator_b.get("/api/v1/mentors", params={"page_size": 200}).json()
    ids_a = {m["id"] for m in curator_a.get("/api/v1/mentors", params={"page_size": 200}).json()["mentors"]}
    assert ids_a and ids_a.isdisjoint({m["id"] for m in listed_b["mentors"]})
    assert name not in [m["full_name"] for m in listed_b["mentors"]]

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

    curator = login(tenants.curator_a)
    person = curator.consenting_person("staff")
    anonymous = httpx.post(f"{stack.gateway_url}/api/v1/mentors",
                           json={"person_id": person["id"], "origin": "teacher", "capacity": 1})
    assert anonymous.status_code == 401
    response = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher", "capacity": 1},
                            headers={"X-CSRF-Token": "forged"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    card = curator.get(f"/api/v1/persons/{person['id']}").json()
    assert card["mentor"] is None


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
    for _ in range(5):
        _register(curator, unique_name("Страница"), origin="parent")
    seen: list[str] = []
    token = ""
    while True:
        response = curator.get("/api/v1/mentors", params={"page_size": 2, "page_token": token})
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [m["id"] for m in page["mentors"]]
        token = page["next_page_token"]
        if not token:
            break
    assert len(seen) == len(set(seen)) == page["total"] >= 5
    assert curator.get("/api/v1/mentors", params={"page_token": "garbage!"}).status_code == 422
