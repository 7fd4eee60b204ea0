"""The director's order for a published run: the curator records one mentor's written consent (004 §4.1),
downloads «Об утверждении наставнических пар (групп)» as DOCX and finds every pair and the consent date in it;
a draft run has no order yet; another school gets a 404."""

from __future__ import annotations

import io
import uuid
from urllib.parse import unquote

import docx
import pytest

from tests.e2e.test_pages import _hidden_csrf, _sign_in
from tests.matching_support import fresh_school, mentor, request


@pytest.fixture(scope="module")
def school(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return fresh_school(gateway_container)


def test_consent_then_the_order_of_a_published_run(school, tenants, login, stack) -> None:  # type: ignore[no-untyped-def]
    curator = login(school["curator"])
    mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=12)
    mentor(curator, "staff", "teacher", 1, subjects=["Физика"], experience_years=3)
    request(curator, "7Б", ["Математика"], "teacher_pupil")
    request(curator, "5А", ["Физика"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    assert run["totals"]["matched"] == 2, run

    draft = curator.get(f"/api/v1/matching/runs/{run['id']}/order.docx")
    assert draft.status_code == 409 and "утверждённому прогону" in draft.json()["detail"], draft.text

    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                             json={"version": run["version"], "reporting": "quarterly", "term_months": 9})
    assert published.status_code == 200, published.text
    pairs = published.json()["pairs"]
    assert all(p["mentor_consent_on"] == "" for p in pairs)
    first = pairs[0]

    bad = curator.post(f"/api/v1/pairs/{first['id']}/mentor-consent",
                       json={"consent_on": "31.08.2026", "document": "Заявление № 12"})
    assert bad.status_code == 422 and "Дата согласия" in bad.text
    assert curator.post(f"/api/v1/pairs/{first['id']}/mentor-consent",
                        json={"consent_on": "2026-08-31", "document": "x" * 301}).status_code == 422
    consent = curator.post(f"/api/v1/pairs/{first['id']}/mentor-consent",
                           json={"consent_on": "2026-08-31", "document": "Заявление № 12", "version": first["version"]})
    assert consent.status_code == 200, consent.text
    assert consent.json()["mentor_consent_on"] == "2026-08-31"
    assert curator.get(f"/api/v1/pairs/{first['id']}").json()["mentor_consent_document"] == "Заявление № 12"

    order = curator.get(f"/api/v1/matching/runs/{run['id']}/order.docx")
    assert order.status_code == 200, order.text
    assert "wordprocessingml" in order.headers["content-type"]
    assert "Приказ" in unquote(order.headers["content-disposition"])
    read = docx.Document(io.BytesIO(order.content))
    text = "\n".join(p.text for p in read.paragraphs)
    assert "ПРИКАЗ" in text and "Об утверждении наставнических пар (групп)" in text and "Школа подбора" in text
    rows = [[cell.text for cell in row.cells] for row in read.tables[-1].rows][1:]
    assert {(r[1], r[2]) for r in rows} == {(p["mentee_name"], p["mentor_name"]) for p in pairs}
    consents = {r[1]: r[7] for r in rows}
    assert consents[first["mentee_name"]].startswith("31.08.2026")
    assert [c for name, c in consents.items() if name != first["mentee_name"]] == ["не получено"]

    browser = _sign_in(stack, school["curator"])
    page = browser.get(f"/school/matching/runs/{run['id']}")
    assert page.status_code == 200 and "Скачать приказ (DOCX)" in page.text
    second = next(p for p in pairs if p["id"] != first["id"])
    card = browser.get(f"/school/pairs/{second['id']}")
    assert card.status_code == 200 and "не получено" in card.text and 'id="consent"' in card.text
    csrf = _hidden_csrf(card.text)
    wrong = browser.post(f"/school/pairs/{second['id']}/mentor-consent",
                         data={"csrf_token": csrf, "version": "1", "consent_on": "2999-01-01", "document": "Заявление"})
    assert wrong.status_code == 422 and "не может быть в будущем" in wrong.text
    typed = browser.post(f"/school/pairs/{second['id']}/mentor-consent",
                         data={"csrf_token": csrf, "version": "1", "consent_on": "2026-08-30",
                               "document": "Заявление № 7"})
    assert typed.status_code == 303, typed.text[-1500:]
    shown = browser.get(typed.headers["location"]).text
    assert "Согласие наставника записано" in shown and "30.08.2026, Заявление № 7" in shown

    other = login(tenants.curator_b)
    assert other.get(f"/api/v1/matching/runs/{run['id']}/order.docx").status_code == 404
    assert other.post(f"/api/v1/pairs/{first['id']}/mentor-consent",
                      json={"consent_on": "2026-08-31", "document": "чужое"}).status_code == 404
    assert curator.get(f"/api/v1/matching/runs/{uuid.uuid4()}/order.docx").status_code == 404
