"""The matching pages over HTTP: the runs and the start form, the run screen (reasons, totals, solver facts, the side
by side, the chart), a hand move with its confirmation, publishing (a stale version is the Russian 409), the pairs
with filters, the pair card and its closing form, the mentor load; who may open them and what a refused form keeps."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.support import Api, unique_name

PAGES = ("/school/matching", "/school/pairs")


def new_school(gateway_container, prefix: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A school of its own in a region of its own: no other test's mentors or requests enter the pool, and the
    organisation counts other tests make of the shared region stay as they expect."""
    from mentorship_kit.principal import Principal, Role, Scope

    registry, tag = gateway_container.registry, uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = registry.create_region(admin, name=f"Область страниц подбора {tag}", code=f"r{prefix}-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}",
                                                code=f"m{prefix}-{tag}")
    org = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                       name=f"Школа страниц подбора {tag}", code=f"{prefix}-{tag}")
    username = f"curator-{prefix}-{tag}"
    gateway_container.auth.create_account(username=username, password="test-password-1",
                                          display_name="Куратор Подборова", role=Role.SCHOOL_CURATOR, org_id=org.id,
                                          municipality_id=municipality.id, region_id=region.id)
    return {"org_id": org.id, "curator": username}


def _mentor(curator: Api, kind: str, origin: str, capacity: int, **card: Any) -> dict[str, Any]:
    person = curator.consenting_person(kind, last_name=unique_name(),
                                       **({"class_name": "9А"} if kind == "student" else {}))
    made = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": origin, "capacity": capacity,
                                                 **card})
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def _request(curator: Api, class_name: str, topics: list[str], form: str) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name=class_name)
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": topics,
                                                  "desired_form": form, "source": "self"})
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def three_requests(curator: Api) -> dict[str, Any]:
    """Two teachers (one seat each), a senior student (two seats); a request in maths, physics, olympiads."""
    return {"math": _mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=12),
            "physics": _mentor(curator, "staff", "teacher", 1, subjects=["Физика"], experience_years=3),
            "senior": _mentor(curator, "student", "student", 2, competencies=["Подготовка к олимпиадам и конкурсам"]),
            "r_math": _request(curator, "7Б", ["Математика"], "teacher_pupil"),
            "r_phys": _request(curator, "5А", ["Физика"], "teacher_pupil"),
            "r_olymp": _request(curator, "6В", ["олимпиадам"], "student_student")}


@pytest.fixture(scope="module")
def school(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return new_school(gateway_container, "mpages")


def _text(page: httpx.Response) -> str:
    return html.unescape(page.text)


def _start_form(page: httpx.Response) -> dict[str, str]:
    form = re.search(r'<form method="post" action="/school/matching/runs".*?</form>', page.text, re.S)
    assert form, "no start form"
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(0)))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form.group(0), re.S):
        values[name] = re.search(r'<option value="([^"]*)" selected>', options).group(1)  # type: ignore[union-attr]
    return values


