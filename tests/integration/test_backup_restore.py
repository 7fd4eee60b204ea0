"""Backup and restore (issue 17, item 1; ADR 016): the running platform with data in every service is backed up
by the command an administrator runs, restored into a fresh platform, and the fresh one shows the same people,
documents, pairs, meetings and regional indicators; a backup of an older migration level is upgraded on restore;
a damaged or truncated archive is refused before anything is touched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from embedded_stack.backup import DUMP_ORDER, migrations_dir
from embedded_stack.ports import free_ports
from embedded_stack.postgres import PostgresCluster
from embedded_stack.stack import GRPC_SERVICES, Ports, Stack, StackConfig
from tests.conftest import PASSWORD
from tests.matching_support import mentor, request
from tests.support import Api, wait_until

MEETING = {"kind": "acquaintance", "format": "in_person", "topic": "Знакомство и ожидания", "duration_minutes": 45,
           "participants": "наставник, наставляемый, куратор", "outcome": "Определили цели на четверть",
           "next_step": "Пробная встреча по дробям", "diary": "Ученик стесняется, но готов работать"}
INDICATORS = ("participants", "pairs", "documents", "mentor-counts")


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SESSION_TOKEN_KEY")},
           "DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "embedded_stack.backup", *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture(scope="module")
def region(stack, gateway_container) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A region of its own with a school, its curator, the municipality's curator and the regional operator."""
    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:8]
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    registry, auth = gateway_container.registry, gateway_container.auth
    reg = registry.create_region(admin, name=f"Область копии {tag}", code=f"bk-r-{tag}")
    mun = registry.create_municipality(admin, region_id=reg.id, name=f"Округ копии {tag}", code=f"bk-m-{tag}")
    school = registry.create_organisation(admin, municipality_id=mun.id, kind="school", name=f"Школа копии {tag}",
                                          code=f"bk-s-{tag}")
    logins = {"curator": (Role.SCHOOL_CURATOR, {"org_id": school.id, "municipality_id": mun.id}),
              "municipality": (Role.MUNICIPAL_CURATOR, {"municipality_id": mun.id}),
              "region": (Role.REGIONAL_OPERATOR, {})}
    for name, (role, home) in logins.items():
        auth.create_account(username=f"bk-{name}-{tag}", password=PASSWORD, display_name=f"Копия {name}", role=role,
                            region_id=reg.id, **home)
    return {"region_id": reg.id, "school_id": school.id, **{k: f"bk-{k}-{tag}" for k in logins}}


def _fill(gateway_url: str, region: dict[str, str]) -> None:
    """People and bases (registry), a published pair (matching), a meeting (monitoring), an approved roadmap."""
    with closing(Api(gateway_url).login(region["curator"], PASSWORD)) as curator, \
            closing(Api(gateway_url).login(region["municipality"], PASSWORD)) as municipality:
        curator.consenting_person("staff")
        mentor(curator, "staff", "teacher", 1, subjects=["Математика"], experience_years=8)
        made = request(curator, "7А", ["Математика"], "teacher_pupil")
        run = _ok(curator.post("/api/v1/matching/runs", json={"mode": "optimal"}))
        published = _ok(curator.post(f"/api/v1/matching/runs/{run['id']}/publish",
                                     json={"version": run["version"], "kind": "individual", "term_months": 9}))
        pair = next(p for p in published["pairs"] if p["request_id"] == made["id"])
        wait_until(lambda: curator.get(f"/api/v1/pairs/{pair['id']}/meetings").status_code == 200,
                   what="monitoring learns the pair")
        today = datetime.now(UTC).date().isoformat()
        _ok(curator.post(f"/api/v1/pairs/{pair['id']}/meetings", json={**MEETING, "held_on": today}))
        doc = _ok(curator.post("/api/v1/documents", json={"kind": "roadmap"}))
        doc = _ok(curator.post(f"/api/v1/documents/{doc['id']}/submit", json={"revision": doc["revision"]}))
        _ok(municipality.post(f"/api/v1/documents/{doc['id']}/approve", json={"revision": doc["revision"]}))


