"""How pairs end, end to end through the gateway (issue 11, item 3): a curator completes one pair (its request stays
matched; reporting counts it completed), replaces a mentor on the mentee's petition (the request stays matched and
follows the new pair) and releases a mentor on his request (the request reopens, then the new pair matches it again).
Bad input is a clear 4xx with nothing written; another school's curator gets 404 everywhere. The school sits in a
region of its own, so the municipality's pair counts are exactly this test's."""

from __future__ import annotations

import html
import re
import secrets
from typing import Any

import pytest

from tests.clock import today
from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.support import Api, unique_name, wait_until


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    region = registry.create_region(admin, name=f"Область жизни пар {tag}", code=f"life-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ жизни пар {tag}",
                                                code=f"life-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                          name=f"Школа жизни пар {tag}", code=f"life-{tag}")
    auth.create_account(username=f"life-{tag}", password=PASSWORD, display_name="Куратор Жизни",
                        role=Role.SCHOOL_CURATOR, org_id=school.id, municipality_id=municipality.id,
                        region_id=region.id)
    auth.create_account(username=f"life-mun-{tag}", password=PASSWORD, display_name="Муниципалитет",
                        role=Role.MUNICIPAL_CURATOR, municipality_id=municipality.id, region_id=region.id)
    return {"curator": f"life-{tag}", "municipal": f"life-mun-{tag}"}


def _mentor(curator: Api, experience: int) -> dict[str, Any]:
    person = curator.consenting_person("staff", last_name=unique_name())
    made = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "teacher", "capacity": 1,
                                                 "subjects": ["Математика"], "experience_years": experience})
    assert made.status_code == 201, made.text
    return made.json()


def _request(curator: Api) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name="6А")
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["low_results"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": ["Математика"],
                                                  "desired_form": "teacher_pupil", "source": "classroom_teacher"})
    assert made.status_code == 201, made.text
    return made.json()


def _request_state(curator: Api, request: dict[str, Any]) -> dict[str, Any]:
    listed = curator.get("/api/v1/requests", params={"mentee_id": request["mentee_id"]}).json()["requests"]
    return next(r for r in listed if r["id"] == request["id"])


def _counts(municipality: Api) -> dict[str, Any]:
    found = municipality.get("/api/v1/indicators/pairs", params={"grouping": "municipality"})
    assert found.status_code == 200, found.text
    return dict(found.json()["totals"])


def _matched_by(curator: Api, request: dict[str, Any], pair_id: str) -> dict[str, Any]:
    return wait_until(lambda: (s := _request_state(curator, request))["status"] == "matched"
                      and s["pair_id"] == pair_id and s, timeout=30, what=f"the request matched by pair {pair_id}")


