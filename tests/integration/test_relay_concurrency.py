"""Two or more relays on one outbox (ADR 014): nothing lost, nothing sent twice in a clean run, each
organisation's events in order — against a real PostgreSQL, with a recording producer in place of Kafka.

The producer records what a relay handed to the broker and when the broker "acknowledged" it (the flush), so
the order seen here is the order a partition would hold. Failures are injected in the producer: a batch the
broker rejected, a relay that hangs while holding its keys.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from embedded_stack.postgres import PostgresCluster
from mentorship_kit import rls
from mentorship_kit.outbox import OutboxRelay
from tests.support import wait_until


class _Done:
    def __init__(self, error: Exception | None = None) -> None:
        self._error = error

    def get(self, timeout: float | None = None) -> None:
        if self._error is not None:
            raise self._error


class RecordingBroker:
    """One log for every relay's producer: (key, sequence number of the event within its key)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    def producer(self, **kwargs: Any) -> RecordingProducer:
        return RecordingProducer(self, **kwargs)


class RecordingProducer:
    def __init__(self, broker: RecordingBroker, *, fail_batches: int = 0,
                 hold: threading.Event | None = None, holding: threading.Event | None = None) -> None:
        self._broker = broker
        self._pending: list[tuple[str, int]] = []
        self._fail_batches = fail_batches
        self._hold, self._holding = hold, holding

    def send(self, topic: str, *, key: bytes, value: bytes, headers: list[tuple[str, bytes]]) -> _Done:
        self._pending.append((key.decode(), json.loads(value)["data"]["seq"]))
        return _Done()

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if self._hold is not None and self._holding is not None:
            self._holding.set()
            self._hold.wait(timeout=30)  # a relay stuck mid-batch: its transaction and locks stay open
            self._hold = None
        if self._fail_batches:
            # The broker took part of the batch, then failed: the relay rolls back and the rows go again.
            self._fail_batches -= 1
            with self._broker.lock:
                self._broker.log.extend(batch[: len(batch) // 2])
            raise RuntimeError("broker unavailable")
        with self._broker.lock:
            self._broker.log.extend(batch)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    tmp = tempfile.mkdtemp(prefix="relay-test-")
    pg = PostgresCluster.embedded(Path(tmp) / "pg", delete_on_stop=True)
    try:
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def engine(cluster: PostgresCluster) -> Iterator[Engine]:
    name = f"relay_{uuid.uuid4().hex[:8]}"
    cluster.ensure_database(name)
    eng = create_engine(cluster.url(name), pool_size=8)
    with eng.begin() as conn:
        for statement in rls.OUTBOX_V1:
            conn.execute(text(statement))
    yield eng
    eng.dispose()


def _append(engine: Engine, events: list[tuple[str, int]]) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO outbox (event_id, topic, message_key, envelope)"
                          " VALUES (:id, 'test.events', :key, CAST(:env AS jsonb))"),
                     [{"id": str(uuid.uuid4()), "key": key,
                       "env": json.dumps({"id": str(uuid.uuid4()), "type": "t", "data": {"seq": seq}})}
                      for key, seq in events])


def _writer(engine: Engine, keys: list[str], per_key: int, chunk: int) -> None:
    """Appends ``per_key`` events for each key, interleaved across keys, in small transactions."""
    events = [(key, seq) for seq in range(per_key) for key in keys]
    for start in range(0, len(events), chunk):
        _append(engine, events[start:start + chunk])


def _unpublished(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL")).scalar_one())


def _run_relays(relays: list[OutboxRelay], stop: threading.Event) -> list[threading.Thread]:
    threads = [threading.Thread(target=r.run, args=(stop,), daemon=True) for r in relays]
    for t in threads:
        t.start()
    return threads


def _first_seen_in_order(log: list[tuple[str, int]], keys: list[str], per_key: int) -> None:
    """Every event arrived, and per key the first copies arrived in the order they were appended."""
    first: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for item in log:
        if item not in seen:
            seen.add(item)
            first[item[0]].append(item[1])
    assert {k: first[k] for k in keys} == {k: list(range(per_key)) for k in keys}


def test_two_relays_publish_everything_once_and_in_order_per_key(engine: Engine) -> None:
    broker = RecordingBroker()
    keys = [f"org-{i}" for i in range(40)]
    per_key = 50
    stop = threading.Event()
    relays = [OutboxRelay(engine, broker.producer(), batch_size=100, keys_per_batch=8,
                          idle_wait_seconds=0.01) for _ in range(2)]
    threads = _run_relays(relays, stop)
    writers = [threading.Thread(target=_writer, args=(engine, keys[i::2], per_key, 7)) for i in range(2)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    wait_until(lambda: _unpublished(engine) == 0, timeout=60, what="outbox drained")
    stop.set()
    for t in threads:
        t.join(timeout=10)

    assert len(broker.log) == len(keys) * per_key  # a clean run sends each event exactly once
    assert len(set(broker.log)) == len(broker.log)
    for key in keys:
        assert [seq for k, seq in broker.log if k == key] == list(range(per_key))


def test_a_rejected_batch_is_sent_again_and_first_copies_keep_the_order(engine: Engine) -> None:
    broker = RecordingBroker()
    keys = [f"school-{i}" for i in range(10)]
    per_key = 30
    _writer(engine, keys, per_key, 25)
    stop = threading.Event()
    relays = [OutboxRelay(engine, broker.producer(fail_batches=3), batch_size=40, keys_per_batch=4,
                          idle_wait_seconds=0.01),
              OutboxRelay(engine, broker.producer(), batch_size=40, keys_per_batch=4,
                          idle_wait_seconds=0.01)]
    threads = _run_relays(relays, stop)
    wait_until(lambda: _unpublished(engine) == 0, timeout=60, what="outbox drained")
    stop.set()
    for t in threads:
        t.join(timeout=10)

    assert len(broker.log) > len(keys) * per_key  # the rejected halves went twice (at-least-once)…
    _first_seen_in_order(broker.log, keys, per_key)  # …but nothing is missing and no key went out of order


def test_keys_held_by_a_stuck_relay_are_skipped_not_waited_for_then_taken_over(engine: Engine) -> None:
    broker = RecordingBroker()
    _append(engine, [("stuck-school", 0), ("other-school", 0)])
    hold, holding = threading.Event(), threading.Event()
    stuck = OutboxRelay(engine, broker.producer(hold=hold, holding=holding), keys_per_batch=1)
    other = OutboxRelay(engine, broker.producer(), keys_per_batch=8)
    worker = threading.Thread(target=stuck.publish_pending)
    worker.start()
    try:
        assert holding.wait(timeout=10)  # the first relay holds "stuck-school" (the oldest head) mid-batch
        _append(engine, [("stuck-school", 1)])
        assert other.publish_pending() == 1  # the second relay takes the other school and leaves this one alone
        assert broker.log == [("other-school", 0)]
    finally:
        hold.set()
        worker.join(timeout=10)
    assert other.publish_pending() == 1  # once the lock is gone the key's next event follows the first
    assert broker.log == [("other-school", 0), ("stuck-school", 0), ("stuck-school", 1)]
    assert _unpublished(engine) == 0
