"""The Keycloak demo users get the demo region's real ids, each by the scope of its role (gateway/sso_demo.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gateway.sso_demo import DemoHomes, point_demo_users

REALM = Path(__file__).resolve().parents[2] / "deploy" / "keycloak" / "realm-mentorship.json"


class FakeAdmin:
    def __init__(self, usernames: list[str]) -> None:
        self.users = {name: {"id": f"id-{name}", "attributes": {}} for name in usernames}

    def get_user_id(self, username: str) -> str | None:
        return self.users[username]["id"] if username in self.users else None

    def update_user(self, user_id: str, payload: dict[str, Any]) -> None:
        user = next(u for u in self.users.values() if u["id"] == user_id)
        user["attributes"] = payload["attributes"]


def test_every_demo_user_of_the_realm_gets_the_ids_of_its_scope() -> None:
    realm_users = [u["username"] for u in json.loads(REALM.read_text())["users"]]
    admin = FakeAdmin(realm_users)
    homes = DemoHomes(region_id="r-1", municipality_id="m-1", org_id="o-1")

    done = point_demo_users(admin, homes)

    assert sorted(done) == sorted(u for u in realm_users if u.startswith("demo-"))  # every role's demo user
    attrs = {name: admin.users[name]["attributes"] for name in done}
    assert attrs["demo-school-curator"] == {"org_id": ["o-1"], "municipality_id": ["m-1"], "region_id": ["r-1"]}
    assert attrs["demo-municipal-curator"] == {"org_id": [], "municipality_id": ["m-1"], "region_id": ["r-1"]}
    assert attrs["demo-regional-operator"] == {"org_id": [], "municipality_id": [], "region_id": ["r-1"]}
    assert attrs["demo-platform-admin"] == {"org_id": [], "municipality_id": [], "region_id": []}
    assert admin.users["service-account-mentorship-provisioner"]["attributes"] == {}