def _snapshot(gateway_url: str, region: dict[str, str]) -> dict[str, Any]:
    with closing(Api(gateway_url).login(region["curator"], PASSWORD)) as curator, \
            closing(Api(gateway_url).login(region["region"], PASSWORD)) as operator:
        pairs = _ok(curator.get("/api/v1/pairs", params={"page_size": 100}))
        return {
            "persons": _ok(curator.get("/api/v1/persons", params={"page_size": 100})),
            "mentors": _ok(curator.get("/api/v1/mentors")),
            "requests": _ok(curator.get("/api/v1/requests")),
            "documents": _ok(curator.get("/api/v1/documents")),
            "pairs": pairs,
            "meetings": {p["id"]: _ok(curator.get(f"/api/v1/pairs/{p['id']}/meetings"))["meetings"]
                         for p in pairs["pairs"]},
            "indicators": {name: _ok(operator.get(f"/api/v1/indicators/{name}")) for name in INDICATORS},
        }


def _unpublished(stack: Stack) -> int:
    total = 0
    for service in ("registry", "matching", "monitoring"):
        engine = create_engine(stack.databases[service].admin_url)
        with engine.connect() as conn:
            total += conn.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL")).scalar_one()
        engine.dispose()
    return total


def _settled(stack: Stack, region: dict[str, str]) -> dict[str, Any] | None:
    """The snapshot once every event is published and projected (the meeting counted, the roadmap approved)."""
    if _unpublished(stack):
        return None
    shot = _snapshot(stack.gateway_url, region)
    pairs, documents = shot["indicators"]["pairs"], shot["indicators"]["documents"]
    counted = pairs.get("totals", pairs).get("meetings_held", 0) if isinstance(pairs, dict) else 0
    return shot if counted and "approved" in json.dumps(documents) else None


