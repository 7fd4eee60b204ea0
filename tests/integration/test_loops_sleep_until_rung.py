"""Idle loops sleep until a commit rings them (ADR 032), on the stack's real databases: every service's outbox rings
its relay when a transaction that wrote it commits (not when it rolls back); a new import rings the import workers;
a loop woken by the bell sleeps past its old polling interval, wakes on the notification alone and stops while
asleep."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from mentorship_kit import rls
from mentorship_kit.change_watch import ANY, ChangeWatch, woken_by
from mentorship_kit.stop_loop import run_until_stopped
from registry.entrypoints.import_servicer import IMPORT_CHANNEL
from tests.support import wait_until

QUIET = 0.5  # seconds a waiter is given to show that nothing woke it (the old relay polled five times in it)
PUBLISHERS = ("registry", "matching", "monitoring")


@pytest.fixture
def admins(stack) -> Iterator[dict[str, Engine]]:  # type: ignore[no-untyped-def]
    engines = {name: create_engine(stack.databases[name].admin_url) for name in PUBLISHERS}
    yield engines
    for engine in engines.values():
        engine.dispose()


def _listening(stack, service: str, channel: str) -> ChangeWatch:  # type: ignore[no-untyped-def]
    watch = ChangeWatch(stack.databases[service].system_url, channel, max_waiters=2)
    watch.start()
    assert watch.wait_listening(10), f"{service}: the watch listens"
    return watch


def _outbox_row(admin: Engine, *, commit: bool) -> None:
    """A row the relays leave alone (already published): only the trigger is under test."""
    with admin.connect() as conn, conn.begin() as tx:
        conn.execute(text("INSERT INTO outbox (event_id, topic, message_key, envelope, published_at)"
                          " VALUES (:id, 'tests.unheard', 'k', '{}', now())"), {"id": str(uuid.uuid4())})
        if not commit:
            tx.rollback()


def test_a_commit_that_writes_the_outbox_rings_the_relay(stack, admins) -> None:  # type: ignore[no-untyped-def]
    for service, admin in admins.items():
        watch = _listening(stack, service, rls.OUTBOX_CHANNEL)
        try:
            with watch.watching(ANY) as bell:
                assert bell is not None
                _outbox_row(admin, commit=False)
                assert not bell.wait(QUIET), f"{service}: a rolled-back write rings nobody"
                _outbox_row(admin, commit=True)
                assert bell.wait(10), f"{service}: the committed write rang"
        finally:
            watch.stop()


def test_a_new_import_rings_the_workers(stack, admins, tenants) -> None:  # type: ignore[no-untyped-def]
    watch = _listening(stack, "registry", IMPORT_CHANNEL)
    try:
        with watch.watching(ANY) as bell:
            assert bell is not None
            with admins["registry"].begin() as conn:  # waiting for a confirmation: the stack's worker leaves it alone
                conn.execute(text(
                    "INSERT INTO import_jobs (id, org_id, municipality_id, region_id, kind, filename, content, status,"
                    " created_at, created_by, created_by_name)"
                    " SELECT :id, id, municipality_id, region_id, 'students', 'f.csv', '', 'preview', now(), 'u', 'К'"
                    " FROM organisations LIMIT 1"), {"id": str(uuid.uuid4())})
            assert bell.wait(10), "the new job rang"
    finally:
        watch.stop()


def test_an_idle_loop_sleeps_until_the_bell_and_stops_while_asleep(stack, admins) -> None:  # type: ignore[no-untyped-def]
    watch = _listening(stack, "registry", rls.OUTBOX_CHANNEL)
    stop = threading.Event()
    calls: list[int] = []

    def step() -> bool:
        calls.append(1)
        return False  # never any work: only the bell brings the loop back

    loop = threading.Thread(target=run_until_stopped, kwargs={
        "step": woken_by(watch, step, stop, longest=60), "stop": stop, "name": "test loop", "idle_wait": 0.1,
        "on_failure": "-"})
    loop.start()
    try:
        wait_until(lambda: len(calls) == 1, timeout=10, what="the first look")
        stop.wait(QUIET)
        assert len(calls) == 1, "asleep, not polling every 0.1 s"
        _outbox_row(admins["registry"], commit=True)
        wait_until(lambda: len(calls) >= 2, timeout=10, what="a look after the bell (the timer is a minute)")
    finally:
        stop.set()
        loop.join(timeout=5)
        watch.stop()
    assert not loop.is_alive(), "stopped while asleep"


def test_without_a_listening_watch_the_loop_polls_as_before() -> None:
    never_started = ChangeWatch("postgresql://nowhere/none", rls.OUTBOX_CHANNEL, max_waiters=1)
    looked: list[int] = []

    def step() -> bool:
        looked.append(1)
        return False

    assert woken_by(never_started, step, threading.Event(), longest=60)() is False, "answers at once: no work"
    assert looked == [1]
    assert woken_by(None, step, threading.Event(), longest=60) is step
