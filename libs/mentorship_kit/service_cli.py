"""The process entry point every service shares: ``python -m <service> {migrate|serve|relay|consume|work|rebuild}``.

The service's ``bootstrap.py`` (its composition root) describes what it has; this module turns that
description into processes with the same logging, telemetry, signals and shutdown everywhere.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import grpc

from mentorship_kit import rls
from mentorship_kit.change_watch import ChangeWatch
from mentorship_kit.consumer import EventHandler, IdempotentConsumer
from mentorship_kit.db import make_engine
from mentorship_kit.grpc_server import build_server
from mentorship_kit.internal_token import TokenVerifier
from mentorship_kit.kafka import ensure_topics, make_consumer, make_producer
from mentorship_kit.logging import setup_logging
from mentorship_kit.migrations import upgrade
from mentorship_kit.outbox import OutboxRelay
from mentorship_kit.settings import ServiceSettings
from mentorship_kit.stop_loop import stop_on_signals
from mentorship_kit.telemetry import setup_telemetry, shutdown_telemetry

log = logging.getLogger(__name__)

GrpcRegistration = Callable[[grpc.Server], None]


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    settings: Callable[[], ServiceSettings]
    migrations_dir: Path
    grpc: Callable[[ServiceSettings], list[GrpcRegistration]]
    topic: str | None = None
    """The topic this service's outbox publishes to (None: it emits nothing yet)."""
    consumes: Callable[[ServiceSettings], tuple[list[str], dict[str, EventHandler]]] | None = None
    work: Callable[[ServiceSettings, threading.Event], None] | None = None
    """Background jobs of the service (e.g. the registry's imports); runs until the event is set."""
    rebuild: Callable[[ServiceSettings, bool], None] | None = None
    """A one-off command: recompute the service's projections from its own event store (the flag: ``--force``)."""


def _serve(defn: ServiceDefinition, settings: ServiceSettings, stop: threading.Event) -> None:
    verifier = TokenVerifier(settings.internal_jwt_public_key_file.read_bytes())
    server, port = build_server(listen=settings.grpc_listen, verifier=verifier, register=defn.grpc(settings),
                                max_workers=settings.grpc_max_workers)
    server.start()
    log.info("gRPC listening on port %s", port)
    print(f"READY {defn.name} grpc port={port}", flush=True)
    stop.wait()
    server.stop(grace=3).wait()


def _relay(defn: ServiceDefinition, settings: ServiceSettings, stop: threading.Event) -> None:
    assert defn.topic, f"{defn.name} publishes nothing"
    ensure_topics(settings.kafka_bootstrap, [defn.topic], partitions=settings.kafka_topic_partitions)
    producer = make_producer(settings.kafka_bootstrap)
    print(f"READY {defn.name} relay", flush=True)
    try:
        retention = timedelta(hours=settings.outbox_retention_hours) if settings.outbox_retention_hours > 0 else None
        bell = ChangeWatch(settings.db_system_url, rls.OUTBOX_CHANNEL, max_waiters=1)
        bell.start()
        OutboxRelay(make_engine(settings.db_system_url, pool_size=2), producer, retention=retention,
                    bell=bell).run(stop)
        bell.stop()
    finally:
        producer.close(timeout=5)


def _consume(defn: ServiceDefinition, settings: ServiceSettings, stop: threading.Event) -> None:
    assert defn.consumes, f"{defn.name} consumes nothing"
    topics, handlers = defn.consumes(settings)
    ensure_topics(settings.kafka_bootstrap, topics, partitions=settings.kafka_topic_partitions)
    consumer = make_consumer(settings.kafka_bootstrap, group_id=f"{defn.name}-projections", topics=topics)
    print(f"READY {defn.name} consumer", flush=True)
    IdempotentConsumer(make_engine(settings.db_system_url, pool_size=2), handlers).run(consumer, stop)


def _work(defn: ServiceDefinition, settings: ServiceSettings, stop: threading.Event) -> None:
    assert defn.work, f"{defn.name} has no background work"
    print(f"READY {defn.name} worker", flush=True)
    defn.work(settings, stop)


def main(defn: ServiceDefinition, argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m {defn.name}")
    parser.add_argument("command", choices=["migrate", "serve", "relay", "consume", "work", "rebuild"])
    parser.add_argument("--force", action="store_true", help="rebuild: even from an incomplete event store")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    command = args.command
    settings = defn.settings()
    process = defn.name if command == "serve" else f"{defn.name}-{command}"
    setup_logging(process, settings.log_level)
    if command == "migrate":
        upgrade(admin_url=settings.db_admin_url, service=defn.name, migrations_dir=defn.migrations_dir,
                role_password=settings.db_role_password)
        return
    if command == "rebuild":
        if defn.rebuild is None:
            parser.error(f"{defn.name} has no projections to rebuild")
        defn.rebuild(settings, args.force)
        return
    setup_telemetry(process)
    stop = stop_on_signals()
    try:
        {"serve": _serve, "relay": _relay, "consume": _consume, "work": _work}[command](defn, settings, stop)
    finally:
        shutdown_telemetry()