def test_complete_replace_and_release_reach_the_registry_and_reporting(place, tenants, login, stack) -> None:  # type: ignore[no-untyped-def]
    curator, municipality, other = login(place["curator"]), login(place["municipal"]), login(tenants.curator_b)
    # Four teachers with one seat each for three requests: one stays free.
    mentor_ids = {_mentor(curator, years)["id"] for years in (20, 15, 10, 5)}
    requests = [_request(curator) for _ in range(3)]
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    assert run["totals"]["matched"] == 3, run
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={"version": run["version"]})
    assert published.status_code == 200, published.text
    pair_of = {p["request_id"]: p for p in published.json()["pairs"]}
    done_r, replace_r, release_r = requests
    (fourth,) = mentor_ids - {p["mentor_id"] for p in pair_of.values()}
    for r in requests:
        _matched_by(curator, r, pair_of[r["id"]]["id"])
    wait_until(lambda: _counts(municipality)["pairs"] == 3, timeout=30, what="three pairs counted")

    # 1. Completion: before the term only with a confirmation; the request stays matched, reporting counts it.
    done = pair_of[done_r["id"]]
    body = {"outcome": "Освоил программу 6 класса", "result": "achieved", "version": done["version"]}
    early = curator.post(f"/api/v1/pairs/{done['id']}/complete", json=body)
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "confirm_early", early.text
    assert "подтвердите досрочное завершение" in early.json()["detail"]
    assert curator.get(f"/api/v1/pairs/{done['id']}").json()["status"] == "active", "nothing half-written"
    assert other.post(f"/api/v1/pairs/{done['id']}/complete", json={**body, "confirm_early": True}).status_code == 404
    completed = curator.post(f"/api/v1/pairs/{done['id']}/complete", json={**body, "confirm_early": True})
    assert completed.status_code == 200 and completed.json()["status"] == "completed", completed.text
    again = curator.post(f"/api/v1/pairs/{done['id']}/complete", json={**body, "confirm_early": True, "version": 0})
    assert again.status_code == 409 and "завершена" in again.json()["detail"]
    closing = curator.post(f"/api/v1/pairs/{done['id']}/close", json={"reason": "ошибка"})
    assert closing.status_code == 409
    counted = wait_until(lambda: (c := _counts(municipality))["completed"] == 1 and c, timeout=30,
                         what="the completed pair counted")
    assert counted["pairs"] == 2 and counted["closed_early"] == 0
    assert _request_state(curator, done_r)["status"] == "matched"

    # 2. Replacement on the mentee's petition: the candidates come at once, the former mentor is not among them.
    old = pair_of[replace_r["id"]]
    future = curator.post(f"/api/v1/pairs/{old['id']}/petition", json={
        "kind": "replace_mentor", "filed_on": "2999-01-01", "reason": "Не сложился контакт"})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "filed_on"
    foreign = other.post(f"/api/v1/pairs/{old['id']}/petition", json={
        "kind": "replace_mentor", "filed_on": today().isoformat(), "reason": "Чужая"})
    assert foreign.status_code == 404
    no_petition = curator.post(f"/api/v1/pairs/{old['id']}/petition/decision", json={"approve": True})
    assert no_petition.status_code == 409 and "Нерассмотренного обращения" in no_petition.json()["detail"]
    filed = curator.post(f"/api/v1/pairs/{old['id']}/petition", json={
        "kind": "replace_mentor", "filed_on": today().isoformat(), "reason": "Не сложился контакт",
        "version": old["version"]})
    assert filed.status_code == 200 and filed.json()["petition"]["status"] == "filed", filed.text
    stale = curator.post(f"/api/v1/pairs/{old['id']}/petition/decision",
                         json={"approve": True, "version": old["version"]})
    assert stale.status_code == 409 and "обновите страницу" in stale.json()["detail"]
    assert other.post(f"/api/v1/pairs/{old['id']}/petition/decision", json={"approve": True}).status_code == 404
    decided = curator.post(f"/api/v1/pairs/{old['id']}/petition/decision",
                           json={"approve": True, "comment": "Удовлетворить", "version": filed.json()["version"]})
    assert decided.status_code == 200, decided.text
    closed, candidates = decided.json()["pair"], decided.json()["candidates"]
    assert closed["status"] == "closed" and closed["awaiting_mentor"]
    assert closed["close_reason"].startswith("замена наставника по ходатайству наставляемого")
    assert {c["mentor_id"] for c in candidates} == {fourth, done["mentor_id"]}, "free seats, the former mentor out"
    twice = curator.post(f"/api/v1/pairs/{old['id']}/petition/decision", json={"approve": True})
    assert twice.status_code == 409
    assert other.get(f"/api/v1/pairs/{old['id']}/candidates").status_code == 404
    wait_until(lambda: _counts(municipality)["closed_early"] == 1, timeout=30, what="the closed pair counted")
    assert _request_state(curator, replace_r)["status"] == "matched", "kept through the switch"
    outside = curator.post(f"/api/v1/pairs/{old['id']}/replacement", json={"mentor_id": old["mentor_id"]})
    assert outside.status_code == 422 and "из предложенных" in outside.json()["detail"]
    assert other.post(f"/api/v1/pairs/{old['id']}/replacement",
                      json={"mentor_id": candidates[0]["mentor_id"]}).status_code == 404
    picked = curator.post(f"/api/v1/pairs/{old['id']}/replacement",
                          json={"mentor_id": candidates[0]["mentor_id"], "version": closed["version"]})
    assert picked.status_code == 200, picked.text
    new = picked.json()["formed"]
    assert new["request_id"] == replace_r["id"] and new["replaces_pair_id"] == old["id"]
    assert new["mentor_id"] == candidates[0]["mentor_id"]
    assert picked.json()["closed"]["replaced_by_pair_id"] == new["id"]
    state = _matched_by(curator, replace_r, new["id"])
    assert "досрочно" not in state["status_reason"], "the request was never reopened"
    picked_twice = curator.post(f"/api/v1/pairs/{old['id']}/replacement", json={"mentor_id": old["mentor_id"]})
    assert picked_twice.status_code == 409

    # 3. Release on the mentor's request: the request reopens, the mentee is offered the freed mentor.
    freed = pair_of[release_r["id"]]
    curator.post(f"/api/v1/pairs/{freed['id']}/petition", json={
        "kind": "release_mentor", "filed_on": today().isoformat(),
        "reason": "Переезд в другой город"}).raise_for_status()
    declined = curator.post(f"/api/v1/pairs/{freed['id']}/petition/decision", json={"approve": False})
    assert declined.status_code == 422 and declined.json()["errors"][0]["field"] == "comment"
    released = curator.post(f"/api/v1/pairs/{freed['id']}/petition/decision", json={"approve": True}).json()
    assert released["pair"]["close_reason"].startswith("освобождение наставника по его просьбе")
    offered = {c["mentor_id"] for c in released["candidates"]}
    assert offered == {fourth, done["mentor_id"], old["mentor_id"]} - {new["mentor_id"]}, "the released one is out"
    reopened = wait_until(lambda: (s := _request_state(curator, release_r))["status"] == "open" and s, timeout=30,
                          what="the request reopened after the release")
    assert "освобождение наставника по его просьбе" in reopened["status_reason"]
    again_offered = curator.get(f"/api/v1/pairs/{freed['id']}/candidates").json()["candidates"]
    assert {c["mentor_id"] for c in again_offered} == offered
    second = curator.post(f"/api/v1/pairs/{freed['id']}/replacement", json={"mentor_id": old["mentor_id"]})
    assert second.status_code == 200, second.text
    _matched_by(curator, release_r, second.json()["formed"]["id"])
    final = wait_until(lambda: (c := _counts(municipality))["pairs"] == 2 and c["closed_early"] == 2 and c,
                       timeout=30, what="the counts after both switches")
    assert final["completed"] == 1 and final["mentees_in_pairs"] == 2

    # 4. The history on the pair card, in Russian with Russian dates; another school sees nothing.
    browser = _sign_in(stack, place["curator"])
    card = html.unescape(browser.get(f"/school/pairs/{old['id']}").text)
    for line in ("Пара сформирована", "Подано обращение", "Обращение удовлетворено", "Пара закрыта досрочно",
                 "Наставник заменён", "Не сложился контакт", "Куратор Жизни"):
        assert line in card, line
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", card) and 'id="replaced-by"' in card
    assert "Пара сформирована взамен прежней" in html.unescape(browser.get(f"/school/pairs/{new['id']}").text)
    stranger = _sign_in(stack, tenants.curator_b)
    assert stranger.get(f"/school/pairs/{old['id']}").status_code == 404
    assert other.get(f"/api/v1/pairs/{old['id']}").status_code == 404

    # 5. A petition declined from the page: the pair goes on, the history says so.
    page = browser.get(f"/school/pairs/{new['id']}").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    browser.post(f"/school/pairs/{new['id']}/petition", data={
        "csrf_token": _hidden_csrf(page), "version": version, "kind": "replace_mentor", "filed_on": today().isoformat(),
        "reason": "Хочу другого"})
    page = browser.get(f"/school/pairs/{new['id']}").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    no_reason = browser.post(f"/school/pairs/{new['id']}/petition/decision", data={
        "csrf_token": _hidden_csrf(page), "version": version, "decision": "decline", "comment": ""})
    assert no_reason.status_code == 422 and "почему обращение отклонено" in html.unescape(no_reason.text)
    declined_page = browser.post(f"/school/pairs/{new['id']}/petition/decision", data={
        "csrf_token": _hidden_csrf(page), "version": version, "decision": "decline", "comment": "Рано менять"})
    assert declined_page.status_code == 303
    text = html.unescape(browser.get(declined_page.headers["location"]).text)
    assert "Обращение отклонено" in text and "Рано менять" in text and "Действует" in text


