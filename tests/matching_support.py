"""Helpers of matching's integration and e2e tests: a school of its own, mentors and requests the way a curator
adds them through the gateway."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support import Api, unique_name


def fresh_school(gateway_container: Any) -> dict[str, str]:
    """A school of its own in a region of its own: no other test's mentors or requests enter the pool, and the
    organisation counts other tests make of the shared region stay as they expect."""
    from mentorship_kit.principal import Principal, Role, Scope

    registry, tag = gateway_container.registry, uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = registry.create_region(admin, name=f"Область подбора {tag}", code=f"rm-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"mm-{tag}")
    org = registry.create_organisation(admin, municipality_id=municipality.id, kind="school",
                                       name=f"Школа подбора {tag}", code=f"match-{tag}")
    username = f"curator-match-{tag}"
    gateway_container.auth.create_account(username=username, password="test-password-1", display_name="Куратор",
                                          role=Role.SCHOOL_CURATOR, org_id=org.id, municipality_id=municipality.id,
                                          region_id=region.id)
    return {"org_id": org.id, "curator": username}


def mentor(curator: Api, kind: str, origin: str, capacity: int, **card: Any) -> tuple[dict[str, Any], str]:
    person = curator.add_person(kind, last_name=unique_name(), **({"class_name": "9А"} if kind == "student" else {}))
    consent = curator.give_consent(person)
    made = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": origin, "capacity": capacity,
                                                 **card})
    assert made.status_code == 201, made.text
    return made.json(), consent["id"]


def request(curator: Api, class_name: str, topics: list[str], form: str) -> dict[str, Any]:
    person = curator.consenting_person("student", last_name=unique_name(), class_name=class_name)
    mentee = curator.post("/api/v1/mentees", json={"person_id": person["id"], "categories": ["gifted"]})
    assert mentee.status_code == 201, mentee.text
    made = curator.post("/api/v1/requests", json={"mentee_id": mentee.json()["id"], "topics": topics,
                                                  "desired_form": form, "source": "self"})
    assert made.status_code == 201, made.text
    return made.json()
