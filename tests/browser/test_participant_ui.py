"""In headless Chromium (issue 12 item 5, ADR 010): the curator issues a mentor's login on the mentor's card; the mentor
signs in, finds his overdue pair under «На сегодня» and «Мои пары», logs the meeting; the curator signs in, sees
the meeting and the pair's overdue reminder is gone from «На сегодня»."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.browser.test_ui import _sign_in
from tests.support import Api, unique_name, wait_until

pytestmark = pytest.mark.browser


def _school(gateway_container: Any, stack: Any) -> dict[str, Any]:
    from mentorship_kit.principal import Principal, Role, Scope
    from tests.conftest import PASSWORD

    tag = secrets.token_hex(4)
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry = gateway_container.registry
    region = registry.create_region(admin, name=f"Область наставника {tag}", code=f"mui-r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"mui-m-{tag}")
    org = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                       name=f"Школа наставника {tag}", code=f"mui-{tag}")
    homes = {"org_id": org.id, "municipality_id": municipality.id, "region_id": region.id}
    gateway_container.auth.create_account(username=f"mui-{tag}", password=PASSWORD, display_name="Куратор",
                                          role=Role.SCHOOL_CURATOR, **homes)
    curator = Api(stack.gateway_url).login(f"mui-{tag}", PASSWORD)
    mentor = curator.register_mentor("teacher", capacity=1, subjects=["Математика"], experience_years=12)
    person = curator.consenting_person("staff", last_name=unique_name())
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["new_in_team"]}).json()
    assert curator.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Математика"],
                                                  "desired_form": "teacher_teacher", "source": "self"}).status_code \
        == 201
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "kind": "individual", "term_months": 9})
    assert published.status_code == 200, published.text
    pair = published.json()["pairs"][0]
    wait_until(lambda: curator.get(f"/api/v1/pairs/{pair['id']}/meetings").status_code == 200, timeout=30,
               what="the pair learnt by monitoring")
    curator.close()
    return {**homes, "curator": f"mui-{tag}", "mentor": mentor, "pair": pair}


def _started_long_ago(stack: Any, school: dict[str, Any], days: int) -> None:
    """Monitoring learns the pair as begun ``days`` ago (a newer version of its state, as matching.events would bring
    it): no run can publish a pair in the past, and «no meeting in N weeks» needs weeks behind it."""
    from sqlalchemy import create_engine

    from mentorship.matching.v1 import events_pb2
    from mentorship_kit.consumer import IdempotentConsumer
    from mentorship_kit.envelope import Envelope
    from monitoring.entrypoints.pair_event_handlers import HANDLERS

    pair = school["pair"]
    started = datetime.now(UTC).date() - timedelta(days=days)
    payload = events_pb2.PairFormed(
        pair_id=pair["id"], run_id=pair["run_id"], mode="optimal", mentor_id=pair["mentor_id"],
        mentee_id=pair["mentee_id"], request_id=pair["request_id"], term_start=started.isoformat(),
        term_end=(started + timedelta(days=270)).isoformat(),
        state=events_pb2.PairState(pair_id=pair["id"], version=2,
                                   facets=["pair", "pair.form.teacher_teacher", "pair.kind.individual"]))
    system = create_engine(stack.databases["monitoring"].system_url)
    try:
        IdempotentConsumer(system, HANDLERS).apply(Envelope.wrap(
            type="mentorship.matching.pair_formed.v1", source="tests", subject=f"pairs/{pair['id']}", payload=payload,
            org_id=school["org_id"], municipality_id=school["municipality_id"], region_id=school["region_id"],
            traceparent=None))
    finally:
        system.dispose()


def test_a_mentor_signs_in_logs_his_overdue_pairs_meeting_and_the_curator_sees_it(browser, stack,
                                                                                  gateway_container) -> None:
    school = _school(gateway_container, stack)
    pair = school["pair"]
    _started_long_ago(stack, school, 60)
    work_url = f"/school/pairs/{pair['id']}/work"

    # The curator issues the mentor's login on the mentor's card and reads the one-time password there once.
    curator = _sign_in(browser, stack, school["curator"])
    curator.wait_for_url(f"{stack.gateway_url}/")
    assert curator.locator(f'#todo-overdue a[href="{work_url}"]').count() == 1
    curator.goto(f"{stack.gateway_url}/school/persons/{school['mentor']['person_id']}")
    form = curator.locator("#issue-mentor-login")
    form.get_by_label("Электронная почта").fill("mentor@school.example")
    form.get_by_role("button", name="Выдать вход наставнику").click()
    username = curator.locator("#issued-username").inner_text()
    password = curator.locator("#issued-password").inner_text()
    assert username and password and "действует" in curator.locator("#participant-logins").inner_text()

    # The mentor signs in: his overdue pair is on «На сегодня»; «Мои пары» lists it; he logs the meeting.
    mentor = browser.new_page(locale="ru-RU")
    mentor.goto(f"{stack.gateway_url}/login")
    mentor.get_by_label("Логин").fill(username)
    mentor.get_by_label("Пароль").fill(password)
    mentor.get_by_role("button", name="Войти").click()
    mentor.wait_for_url(f"{stack.gateway_url}/")
    assert mentor.locator(f'#todo-overdue a[href="{work_url}"]').count() == 1
    assert mentor.get_by_role("link", name="Люди", exact=True).count() == 0  # the school's bases are not his
    mentor.get_by_role("link", name="Мои пары", exact=True).click()
    mentor.wait_for_url("**/school/monitoring")
    mentor.get_by_role("link", name=pair["mentee_name"]).click()
    mentor.wait_for_url(f"**{work_url}")
    record = mentor.locator("#record")
    record.get_by_label("Встреча").select_option("regular")
    record.get_by_label("Дата", exact=True).fill(datetime.now(UTC).date().isoformat())
    record.get_by_label("Формат").select_option("remote")
    record.get_by_label("Тема").fill("Разбор открытого урока")
    record.get_by_label("Продолжительность, мин.").fill("50")
    record.get_by_label("Запись в дневнике").fill("Наставляемый уверенно ведёт урок")
    record.get_by_role("button", name="Записать встречу").click()
    mentor.wait_for_url(f"**{work_url}?notice=*")
    assert mentor.get_by_role("status").inner_text() == "Встреча записана в дневник"
    assert mentor.locator("#meetings-held").inner_text() == "1"
    mentor.goto(f"{stack.gateway_url}/")
    assert mentor.locator(f'#todo-overdue a[href="{work_url}"]').count() == 0
    mentor.close()

    # The curator sees the meeting, and the reminder is gone from «На сегодня».
    curator.goto(f"{stack.gateway_url}{work_url}")
    assert "Разбор открытого урока" in curator.content() and "Наставляемый уверенно ведёт урок" in curator.content()
    curator.goto(f"{stack.gateway_url}/")
    assert curator.locator("h1").inner_text() == "На сегодня"
    assert curator.locator(f'#todo-overdue a[href="{work_url}"]').count() == 0
    curator.close()
