"""Matching's outbox: publishing writes one ``pair_formed`` per pair in the same transaction, counted facets and
ids only (no names leave the school), and the relay publishes it; a withdrawal writes ``pair_closed``. Reporting
counts the pairs by form and вид from these events."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import create_engine, text

from tests.matching_support import fresh_school, mentor, request
from tests.support import wait_until


def test_pair_events_carry_facets_not_names_and_are_relayed(stack, gateway_container, login) -> None:  # type: ignore[no-untyped-def]
    school = fresh_school(gateway_container)
    curator = login(school["curator"])
    teacher, consent = mentor(curator, "staff", "teacher", 1, subjects=["Химия"])
    asked = request(curator, "8А", ["Химия"], "teacher_pupil")
    run = curator.post("/api/v1/matching/runs", json={"mode": "optimal"}).json()
    published = curator.post(f"/api/v1/matching/runs/{run['id']}/publish", json={"version": run["version"]})
    assert published.status_code == 200, published.text
    (pair,) = published.json()["pairs"]
    assert (pair["mentor_id"], pair["request_id"]) == (teacher["id"], asked["id"])

    system = create_engine(stack.databases["matching"].system_url)

    def events(kind: str) -> list[dict]:  # type: ignore[type-arg]
        with system.connect() as conn:
            rows = conn.execute(text("SELECT envelope, published_at FROM outbox WHERE envelope->>'type' = :t"
                                     " AND envelope->>'subject' = :s"),
                                {"t": f"mentorship.matching.{kind}.v1", "s": f"pairs/{pair['id']}"}).all()
        return [{**r.envelope, "published": r.published_at is not None} for r in rows]

    formed = wait_until(lambda: [e for e in events("pair_formed") if e["published"]], what="pair_formed relayed")
    assert len(formed) == 1
    wire = json.dumps(formed[0], ensure_ascii=False)
    assert pair["mentee_name"] not in wire and pair["mentor_name"] not in wire
    assert "pair.form.teacher_pupil" in wire and "pair.kind.individual" in wire
    assert formed[0]["data"]["reporting"] == pair["reporting"], "the schedule travels to monitoring (ADR 017)"
    org = school["org_id"]
    wait_until(lambda: curator.facet_count(org, "pair.form.teacher_pupil") == 1, what="pairs counted by form")
    assert curator.facet_count(org, "pair") == 1 and curator.facet_count(org, "pair.kind.individual") == 1

    withdrawn = curator.post(f"/api/v1/consents/{consent}/withdraw", json={"reason": "Заявление"})
    assert withdrawn.status_code == 200, withdrawn.text
    closed = wait_until(lambda: events("pair_closed"), timeout=30, what="pair_closed in the outbox")
    assert len(closed) == 1 and "pair.closed" in json.dumps(closed[0], ensure_ascii=False)
    ended, announced = date.fromisoformat(closed[0]["data"]["closed_on"]), date.fromisoformat(closed[0]["time"][:10])
    assert timedelta(0) <= announced - ended <= timedelta(days=1), "the day it ended early travels (ADR 017)"
    wait_until(lambda: curator.facet_count(org, "pair.closed") == 1, what="the closed pair counted")
    assert curator.facet_count(org, "pair") == 0 and curator.facet_count(org, "pair.form.teacher_pupil") == 0
    system.dispose()
