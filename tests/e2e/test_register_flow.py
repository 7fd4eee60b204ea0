"""The school's register through the gateway (issue 14 item 1, issue 15 item 5, ADR 025), on a region of its own:
municipality M1 with school A, M2 with school B, and a second region with school D.

- school A records a held event and its teachers' part in another organisation's event; bad input is refused in
  Russian, nothing half-written; the tiers above read titles and counts, another region nothing;
- A submits a practice; M1's expert takes it into review, returns it with a note, A corrects it, M1 passes it at the
  municipal level — not 4.5 —, a second practice passes the region's review (regional level, 4.5);
- the catalogue: only passed practices the school published, found by B (another school of the region) by text,
  form and municipality, never by D's region; the authors are A's only;
- indicators 4.1–4.5 change at the region after the events (people summed, not rows), at two dates."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest

from tests.clock import today
from tests.support import wait_until


@pytest.fixture(scope="module")
def region(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    r = registry.create_region(admin, name=f"Область реестра {tag}", code=f"rg-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=r.id, name=f"Северный округ {tag}", code=f"rg-m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=r.id, name=f"Южный округ {tag}", code=f"rg-m2-{tag}")
    a = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа А {tag}",
                                     code=f"rg-a-{tag}")
    b = registry.create_organisation(admin, municipality_id=m2.id, kind="school", name=f"Школа Б {tag}",
                                     code=f"rg-b-{tag}")
    r2 = registry.create_region(admin, name=f"Соседняя область {tag}", code=f"rg-r2-{tag}")
    m3 = registry.create_municipality(admin, region_id=r2.id, name=f"Дальний округ {tag}", code=f"rg-m3-{tag}")
    d = registry.create_organisation(admin, municipality_id=m3.id, kind="school", name=f"Школа Г {tag}",
                                     code=f"rg-d-{tag}")
    accounts = {
        "curator_a": (Role.SCHOOL_CURATOR, {"org_id": a.id, "municipality_id": m1.id, "region_id": r.id}),
        "curator_b": (Role.SCHOOL_CURATOR, {"org_id": b.id, "municipality_id": m2.id, "region_id": r.id}),
        "curator_d": (Role.SCHOOL_CURATOR, {"org_id": d.id, "municipality_id": m3.id, "region_id": r2.id}),
        "mun_1": (Role.MUNICIPAL_CURATOR, {"municipality_id": m1.id, "region_id": r.id}),
        "mun_2": (Role.MUNICIPAL_CURATOR, {"municipality_id": m2.id, "region_id": r.id}),
        "region_op": (Role.REGIONAL_OPERATOR, {"region_id": r.id}),
        "department": (Role.REGIONAL_DEPARTMENT, {"region_id": r.id}),
        "tutor": (Role.TUTOR, {"region_id": r.id}),
    }
    names = {}
    for name, (role, homes) in accounts.items():
        names[name] = f"rg-{name}-{tag}"
        auth.create_account(username=names[name], password=PASSWORD, display_name=name, role=role, **homes)
    return {**names, "region_id": r.id, "m1": m1.id, "m2": m2.id, "a": a.id, "b": b.id, "d": d.id, "tag": tag}


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _refused(response: Any, status: int, text: str = "") -> None:
    assert response.status_code == status, response.text
    assert text in response.json()["detail"], response.json()


def _appendix(api: Any, params: dict[str, str] | None = None) -> dict[str, int]:
    found = _ok(api.get("/api/v1/indicators/participants", params=params or {}))
    return {a["code"]: a["value"] for a in found["appendix_indicators"] if a["code"].startswith("4.")}


HELD = {"title": "Семинар «Наставничество молодых педагогов»", "held_on": (today() - timedelta(days=3)).isoformat(),
        "kind": "seminar", "level": "municipal", "role": "held", "participants": 40, "teachers": 15, "partners": 3,
        "mentors": 8, "mentees": 6}
ATTENDED = {"title": "Региональная конференция по наставничеству",
            "held_on": (today() - timedelta(days=10)).isoformat(),
            "kind": "conference", "level": "regional", "role": "attended", "host": "ИРООО", "teachers": 5,
            "partners": 2}


def test_events_are_recorded_by_the_school_and_counted_at_the_region(region, login) -> None:  # type: ignore[no-untyped-def]
    curator, operator = login(region["curator_a"]), login(region["region_op"])
    assert _appendix(operator) == {"4.1": 0, "4.2": 0, "4.3": 0, "4.4": 0, "4.5": 0}

    _refused(curator.post("/api/v1/scientific-events", json={**HELD, "participants": 0}), 422, "сколько человек")
    _refused(curator.post("/api/v1/scientific-events", json={**ATTENDED, "host": ""}), 422, "организацию")
    _refused(curator.post("/api/v1/scientific-events",
                          json={**HELD, "held_on": (today() + timedelta(days=30)).isoformat()}), 422, "вне допустимого")
    _refused(login(region["mun_1"]).post("/api/v1/scientific-events", json=HELD), 403)
    assert _ok(curator.get("/api/v1/scientific-events"))["events"] == []  # nothing half-written

    held = _ok(curator.post("/api/v1/scientific-events", json=HELD))
    attended = _ok(curator.post("/api/v1/scientific-events", json=ATTENDED))
    assert (held["role"], held["participants"], attended["host"]) == ("held", 40, "ИРООО")

    # 4.1 teachers elsewhere 5; 4.2 partners 3 + 2; 4.3 one held; 4.4 its 40 participants — people, not rows.
    expected = {"4.1": 5, "4.2": 5, "4.3": 1, "4.4": 40, "4.5": 0}
    wait_until(lambda: _appendix(operator) == expected, timeout=30, what="4.1-4.4 counted at the region")
    assert _appendix(login(region["mun_1"])) == expected
    assert _appendix(login(region["mun_2"])) == {"4.1": 0, "4.2": 0, "4.3": 0, "4.4": 0, "4.5": 0}

    # A correction moves the sums; a removal takes the event out.
    _ok(curator.put(f"/api/v1/scientific-events/{held['id']}", json={**HELD, "participants": 55}))
    wait_until(lambda: _appendix(operator)["4.4"] == 55, timeout=30, what="the corrected participants")
    assert curator.delete(f"/api/v1/scientific-events/{attended['id']}").status_code == 204
    wait_until(lambda: _appendix(operator) == {"4.1": 0, "4.2": 3, "4.3": 1, "4.4": 55, "4.5": 0}, timeout=30,
               what="the removed event leaves 4.1")

    # The tiers above read the school's register (titles and counts); another school or region does not.
    listed = _ok(login(region["mun_1"]).get("/api/v1/scientific-events", params={"org_id": region["a"]}))
    assert [e["id"] for e in listed["events"]] == [held["id"]]
    _refused(login(region["mun_2"]).get("/api/v1/scientific-events", params={"org_id": region["a"]}), 404)
    _refused(login(region["curator_d"]).get("/api/v1/scientific-events", params={"org_id": region["a"]}), 404)
    _refused(login(region["curator_b"]).put(f"/api/v1/scientific-events/{held['id']}", json=HELD), 404)

    # Two dates: a period that ended yesterday has not got the event; today's has it.
    yesterday = (today() - timedelta(days=1)).isoformat()
    earlier = _ok(operator.get("/api/v1/indicators/period",
                               params={"start": (today() - timedelta(days=30)).isoformat(), "end": yesterday}))
    now = _ok(operator.get("/api/v1/indicators/period"))
    value = {r["key"]: (r["at_end"]) for r in earlier["indicators"]}
    assert (value["4.3"], value["4.4"]) == (0, 0)
    at_end = {r["key"]: (r["at_start"], r["at_end"], r["change"]) for r in now["indicators"]}
    assert at_end["4.4"][1:] == (55, 55) and at_end["4.3"][1:] == (1, 1)


def test_a_practice_is_reviewed_and_the_catalogue_is_region_wide(region, login) -> None:  # type: ignore[no-untyped-def]
    curator, m1, operator = login(region["curator_a"]), login(region["mun_1"]), login(region["region_op"])
    body = {"title": f"Проектная лаборатория молодых педагогов {region['tag']}", "forms": ["teacher_teacher"],
            "summary": "Молодые педагоги ведут проекты с наставником", "authors": "Иванова И. И., Петров П. П.",
            "links": ["http://laboratoriya.iroooo.ru/"]}
    _refused(curator.post("/api/v1/practices", json={**body, "links": ["javascript:alert(1)"]}), 422, "https://")
    practice = _ok(curator.post("/api/v1/practices", json=body))
    assert (practice["state"], practice["authors"]) == ("submitted", body["authors"])
    url = f"/api/v1/practices/{practice['id']}"

    _refused(login(region["mun_2"]).post(f"{url}/review"), 404)  # another municipality's expert
    _refused(curator.post(f"{url}/review"), 403)
    _refused(m1.post(f"{url}/decision", json={"passed": True}), 409, "взятой на экспертизу")
    taken = _ok(m1.post(f"{url}/review"))
    assert (taken["state"], taken["review_level"], taken["authors"]) == ("under_review", "municipal", "")
    _refused(m1.post(f"{url}/decision", json={"passed": False}), 422, "что доработать")
    _refused(m1.post(f"{url}/decision", json={"passed": True, "review_level": "federal"}), 422)
    _ok(m1.post(f"{url}/decision", json={"passed": False, "note": "Добавьте план на год"}))
    _refused(curator.put(f"{url}/publication", json={"published": True}), 409, "прошедшая экспертизу")
    resubmitted = _ok(curator.put(url, json={**body, "summary": "С планом на год"}))
    assert (resubmitted["state"], resubmitted["review_note"]) == ("submitted", "")
    _ok(m1.post(f"{url}/review"))
    passed = _ok(m1.post(f"{url}/decision", json={"passed": True}))
    assert (passed["state"], passed["review_level"]) == ("passed", "municipal")

    second = _ok(curator.post("/api/v1/practices", json={**body, "title": f"Мастерская профессионала {region['tag']}",
                                                         "forms": ["teacher_teacher", "team_team"]}))
    _ok(operator.post(f"/api/v1/practices/{second['id']}/review"))
    _ok(operator.post(f"/api/v1/practices/{second['id']}/decision", json={"passed": True}))
    queue = _ok(m1.get("/api/v1/practices"))["practices"]
    assert {p["id"] for p in queue} == {practice["id"], second["id"]}
    assert _ok(login(region["mun_2"]).get("/api/v1/practices"))["practices"] == []

    # Nothing in the catalogue until the school publishes.
    query = {"query": region["tag"]}
    assert _ok(login(region["curator_b"]).get("/api/v1/practice-catalogue", params=query))["total"] == 0
    _ok(curator.put(f"{url}/publication", json={"published": True}))
    _ok(curator.put(f"/api/v1/practices/{second['id']}/publication", json={"published": True}))
    for reader in ("curator_b", "mun_2", "region_op", "department", "tutor"):
        found = _ok(login(region[reader]).get("/api/v1/practice-catalogue", params=query))
        assert found["total"] == 2, reader
        assert all(p["authors"] == "" for p in found["practices"]), "authors stay in the school"
    b = login(region["curator_b"])
    by_form = _ok(b.get("/api/v1/practice-catalogue", params={**query, "form": "team_team"}))
    assert [p["id"] for p in by_form["practices"]] == [second["id"]]
    assert _ok(b.get("/api/v1/practice-catalogue", params={**query, "municipality_id": region["m2"]}))["total"] == 0
    assert _ok(b.get("/api/v1/practice-catalogue", params={"query": "Мастерская профессионала " + region["tag"]}))[
        "total"] == 1
    assert _ok(b.get(url))["authors"] == ""
    assert _ok(curator.get(url))["authors"] == body["authors"]
    other = login(region["curator_d"])
    assert _ok(other.get("/api/v1/practice-catalogue", params=query))["total"] == 0
    _refused(other.get(url), 404)

    # 4.5: only the practice that passed at the regional level; the municipal one is in the catalogue, not in 4.5.
    wait_until(lambda: _appendix(operator)["4.5"] == 1, timeout=30, what="4.5 counted at the region")
    assert _appendix(login(region["mun_2"]))["4.5"] == 0

    # Withdrawn from the catalogue: gone for the others, the school still has it.
    _ok(curator.put(f"{url}/publication", json={"published": False}))
    assert _ok(b.get("/api/v1/practice-catalogue", params=query))["total"] == 1
    _refused(b.get(url), 404)


def test_pages_of_the_register(region, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(region["curator_a"])
    page = curator.get("/school/events")
    assert page.status_code == 200 and "Научно-практические мероприятия школы" in page.text
    csrf = curator.csrf
    refused = curator.post("/school/events", data={"csrf_token": csrf, **{**HELD, "title": ""}})
    assert refused.status_code == 422 and "Заполните поле «Название»" in refused.text
    done = curator.post("/school/events", data={"csrf_token": csrf, **{k: str(v) for k, v in HELD.items()}},
                        follow_redirects=False)
    assert done.status_code == 303
    assert HELD["title"] in curator.get("/school/events").text
    assert "Подать практику на экспертизу" in curator.get("/school/practices").text
    assert "Каталог лучших практик наставничества" in curator.get("/practices").text
    assert "Экспертиза практик наставничества" in login(region["mun_1"]).get("/practices/review").text
