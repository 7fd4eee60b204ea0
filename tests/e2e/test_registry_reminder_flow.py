"""The registry's reminders by e-mail end to end (issue 12 item 6, ADR 017 addendum): the school names its addresses
on monitoring's settings through the gateway; monitoring's ``reminder_recipients_changed`` reaches the registry
through the outbox, the relay, the broker and the registry's consumer; a roadmap item due this month and a document
the municipality returned are then mailed by the registry's job to a real SMTP server (aiosmtpd) — each exactly
once across two passes, with no roadmap item text (a school may type a child's name into one)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from mentorship_kit.principal import Role
from mentorship_kit.smtp import SmtpSender
from registry.entrypoints.reminder_job import run_once
from tests.monitoring_support import school_place
from tests.support import Api, mail_body, wait_until

DUE = date(2031, 3, 17)
SECRET = "Занятие с Петровым Васей (7Б)"


@pytest.fixture(scope="module")
def place(gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD

    made = school_place(gateway_container, code="remind", title="напоминаний реестра")
    made["municipal"] = f"remind-mun-{secrets.token_hex(4)}"
    gateway_container.auth.create_account(
        username=made["municipal"], password=PASSWORD, display_name="Муниципальный куратор",
        role=Role.MUNICIPAL_CURATOR, municipality_id=made["municipality_id"], region_id=made["region_id"])
    return made


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_a_due_roadmap_item_and_a_returned_document_are_mailed_once(stack, place, login, smtp) -> None:  # type: ignore[no-untyped-def]
    inbox, port = smtp
    mail = f"curator-{secrets.token_hex(3)}@school.example"
    curator: Api = login(place["curator"])
    municipal: Api = login(place["municipal"])

    # The school names its addresses once, in monitoring; the registry learns them from the event.
    _ok(curator.put("/api/v1/monitoring/settings", json={"no_meeting_weeks": 4, "reminder_emails": [mail]}))
    registry_db = create_engine(stack.databases["registry"].admin_url)
    try:
        def projected() -> list[str]:
            with registry_db.connect() as conn:
                return list(conn.execute(text("SELECT email FROM reminder_recipients WHERE org_id = :o"),
                                         {"o": place["org_id"]}).scalars())

        assert wait_until(projected, timeout=30, what="the registry's projection of the addresses") == [mail]
    finally:
        registry_db.dispose()

    # A roadmap item due in DUE's month, with a child's name in its text.
    roadmap = _ok(curator.post("/api/v1/documents", json={"kind": "roadmap"}))
    content = roadmap["content"]
    content["stages"][0]["items"][0].update(activity=SECRET, due_on=DUE.isoformat())
    _ok(curator.put(f"/api/v1/documents/{roadmap['id']}/draft", json={
        "revision": roadmap["revision"], "title": roadmap["title"], "content": content}))
    # A program the municipality returns with a comment.
    program = _ok(curator.post("/api/v1/documents", json={"kind": "program"}))
    program = _ok(curator.post(f"/api/v1/documents/{program['id']}/submit", json={"revision": program["revision"]}))
    returned = _ok(municipal.post(f"/api/v1/documents/{program['id']}/return", json={
        "revision": program["revision"], "comments": [{"item_ref": "", "text": "Уточните сроки"}]}))
    assert returned["status"] == "returned"

    db = stack.databases["registry"]
    app, system = create_engine(db.app_url), create_engine(db.system_url)
    send = SmtpSender(f"smtp://127.0.0.1:{port}", sender="nastavnichestvo@test.example")
    try:
        run_once(app, system, send, today=DUE, link_base="https://nastavnik.test")
        [letter] = inbox.to(mail)  # delivered synchronously: already at the server
        run_once(app, system, send, today=DUE, link_base="https://nastavnik.test")
        assert len(inbox.to(mail)) == 1, "a second pass sends nothing new"
    finally:
        app.dispose()
        system.dispose()

    body = mail_body(letter)
    assert "срок до 17.03.2031" in body and f"https://nastavnik.test/documents/{roadmap['id']}" in body
    assert "возвращена на доработку" in body and f"https://nastavnik.test/documents/{program['id']}" in body
    assert body.count("срок до 17.03.2031") == 1 and body.count("возвращена на доработку") == 1
    assert SECRET not in body and "Петров" not in body and "Уточните" not in body
