"""Published outbox rows are deleted after the retention (ADR 018) — by the relay, in small batches, one relay
of a service at a time — against a real PostgreSQL; unpublished rows are never touched, however old."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, text

from mentorship_kit.outbox import PURGE_LOCK_SPACE, OutboxRelay
from tests.integration.test_relay_concurrency import RecordingBroker, _append, cluster, engine  # noqa: F401
from tests.support import wait_until

WEEK = timedelta(hours=168)


def _age(db: Engine, keys: list[str], *, published_hours_ago: float | None, created_hours_ago: float) -> None:
    with db.begin() as conn:
        conn.execute(text("UPDATE outbox SET created_at = now() - CAST(:c AS float8) * interval '1 hour', "
                          "published_at = now() - CAST(:p AS float8) * interval '1 hour' "
                          "WHERE message_key = ANY(:keys)"),
                     {"c": created_hours_ago, "p": published_hours_ago, "keys": keys})


def _keys_left(db: Engine) -> list[str]:
    with db.connect() as conn:
        return sorted(conn.execute(text("SELECT message_key FROM outbox")).scalars())


def test_only_rows_published_before_the_retention_go_in_small_batches(engine: Engine) -> None:  # noqa: F811
    _append(engine, [(f"old-{n}", 0) for n in range(3)] + [("recent", 0), ("unsent", 0)])
    _age(engine, [f"old-{n}" for n in range(3)], published_hours_ago=200, created_hours_ago=201)
    _age(engine, ["recent"], published_hours_ago=1, created_hours_ago=300)
    _age(engine, ["unsent"], published_hours_ago=None, created_hours_ago=900)
    relay = OutboxRelay(engine, RecordingBroker().producer(), retention=WEEK, purge_batch=2)  # type: ignore[arg-type]
    assert [relay.purge_published() for _ in range(3)] == [2, 1, 0]
    assert _keys_left(engine) == ["recent", "unsent"]


def test_one_relay_purges_at_a_time(engine: Engine) -> None:  # noqa: F811
    _append(engine, [("old", 0)])
    _age(engine, ["old"], published_hours_ago=500, created_hours_ago=500)
    relay = OutboxRelay(engine, RecordingBroker().producer(), retention=WEEK)  # type: ignore[arg-type]
    with engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:s, 0)"), {"s": PURGE_LOCK_SPACE})
        assert relay.purge_published() == 0, "another relay holds the purge"
        other.execute(text("SELECT pg_advisory_unlock(:s, 0)"), {"s": PURGE_LOCK_SPACE})
    assert relay.purge_published() == 1 and _keys_left(engine) == []


def test_the_running_relay_publishes_then_deletes_after_the_retention(engine: Engine) -> None:  # noqa: F811
    broker = RecordingBroker()
    relay = OutboxRelay(engine, broker.producer(), retention=timedelta(0), purge_every_seconds=0,  # type: ignore[arg-type]
                        idle_wait_seconds=0.05)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        _append(engine, [("a", 0), ("a", 1), ("b", 0)])
        wait_until(lambda: len(broker.log) == 3 and not _keys_left(engine), what="published and purged")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert sorted(broker.log) == [("a", 0), ("a", 1), ("b", 0)]


def test_every_services_relay_may_delete_its_published_rows(stack: Any) -> None:
    """The migrations grant the relay's role DELETE on the outbox: a purge runs (nothing is old enough here)."""
    for service in ("registry", "matching", "monitoring"):
        eng = create_engine(stack.databases[service].system_url)
        try:
            relay = OutboxRelay(eng, None, retention=timedelta(days=3650))  # type: ignore[arg-type]
            assert relay.purge_published() == 0
        finally:
            eng.dispose()