def test_pair_list_filters_and_keyset_pages(place, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(place["curator"])
    every = curator.get("/api/v1/pairs", params={"page_size": 200}).json()
    assert every["total"] >= 5, every["total"]
    seen: list[str] = []
    token = ""
    while True:
        page = curator.get("/api/v1/pairs", params={"page_size": 2, **({"page_token": token} if token else {})})
        assert page.status_code == 200, page.text
        seen += [p["id"] for p in page.json()["pairs"]]
        token = page.json()["next_page_token"]
        if not token:
            break
    assert seen == [p["id"] for p in every["pairs"]], "the keyset pages give every pair once, in the same order"
    one = every["pairs"][0]
    by_mentor = curator.get("/api/v1/pairs", params={"mentor_id": one["mentor_id"]}).json()["pairs"]
    assert by_mentor and {p["mentor_id"] for p in by_mentor} == {one["mentor_id"]}
    by_run = curator.get("/api/v1/pairs", params={"run_id": one["run_id"], "form": "teacher_pupil",
                                                  "kind": "individual", "status": "completed"}).json()
    assert by_run["total"] == 1 and by_run["pairs"][0]["status"] == "completed"
    for bad in ({"page_token": "%%%"}, {"form": "nope"}, {"kind": "nope"}, {"run_id": "x" * 101}):
        assert curator.get("/api/v1/pairs", params=bad).status_code == 422, bad
    assert login(tenants.curator_b).get("/api/v1/pairs", params={"run_id": one["run_id"]}).json()["total"] == 0
    listing = curator.get("/school/pairs", params={"status": "active", "run_id": one["run_id"]})
    assert listing.status_code == 200 and 'id="pairs-total">2<' in listing.text
