"""Contests through the gateway (issue 15 item 4, ADR 023), on a region of its own: municipality M1 with school A,
M2 with school B, a second region with school D; two jurors of the region and one of the other region.

- a regional contest from its announcement to its results: the operator drafts it, forms the jury and announces it;
  A applies with its mentor (only the consented fields), its teacher mentee and itself; M1 applies with its model
  to the contest of municipal models; jurors score by the criteria, one declares a conflict of interest; the results
  give places and awards per nomination; 3.3 and the mentor's evidence sheet follow;
- reach: a juror sees only the contests he judges (404 on another), the applications' unconsented fields never
  leave the school, another region sees nothing; refusals are Russian 4xx and write nothing."""

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
    r = registry.create_region(admin, name=f"Область конкурсов {tag}", code=f"ct-r-{tag}")
    m1 = registry.create_municipality(admin, region_id=r.id, name=f"Первый округ {tag}", code=f"ct-m1-{tag}")
    m2 = registry.create_municipality(admin, region_id=r.id, name=f"Второй округ {tag}", code=f"ct-m2-{tag}")
    a = registry.create_organisation(admin, municipality_id=m1.id, kind="school", name=f"Школа А {tag}",
                                     code=f"ct-a-{tag}")
    b = registry.create_organisation(admin, municipality_id=m2.id, kind="school", name=f"Школа Б {tag}",
                                     code=f"ct-b-{tag}")
    r2 = registry.create_region(admin, name=f"Другая область {tag}", code=f"ct-r2-{tag}")
    m3 = registry.create_municipality(admin, region_id=r2.id, name=f"Третий округ {tag}", code=f"ct-m3-{tag}")
    d = registry.create_organisation(admin, municipality_id=m3.id, kind="school", name=f"Школа Г {tag}",
                                     code=f"ct-d-{tag}")
    accounts = {
        "curator_a": (Role.SCHOOL_CURATOR, {"org_id": a.id, "municipality_id": m1.id, "region_id": r.id}),
        "curator_b": (Role.SCHOOL_CURATOR, {"org_id": b.id, "municipality_id": m2.id, "region_id": r.id}),
        "curator_d": (Role.SCHOOL_CURATOR, {"org_id": d.id, "municipality_id": m3.id, "region_id": r2.id}),
        "mun_1": (Role.MUNICIPAL_CURATOR, {"municipality_id": m1.id, "region_id": r.id}),
        "region_op": (Role.REGIONAL_OPERATOR, {"region_id": r.id}),
        "jury_1": (Role.JURY, {"region_id": r.id}),
        "jury_2": (Role.JURY, {"region_id": r.id}),
        "jury_other": (Role.JURY, {"region_id": r2.id}),
    }
    names: dict[str, str] = {}
    ids: dict[str, str] = {}
    for name, (role, homes) in accounts.items():
        names[name] = f"ct-{name}-{tag}"
        ids[f"{name}_id"] = auth.create_account(username=names[name], password=PASSWORD, display_name=name,
                                                role=role, **homes).id
    return {**names, **ids, "region_id": r.id, "m1": m1.id, "a": a.id, "b": b.id, "d": d.id, "tag": tag}


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _refused(response: Any, status: int, text: str = "") -> None:
    assert response.status_code == status, response.text
    assert text in response.json()["detail"] + str(response.json().get("errors", "")), response.json()


CONTEST = {"kind": "mentor_of_year", "title": "Наставник года", "description": "Положение о конкурсе",
           "nominations": ["Наставник педагога", "Школа наставничества"],
           "criteria": [{"title": "Результаты наставляемых", "max_score": 10},
                        {"title": "Тиражируемость опыта", "max_score": 5}],
           "applications_until": (today() + timedelta(days=30)).isoformat(),
           "results_on": (today() + timedelta(days=60)).isoformat()}