@pytest.fixture
def fresh_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="mentorship-restore-test-"))
    shutil.rmtree(folder)  # an empty platform: nothing there yet, the restore creates it
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow  # a second whole platform is started (about 2-3 minutes on 2 cores)
def test_backup_of_a_running_platform_restores_into_a_fresh_one_with_the_same_data(
        stack, region, fresh_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _fill(stack.gateway_url, region)
    before = wait_until(lambda: _settled(stack, region), timeout=60, what="every event published and counted")
    assert before["persons"]["persons"] and before["pairs"]["pairs"] and before["documents"]
    assert any(before["meetings"].values())

    made = _cli("backup", "--out", str(tmp_path), data_dir=stack.config.data_dir)
    assert made.returncode == 0, made.stderr
    archive = next(tmp_path.glob("mentorship-backup-*.tar"))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == "manifest.json"
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert list(manifest["services"]) == list(DUMP_ORDER)
    assert {"keys/internal-jwt.key", "keys/internal-jwt.pub", "keys/session-token.key"} <= set(manifest["files"])
    assert all(len(e["sha256"]) == 64 and e["bytes"] > 0 for e in manifest["services"].values())

    restored = _cli("restore", str(archive), data_dir=fresh_dir)
    assert restored.returncode == 0, restored.stderr
    for key in ("internal-jwt.key", "session-token.key"):
        assert (fresh_dir / "keys" / key).read_bytes() == (stack.config.data_dir / "keys" / key).read_bytes()

    gateway, broker, *grpc = free_ports(2 + len(GRPC_SERVICES))
    second = Stack(StackConfig(data_dir=fresh_dir, ephemeral=True, ports=Ports(
        gateway=gateway, broker=broker, grpc=dict(zip(GRPC_SERVICES, grpc, strict=True)))))
    try:
        second.start()
        # The fresh broker gets every event again from the outboxes; the consumers skip what they had applied.
        after = wait_until(lambda: (s := _settled(second, region)) and s == before and s, timeout=90,
                           what="the restored platform shows the same data")
        assert after == before
    finally:
        second.stop()


@pytest.fixture(scope="module")
def older_archive(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A backup of a platform one migration behind in the registry and the gateway, with a region in it."""
    from mentorship_kit.migrations import upgrade

    data = tmp_path_factory.mktemp("older")
    cluster = PostgresCluster.embedded(data / "postgres", delete_on_stop=True)
    try:
        behind = {"registry": _previous("registry"), "gateway": _previous("gateway")}
        for service in DUMP_ORDER:
            db = cluster.service_database(service)
            upgrade(admin_url=db.admin_url, service=service, migrations_dir=migrations_dir(service),
                    revision=behind.get(service, "head"))
        engine = create_engine(cluster.url("registry"))
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, name, code) VALUES (:i, 'Старая область', 'old-r')"),
                         {"i": str(uuid.uuid4())})
        engine.dispose()
        out = data / "out"
        made = _cli("backup", "--out", str(out), data_dir=data)
        assert made.returncode == 0, made.stderr
        archive = next(out.glob("*.tar"))
        kept = tmp_path_factory.mktemp("archives") / archive.name
        shutil.copy(archive, kept)
        return kept
    finally:
        cluster.stop()


def _head_of(service: str) -> str:
    from embedded_stack.backup import _head

    return _head(service)


def _previous(service: str) -> str:
    """The revision just before the service's head (ids are re-chained on merges, so asked of Alembic)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir(service)))
    scripts = ScriptDirectory.from_config(config)
    down = scripts.get_revision(scripts.get_current_head()).down_revision
    assert isinstance(down, str)
    return down


def test_a_backup_of_an_older_migration_level_is_upgraded_on_restore(older_archive, fresh_dir) -> None:
    with tarfile.open(older_archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["services"]["registry"]["alembic_revision"] == _previous("registry")
    assert manifest["services"]["gateway"]["alembic_revision"] == _previous("gateway")

    restored = _cli("restore", str(older_archive), data_dir=fresh_dir)
    assert restored.returncode == 0, restored.stderr
    assert "миграции обновлены" in restored.stdout
    cluster = PostgresCluster.embedded(fresh_dir / "postgres", delete_on_stop=True)
    try:
        for service in DUMP_ORDER:
            engine = create_engine(cluster.url(service))
            with engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head_of(service)
                if service == "registry":
                    assert conn.execute(text("SELECT name FROM regions")).scalars().all() == ["Старая область"]
                if service == "gateway":  # the table of the migration the backup did not have yet
                    assert conn.execute(text("SELECT to_regclass('public.user_preferences')")).scalar()
            engine.dispose()
    finally:
        cluster.stop()


def _damaged(archive: Path, folder: Path) -> Path:
    """The same archive with one byte changed inside the registry's dump."""
    copy = folder / "damaged.tar"
    shutil.copy(archive, copy)
    with tarfile.open(archive) as tar:
        member = tar.getmember("registry.dump")
    with copy.open("r+b") as f:
        f.seek(member.offset_data + member.size // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))
    return copy


def _truncated(archive: Path, folder: Path) -> Path:
    copy = folder / "truncated.tar"
    copy.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    return copy


def _not_an_archive(_: Path, folder: Path) -> Path:
    copy = folder / "notes.tar"
    copy.write_text("это не архив")
    return copy


@pytest.mark.parametrize(("spoil", "said"), [(_damaged, "контрольной суммой"), (_truncated, "обрезан"),
                                             (_not_an_archive, "повреждён")])
def test_a_damaged_or_truncated_archive_is_refused_before_anything_is_touched(
        older_archive, fresh_dir, tmp_path, spoil, said) -> None:  # type: ignore[no-untyped-def]
    bad = spoil(older_archive, tmp_path)
    refused = _cli("restore", str(bad), data_dir=fresh_dir)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "Отказ" in refused.stderr and said in refused.stderr, refused.stderr
    assert not fresh_dir.exists()  # no database started, no key written
    assert _cli("verify", str(bad), data_dir=fresh_dir).returncode == 2


def test_a_restore_into_a_platform_that_has_data_is_refused(older_archive, fresh_dir) -> None:
    assert _cli("restore", str(older_archive), data_dir=fresh_dir).returncode == 0
    again = _cli("restore", str(older_archive), data_dir=fresh_dir)
    assert again.returncode == 2 and "платформа не пуста" in again.stderr, again.stderr