def test_run_move_publish_pairs_card_close_and_load(stack, tenants, school, login) -> None:  # type: ignore[no-untyped-def]
    pool = three_requests(login(school["curator"]))
    curator = _sign_in(stack, school["curator"])
    listing = curator.get("/school/matching")
    assert listing.status_code == 200 and "<script" not in listing.text.lower()
    assert ">Подбор пар</a>" in listing.text and ">Пары</a>" in listing.text
    form = _start_form(listing)
    assert form["topics"] == "10" and form["same_org"] == "3" and form["mode"] == "optimal", "the defaults"
    started = curator.post("/school/matching/runs", data={**form, "objective": "max_matched_then_score"})
    assert started.status_code == 303, _text(started)[-2000:]
    run_url = started.headers["location"].split("?")[0]
    run_id = run_url.rsplit("/", 1)[1]

    page = curator.get(started.headers["location"])
    text = _text(page)
    assert page.status_code == 200 and "<script" not in page.text.lower()
    assert "Подбор выполнен" in text and "Оптимальный подбор по всей школе" in text
    assert "предмет: Математика" in text and "стаж 12 лет" in text and "совпадают темы: олимпиадам" in text
    assert re.search(r'id="total-matched">3<', page.text) and re.search(r'id="total-unmatched">0<', page.text)
    assert "Рассмотрено возможных пар" in text and "Оптимум доказан" in text
    assert '<svg role="img"' in page.text and "<title id=\"scores-title\">" in page.text
    assert 'id="compare"' in page.text and "<dt>Кто выполнил</dt><dd>вы</dd>" in text
    assert pool["physics"]["full_name"] in text

    # Move the physics request to the senior student: «учитель – ученик» wants a teacher → a question first.
    csrf = _hidden_csrf(page.text)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    move = {"csrf_token": csrf, "request_id": pool["r_phys"]["id"], "mentor_id": pool["senior"]["id"],
            "version": version}
    asked = curator.post(f"{run_url}/assign", data=move)
    assert asked.status_code == 422 and "должен быть педагогом" in _text(asked)
    assert 'name="confirm_warnings"' in asked.text and f'value="{pool["senior"]["id"]}"' in asked.text
    moved = curator.post(f"{run_url}/assign", data={**move, "confirm_warnings": "1"})
    assert moved.status_code == 303, _text(moved)[-2000:]
    page = curator.get(moved.headers["location"])
    assert "назначен вручную" in _text(page) and "Подтверждено нарушение" in _text(page)

    stale = curator.post(f"{run_url}/publish", data={"csrf_token": csrf, "version": version, "kind": "virtual",
                                                     "reporting": "quarterly", "term_months": "6"})
    assert stale.status_code == 409 and "обновите страницу" in _text(stale)
    assert '<option value="virtual" selected>' in stale.text and 'value="6"' in stale.text, "what was typed stays"
    bad = curator.post(f"{run_url}/publish", data={"csrf_token": csrf, "version": version, "kind": "virtual",
                                                   "reporting": "daily", "term_months": "40"})
    assert bad.status_code == 422
    assert "«График отчётности»: выберите значение из списка" in _text(bad) and "от 1 до 36" in _text(bad)
    fresh = re.search(r'name="version" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    published = curator.post(f"{run_url}/publish", data={"csrf_token": csrf, "version": fresh, "kind": "individual",
                                                         "reporting": "quarterly", "term_months": "9"})
    assert published.status_code == 303 and published.headers["location"].startswith("/school/pairs?notice=")
    pairs = curator.get(published.headers["location"])
    text = _text(pairs)
    assert "пар сформировано — 3" in text and text.count('href="/school/pairs/') == 3
    assert "Ежеквартально" in text and "Учитель – ученик" in text

    runs = _text(curator.get("/school/matching"))
    assert f'href="/school/matching/runs/{run_id}"' in runs and "Утверждён" in runs
    senior_name = pool["senior"]["full_name"]
    by_name = _text(curator.get("/school/pairs", params={"query": senior_name.split()[0].lower()}))
    assert by_name.count('href="/school/pairs/') == 2, "the senior student mentors two"
    by_form = curator.get("/school/pairs", params={"form": "student_student", "status": "active"}).text
    assert by_form.count('href="/school/pairs/') == 1
    pair_id = re.search(r'href="/school/pairs/([0-9a-f-]{36})"', by_form).group(1)  # type: ignore[union-attr]

    card = curator.get(f"/school/pairs/{pair_id}")
    text = _text(card)
    assert card.status_code == 200 and senior_name in text and "совпадают темы: олимпиадам" in text
    assert "Индивидуальное" in text and "Пара сформирована" in text and "Действует" in text
    empty = curator.post(f"/school/pairs/{pair_id}/close", data={"csrf_token": csrf, "version": "1", "reason": " "})
    assert empty.status_code == 422 and "Укажите причину закрытия пары" in _text(empty)
    closed = curator.post(f"/school/pairs/{pair_id}/close", data={"csrf_token": csrf, "version": "1",
                                                                  "reason": "Заявление наставляемого о замене"})
    assert closed.status_code == 303
    text = _text(curator.get(closed.headers["location"]))
    assert "Пара закрыта" in text and "Закрыта досрочно" in text and "Заявление наставляемого о замене" in text
    assert 'action="/school/pairs/' not in text, "no closing form on a closed pair"

    mentors = curator.get("/school/mentors", params={"query": pool["math"]["full_name"].split()[0]}).text
    assert "В парах / мест" in mentors and re.search(r'>1 / 1</span>', mentors)

    # Another school gets 404 for this run and this pair; the outer contour does not open the pages at all.
    other = _sign_in(stack, tenants.curator_b)
    for path in (run_url, f"/school/pairs/{pair_id}"):
        assert other.get(path).status_code == 404, path
    assert pair_id not in other.get("/school/pairs").text
    foreign = other.post(f"/school/pairs/{pair_id}/close", data={"csrf_token": _hidden_csrf(other.get(
        "/school/pairs").text), "version": "1", "reason": "чужая"})
    assert foreign.status_code == 404
    municipality = _sign_in(stack, tenants.mun_1)
    for path in (*PAGES, run_url, f"/school/pairs/{pair_id}"):
        refused = municipality.get(path)
        assert refused.status_code == 403 and "Не получилось" in refused.text, path
    assert ">Подбор пар</a>" not in municipality.get("/indicators").text


def test_a_bad_start_form_is_refused_in_russian_and_keeps_what_was_typed(stack, school) -> None:
    curator = _sign_in(stack, school["curator"])
    form = _start_form(curator.get("/school/matching"))
    bad = curator.post("/school/matching/runs", data={**form, "mode": "manual", "topics": "много",
                                                      "same_org": "150", "top_k": "5"})
    text = _text(bad)
    assert bad.status_code == 422 and 'role="alert"' in bad.text and "Подбор не запущен" in text
    assert "«Вес: Совпадение тем запроса с компетенциями и интересами (за тему)»: целое число от 0 до 100" in text
    assert "«Вес: Наставник из той же организации»: целое число от 0 до 100" in text
    assert 'value="много"' in text and 'value="150"' in bad.text and 'id="top_k" name="top_k" type="number" ' \
        'min="1" max="20" value="5"' in bad.text
    assert '<option value="manual" selected>' in bad.text, "the chosen mode stays"
    unknown = curator.post("/school/matching/runs", data={**form, "mode": "magic"})
    assert unknown.status_code == 422 and "«Режим подбора»: выберите значение из списка" in _text(unknown)
    stale = curator.post("/school/matching/runs", data={**form, "csrf_token": "old"})
    assert stale.status_code == 403
    assert curator.get("/school/matching/runs/not-a-run").status_code == 404
    assert curator.get(f"/school/pairs/{uuid.uuid4()}").status_code == 404