def test_a_regional_contest_from_announcement_to_results(region, login) -> None:  # type: ignore[no-untyped-def]
    operator, curator, m1 = login(region["region_op"]), login(region["curator_a"]), login(region["mun_1"])
    jury_1, jury_2 = login(region["jury_1"]), login(region["jury_2"])

    _refused(operator.post("/api/v1/contests", json={**CONTEST, "results_on": today().isoformat()}), 422,
             "не раньше окончания приёма")
    _refused(curator.post("/api/v1/contests", json={**CONTEST, "kind": "municipal_models"}), 422,
             "проводит регион")
    contest = _ok(operator.post("/api/v1/contests", json={**CONTEST, "title": f"Наставник года {region['tag']}"}))
    assert contest["state"] == "draft" and contest["level"] == "region" and contest["organiser"]
    cid = contest["id"]
    # A draft is the organiser's: the school does not see it yet, nor may it apply.
    _refused(curator.get(f"/api/v1/contests/{cid}"), 404)

    jury = _ok(operator.get("/api/v1/contests/jury"))
    assert {j["user_id"] for j in jury} == {region["jury_1_id"], region["jury_2_id"]}  # not another region's
    _refused(operator.put(f"/api/v1/contests/{cid}/jury", json={"jurors": [region["jury_other_id"]]}), 422,
             "жюри своего региона")
    card = _ok(operator.put(f"/api/v1/contests/{cid}/jury",
                            json={"jurors": [region["jury_1_id"], region["jury_2_id"]]}))
    assert len(card["jurors"]) == 2
    _refused(operator.post(f"/api/v1/contests/{cid}/move", json={"to_state": "results", "revision": 1}), 409)
    contest = _ok(operator.post(f"/api/v1/contests/{cid}/move", json={"to_state": "announced", "revision": 1}))
    _refused(operator.put(f"/api/v1/contests/{cid}", json={**CONTEST, "revision": contest["revision"]}), 409,
             "Объявленный конкурс")

    # The school applies with its mentor (the name and position only — what he agreed to show), a teacher mentee
    # (name hidden) and itself.
    mentor = curator.register_mentor("teacher", last_name="Скрытнов", position="Учитель химии")
    person = curator.consenting_person("staff", last_name="Молодцова")
    teacher = _ok(curator.post("/api/v1/mentees", json={"person_id": person["id"],
                                                        "categories": ["new_in_team"]}))
    url = f"/api/v1/contests/{cid}/applications"
    base = {"nomination": "Наставник педагога", "subject_kind": "mentor", "subject_id": mentor["id"],
            "shown_fields": ["full_name", "organisation"], "consent_confirmed": True,
            "achievements": "Три наставляемых — победители олимпиад"}
    _refused(curator.post(url, json={**base, "consent_confirmed": False}), 422, "согласие")
    _refused(curator.post(url, json={**base, "nomination": "Нет такой"}), 422, "номинацию")
    _refused(m1.post(url, json=base), 422, "не может подать")  # a municipality applies with its model only
    by_mentor = _ok(curator.post(url, json=base))
    assert by_mentor["title"].endswith("Скрытнов Тест")
    assert {f["key"] for f in by_mentor["shown"]} == {"full_name", "organisation", "achievements"}
    assert "Учитель химии" not in str(by_mentor)
    _refused(curator.post(url, json=base), 409, "уже подана")
    by_teacher = _ok(curator.post(url, json={**base, "subject_kind": "teacher", "subject_id": teacher["id"],
                                             "shown_fields": ["position"]}))
    assert "Молодцова" not in str(by_teacher) and "ФИО не раскрывается" in by_teacher["title"]
    by_school = _ok(curator.post(url, json={"nomination": "Школа наставничества", "subject_kind": "organisation"}))
    _refused(login(region["curator_d"]).post(url, json=base), 404)  # another region's school

    # Jurors score while the jury works; a juror of another contest sees nothing of it.
    _refused(jury_1.put(f"/api/v1/contest-applications/{by_mentor['id']}/score", json={"scores": [5, 5]}), 409,
             "работы жюри")
    _ok(operator.post(f"/api/v1/contests/{cid}/move", json={"to_state": "judging", "revision": contest["revision"]}))
    _refused(curator.post(url, json={**base, "nomination": "Школа наставничества"}), 409, "приёма заявок")
    seen = _ok(jury_1.get(f"/api/v1/contests/{cid}"))
    assert {a["id"] for a in seen["applications"]} == {by_mentor["id"], by_teacher["id"], by_school["id"]}
    assert "Молодцова" not in str(seen)
    score_url = "/api/v1/contest-applications/{}/score"
    _refused(jury_1.put(score_url.format(by_mentor["id"]), json={"scores": [11, 5]}), 422, "от 0 до 10")
    _refused(jury_1.put(score_url.format(by_mentor["id"]), json={"scores": [5]}), 422, "каждому из 2")
    _ok(jury_1.put(score_url.format(by_mentor["id"]), json={"scores": [4, 4]}))
    _ok(jury_1.put(score_url.format(by_mentor["id"]), json={"scores": [9, 5], "comment": "Сильная практика"}))
    _ok(jury_1.put(score_url.format(by_teacher["id"]), json={"scores": [6, 3]}))
    _ok(jury_2.put(score_url.format(by_mentor["id"]), json={"scores": [7, 4]}))
    _ok(jury_2.put(score_url.format(by_teacher["id"]), json={"conflict": True, "conflict_note": "Моя коллега"}))
    mine = _ok(jury_2.get(f"/api/v1/contests/{cid}"))
    assert all(s["juror_name"] == "jury_2" for a in mine["applications"] for s in a["scores"])
    _refused(curator.put(score_url.format(by_school["id"]), json={"scores": [1, 1]}), 403)
    _refused(operator.post(f"/api/v1/contests/{cid}/move",
                           json={"to_state": "results", "revision": contest["revision"] + 1}), 409, "Не оценены")
    _ok(jury_2.put(score_url.format(by_school["id"]), json={"scores": [8, 2]}))

    results = _ok(operator.post(f"/api/v1/contests/{cid}/move",
                                json={"to_state": "results", "revision": contest["revision"] + 1}))
    assert results["state"] == "results"
    final = {a["id"]: a for a in _ok(operator.get(f"/api/v1/contests/{cid}"))["applications"]}
    # «Наставник педагога»: the mentor's mean (14 + 11) / 2 = 12.5 beats the teacher's 9 (the conflict does not count).
    assert (final[by_mentor["id"]]["place"], final[by_mentor["id"]]["award"]) == (1, "winner")
    assert final[by_mentor["id"]]["mean_total"] == 12.5
    assert (final[by_teacher["id"]]["place"], final[by_teacher["id"]]["award"]) == (2, "prize")
    assert final[by_teacher["id"]]["mean_total"] == 9.0
    assert final[by_school["id"]]["award"] == "winner"
    # Every tier the contest was announced to reads the winners; another region does not see the contest at all.
    announced = _ok(login(region["curator_b"]).get(f"/api/v1/contests/{cid}"))
    assert {a["id"] for a in announced["applications"]} == set(final)
    _refused(login(region["curator_d"]).get(f"/api/v1/contests/{cid}"), 404)

    # The mentor's evidence sheet lists the award; 3.3 counts the teacher mentee once.
    sheet = _ok(curator.get(f"/api/v1/persons/{mentor['person_id']}/mentor-evidence"))
    assert [(c["contest_id"], c["award"], c["place"]) for c in sheet["contests"]] == [(cid, "winner", 1)]
    wait_until(lambda: curator.facet_count(region["a"], "contest.teacher_mentee") == 1
               and curator.facet_count(region["a"], "contest.award.winner") == 2,
               what="the contest's counts in the school's indicators")
    assert curator.facet_count(region["a"], "contest.teacher_mentee.awarded") == 1


