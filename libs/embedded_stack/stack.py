"""The whole platform as one object: start it, reach its parts, stop it."""

from __future__ import annotations

import base64
import logging
import os
import re
import secrets
import subprocess
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from embedded_stack.broker import start_tansu
from embedded_stack.postgres import PostgresCluster, ServiceDatabase
from embedded_stack.processes import ManagedProcess, marker, python_module, stop_together
from mentorship_kit.internal_token import ensure_keypair
from mentorship_kit.kafka import ensure_topics

log = logging.getLogger(__name__)

GRPC_SERVICES = ("registry", "reporting", "matching", "monitoring")
TOPICS = ["registry.events", "matching.events", "monitoring.events"]


class StartAborted(Exception):
    """Ctrl-C or SIGTERM arrived while the platform was starting."""


@dataclass(frozen=True)
class Ports:
    gateway: int = 8000
    broker: int = 19092
    grpc: dict[str, int] = field(default_factory=lambda: {
        "registry": 50051, "reporting": 50052, "matching": 50053, "monitoring": 50054})


@dataclass(frozen=True)
class StackConfig:
    data_dir: Path
    ports: Ports = field(default_factory=Ports)
    database_url: str | None = None
    kafka_bootstrap: str | None = None
    role_password: str = ""
    ephemeral: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.log_dir = config.data_dir / "logs"
        self.private_key = config.data_dir / "keys" / "internal-jwt.key"
        self.public_key = config.data_dir / "keys" / "internal-jwt.pub"
        self.session_token_key = config.data_dir / "keys" / "session-token.key"
        self.processes: dict[str, ManagedProcess] = {}
        self.databases: dict[str, ServiceDatabase] = {}
        self._postgres: PostgresCluster | None = None
        self._broker: subprocess.Popen[bytes] | None = None
        self._stop: threading.Event | None = None

    @property
    def kafka_bootstrap(self) -> str:
        return self.config.kafka_bootstrap or f"127.0.0.1:{self.config.ports.broker}"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.config.ports.gateway}"

    def grpc_target(self, service: str) -> str:
        return f"127.0.0.1:{self.config.ports.grpc[service]}"

    # -- start -------------------------------------------------------------------------------------
    def start(self, stop: threading.Event | None = None) -> None:
        """Start everything; a set ``stop`` (Ctrl-C while starting) ends the start between two processes."""
        self._stop = stop
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_keypair(self.private_key, self.public_key)
        self._start_postgres()
        self._start_broker()
        self._migrate()
        for service in GRPC_SERVICES:
            self._spawn(f"{service}", python_module(service, "serve"), self.service_env(service), "READY")
        self._spawn("registry-relay", python_module("registry", "relay"), self.service_env("registry"), "READY")
        self._spawn("reporting-consumer", python_module("reporting", "consume"), self.service_env("reporting"),
                    "READY")
        self._spawn("matching-relay", python_module("matching", "relay"), self.service_env("matching"), "READY")
        self._spawn("matching-consumer", python_module("matching", "consume"), self.service_env("matching"),
                    "READY")
        self._spawn("registry-consumer", python_module("registry", "consume"), self.service_env("registry"),
                    "READY")
        self._spawn("registry-worker", python_module("registry", "work"), self.service_env("registry"), "READY")
        self._spawn("monitoring-relay", python_module("monitoring", "relay"), self.service_env("monitoring"), "READY")
        self._spawn("monitoring-consumer", python_module("monitoring", "consume"), self.service_env("monitoring"),
                    "READY")
        self._spawn("monitoring-worker", python_module("monitoring", "work"), self.service_env("monitoring"), "READY")
        self._spawn("gateway", python_module("gateway", "serve"), self.gateway_env(), None)
        self.processes["gateway"].wait_ready(lambda _: self._gateway_healthy())

    def _start_postgres(self) -> None:
        if self.config.database_url:
            self._postgres = PostgresCluster(self.config.database_url)
        else:
            self._postgres = PostgresCluster.embedded(self.config.data_dir / "postgres",
                                                      delete_on_stop=self.config.ephemeral)
        for service in (*GRPC_SERVICES, "gateway"):
            self.databases[service] = self._postgres.service_database(
                service, role_password=self.config.role_password)

    def _start_broker(self) -> None:
        if not self.config.kafka_bootstrap:
            self._broker = start_tansu(self.config.ports.broker, self.log_dir / "broker.log")
        ensure_topics(self.kafka_bootstrap, TOPICS)

    def _migrate(self) -> None:
        runs = []
        for service in (*GRPC_SERVICES, "gateway"):
            env = self.gateway_env() if service == "gateway" else self.service_env(service)
            proc = ManagedProcess(f"{service}-migrate", python_module(service, "migrate"), env, self.log_dir)
            proc.start()
            runs.append(proc)
        for proc in runs:
            proc.wait_exit()

    def _spawn(self, name: str, argv: list[str], env: dict[str, str], ready: str | None) -> ManagedProcess:
        if self._stop is not None and self._stop.is_set():
            raise StartAborted("остановлено во время запуска")
        proc = ManagedProcess(name, argv, env, self.log_dir)
        proc.start()
        self.processes[name] = proc
        if ready:
            proc.wait_ready(marker(ready))
        return proc

    def _gateway_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.gateway_url}/healthz", timeout=1) as response:  # noqa: S310 (http only)
                return bool(response.status == 200)
        except OSError:
            return False

    # -- environment -------------------------------------------------------------------------------
    def _base_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.config.extra_env)
        env.update({
            "KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "INTERNAL_JWT_PUBLIC_KEY_FILE": str(self.public_key),
            "DB_ROLE_PASSWORD": self.config.role_password,
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def _database_env(self, service: str) -> dict[str, str]:
        db = self.databases[service]
        env = self._base_env()
        env.update({"DB_ADMIN_URL": db.admin_url, "DB_APP_URL": db.app_url, "DB_SYSTEM_URL": db.system_url})
        return env

    def service_env(self, service: str) -> dict[str, str]:
        env = {**self._database_env(service), "GRPC_LISTEN": self.grpc_target(service)}
        if service == "matching":  # reads the pool of a run from the registry, as the caller (ADR 006)
            env["REGISTRY_TARGET"] = self.grpc_target("registry")
        if service in ("monitoring", "registry"):  # the link in a reminder e-mail (SMTP_URL: from the environment)
            env.setdefault("PUBLIC_URL", self.gateway_url)
        return env

    def _session_token_key(self) -> str:
        """The key sealing the IdP's tokens in the gateway's sessions table: created once, like the JWT keys."""
        if not self.session_token_key.exists():
            self.session_token_key.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.session_token_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        return self.session_token_key.read_text().strip()

    def gateway_env(self) -> dict[str, str]:
        env = self._database_env("gateway")
        if not env.get("SESSION_TOKEN_KEY"):
            env["SESSION_TOKEN_KEY"] = self._session_token_key()
        env.update({
            "INTERNAL_JWT_PRIVATE_KEY_FILE": str(self.private_key),
            "GATEWAY_LISTEN_PORT": str(self.config.ports.gateway),
            **{f"{s.upper()}_TARGET": self.grpc_target(s) for s in GRPC_SERVICES},
        })
        return env

    # -- operate -----------------------------------------------------------------------------------
    def restart(self, name: str) -> ManagedProcess:
        """Start a stopped or killed process again with the same command and environment."""
        old = self.processes[name]
        old.stop()
        proc = ManagedProcess(name, old.argv, old.env, self.log_dir)
        proc.start()
        self.processes[name] = proc
        if name == "gateway":
            proc.wait_ready(lambda _: self._gateway_healthy())
        else:
            proc.wait_ready(marker("READY"))
        return proc

    def respawn(self, name: str) -> None:
        """Start a process that has ended again, without waiting for it (the supervisor's restart)."""
        old = self.processes[name]
        proc = ManagedProcess(name, old.argv, old.env, self.log_dir)
        proc.start()
        self.processes[name] = proc

    def exit_code(self, name: str) -> int | None:
        return self.processes[name].exit_code

    def failed_processes(self) -> list[str]:
        return [name for name, proc in self.processes.items() if not proc.alive]

    def add_instance(self, service: str, command: str) -> str:
        """One more process of ``service`` running ``command`` (``work``, ``relay``, ``consume``) beside the first:
        each scales out on one database and topic (ADR 014) — e.g. import workers for a region's initial load
        (ADR 026). Returns its name in ``processes``; ``stop`` ends it with the rest."""
        role = {"work": "worker", "relay": "relay", "consume": "consumer"}[command]
        number = 2
        while f"{service}-{role}-{number}" in self.processes:
            number += 1
        name = f"{service}-{role}-{number}"
        self._spawn(name, python_module(service, command), self.service_env(service), "READY")
        return name

    def stop(self) -> None:
        """In tiers by role, each tier at once: the gateways (what people reach), then the background loops
        (workers, consumers, relays), then the gRPC servers the gateways and the loops call — no process is left
        calling one that has gone; added instances (``registry-worker-2``, ``gateway-3``) stop with their role.
        Then the broker and PostgreSQL."""
        def tier(name: str) -> int:
            role = re.sub(r"-\d+$", "", name)
            if role == "gateway":
                return 0
            return 2 if role in GRPC_SERVICES else 1  # anything else is a loop: a worker, a consumer, a relay
        for rank in range(3):
            stop_together([p for n, p in self.processes.items() if tier(n) == rank])
        if self._broker is not None and self._broker.poll() is None:
            self._broker.terminate()
            try:
                self._broker.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._broker.kill()
        if self._postgres is not None:
            self._postgres.stop()
