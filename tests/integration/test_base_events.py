"""Every change of the bases is announced through the outbox, with counted facets and no names."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.support import unique_name, wait_until

EXPECTED = {"person_added", "person_updated", "consent_given", "consent_withdrawn", "mentor_registered",
            "mentor_updated", "mentor_status_changed", "mentor_deactivated", "mentee_registered", "mentee_updated",
            "mentee_deactivated", "mentoring_request_submitted", "mentoring_request_status_changed",
            "mentee_became_mentor"}


def test_a_persons_whole_story_is_in_the_outbox_without_names(stack, tenants, login) -> None:
    curator = login(tenants.curator_a)
    surname = unique_name("Событие")
    person = curator.consenting_person("student", last_name=surname, birth_date="2008-01-01")
    body = {**person["data"], "class_name": "11А", "version": person["version"]}
    assert curator.put(f"/api/v1/persons/{person['id']}", json=body).status_code == 200
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]}).json()
    assert curator.put(f"/api/v1/mentees/{mentee['id']}", json={"categories": ["gifted", "adaptation"],
                                                               "version": 1}).status_code == 200
    request = curator.post("/api/v1/requests", json={"mentee_id": mentee["id"], "topics": ["Физика"],
                                                     "source": "self"}).json()
    refused = curator.post(f"/api/v1/requests/{request['id']}/status", json={"status": "matched"})
    assert refused.status_code == 409  # matched only by a published pair (ADR 007); consent withdrawal moves it
    mentor = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "student",
                                                   "capacity": 1}).json()
    curator.post(f"/api/v1/mentors/{mentor['id']}/level", json={"level": "gold", "reason": "Приказ № 1"})
    curator.post(f"/api/v1/mentors/{mentor['id']}/trainings",
                 json={"course": "Школа наставника", "hours": 36, "completed_on": "2026-03-01"})
    consent = curator.get(f"/api/v1/persons/{person['id']}").json()["consents"][0]
    curator.post(f"/api/v1/consents/{consent['id']}/withdraw", json={"reason": "Заявление"})

    admin = create_engine(stack.databases["registry"].admin_url)
    try:
        def envelopes() -> list[dict] | None:  # type: ignore[type-arg]
            with admin.connect() as conn:
                rows = conn.execute(text(
                    "SELECT envelope FROM outbox WHERE envelope->>'subject' LIKE ANY(:subjects) ORDER BY id"),
                    {"subjects": [f"persons/{person['id']}%", f"mentors/{mentor['id']}", f"mentees/{mentee['id']}",
                                  f"requests/{request['id']}"]}).all()
            found = [r[0] for r in rows]
            types = {e["type"].removeprefix("mentorship.registry.").removesuffix(".v1") for e in found}
            return found if types >= EXPECTED else None

        found = wait_until(envelopes, what="every event type of the story")
        assert all(e["org_id"] == tenants.school_a and e["region_id"] == tenants.region_id for e in found)
        assert surname not in str(found), "events carry identifiers and facets, never names"
        withdrawn = next(e for e in found if e["type"].endswith("consent_withdrawn.v1"))
        assert withdrawn["data"]["mentor_id"] == mentor["id"] and withdrawn["data"]["mentee_id"] == mentee["id"]
        deactivated = next(e for e in found if e["type"].endswith("mentor_deactivated.v1"))
        assert deactivated["data"]["state"]["facets"] == ["mentor.inactive"]
        versions = [int(e["data"]["state"]["version"]) for e in found if e["subject"] == f"mentors/{mentor['id']}"]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)

        def all_published() -> bool:
            with admin.connect() as conn:
                waiting = conn.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL AND"
                                            " envelope->>'subject' = :s"), {"s": f"mentors/{mentor['id']}"})
                return waiting.scalar_one() == 0

        wait_until(all_published, what="the relay to publish the mentor's events")
    finally:
        admin.dispose()