def test_a_juror_reaches_only_the_contests_he_judges(region, login) -> None:  # type: ignore[no-untyped-def]
    operator, m1 = login(region["region_op"]), login(region["mun_1"])
    juror, outsider = login(region["jury_1"]), login(region["jury_other"])
    mine = _ok(operator.post("/api/v1/contests", json={**CONTEST, "kind": "municipal_models",
                                                       "title": f"Модели {region['tag']}",
                                                       "nominations": ["Муниципальная модель"]}))
    other = _ok(m1.post("/api/v1/contests", json={**CONTEST, "title": f"Муниципальный {region['tag']}"}))
    _ok(operator.put(f"/api/v1/contests/{mine['id']}/jury", json={"jurors": [region["jury_1_id"]]}))
    _ok(m1.put(f"/api/v1/contests/{other['id']}/jury", json={"jurors": [region["jury_2_id"]]}))
    for c, organiser in ((mine, operator), (other, m1)):
        _ok(organiser.post(f"/api/v1/contests/{c['id']}/move", json={"to_state": "announced", "revision": 1}))
    application = _ok(m1.post(f"/api/v1/contests/{mine['id']}/applications",
                              json={"nomination": "Муниципальная модель", "subject_kind": "municipality",
                                    "description": "Модель наставничества округа"}))
    assert application["org_id"] == "" and application["municipality_id"] == region["m1"]

    listed = {c["id"] for c in _ok(juror.get("/api/v1/contests"))["contests"]}
    assert mine["id"] in listed and other["id"] not in listed
    _refused(juror.get(f"/api/v1/contests/{other['id']}"), 404)
    assert _ok(outsider.get("/api/v1/contests"))["contests"] == []
    _refused(outsider.get(f"/api/v1/contests/{mine['id']}"), 404)
    _refused(juror.post("/api/v1/contests", json=CONTEST), 403)
    _refused(juror.post(f"/api/v1/contests/{mine['id']}/applications", json={"nomination": "x",
                                                                             "subject_kind": "organisation"}), 403)
    _refused(juror.get("/api/v1/persons"), 403)  # a juror reaches contests, nothing of the schools' bases


def test_the_contest_pages(region, login) -> None:  # type: ignore[no-untyped-def]
    operator = login(region["region_op"])
    page = operator.get("/contests")
    assert page.status_code == 200 and "Новый конкурс своего уровня" in page.text
    refused = operator.post("/contests", data={"csrf_token": operator.csrf, "kind": "mentor_of_year", "title": "",
                                               "nominations": "", "criteria": "Критерий; много",
                                               "applications_until": "2026-02-31", "results_on": ""})
    assert refused.status_code == 422 and "после «;» укажите наибольший балл" in refused.text
    made = operator.post("/contests", data={
        "csrf_token": operator.csrf, "kind": "best_pair", "title": f"Лучшая пара {region['tag']}",
        "description": "", "nominations": "Пара года", "criteria": "Результаты; 10\nОткрытость опыта",
        "applications_until": (today() + timedelta(days=5)).isoformat(),
        "results_on": (today() + timedelta(days=9)).isoformat()}, follow_redirects=True)
    assert made.status_code == 200 and "Конкурс создан" in made.text and "Открытость опыта" in made.text
