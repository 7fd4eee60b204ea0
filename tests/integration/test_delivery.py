"""At-least-once delivery made exactly-once in effect: outbox survives a relay crash, consumers dedupe."""

from __future__ import annotations

import json
import os
import signal

import pytest
from kafka import KafkaProducer
from sqlalchemy import create_engine, text

from tests.support import wait_until


@pytest.fixture(scope="module")
def registry_admin(stack):  # type: ignore[no-untyped-def]
    engine = create_engine(stack.databases["registry"].admin_url)
    yield engine
    engine.dispose()


def _outbox_row(engine, mentor_id: str):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(text("SELECT message_key, envelope, published_at FROM outbox"
                                 " WHERE envelope->>'subject' = :s"), {"s": f"mentors/{mentor_id}"}).first()


def _register(curator) -> str:  # type: ignore[no-untyped-def]
    return curator.register_mentor("graduate", capacity=1)["id"]  # type: ignore[no-any-return]


def _publish_raw(stack, key: str, envelope: dict, times: int) -> None:  # type: ignore[no-untyped-def, type-arg]
    producer = KafkaProducer(bootstrap_servers=stack.kafka_bootstrap)
    for _ in range(times):
        producer.send("registry.events", key=key.encode(), value=json.dumps(envelope).encode())
    producer.flush()
    producer.close()


def test_same_event_delivered_twice_is_counted_once(stack, tenants, login, registry_admin) -> None:
    curator, region = login(tenants.curator_b), login(tenants.region_op)
    before = region.count_for(tenants.school_b, "organisation")
    mentor_id = _register(curator)
    wait_until(lambda: region.count_for(tenants.school_b, "organisation") == before + 1, what="first delivery")
    row = wait_until(lambda: _outbox_row(registry_admin, mentor_id), what="outbox row")

    _publish_raw(stack, row.message_key, row.envelope, times=2)
    # A later event of the same school travels the same partition, so once it is counted the duplicates
    # before it have been consumed too.
    _register(curator)
    wait_until(lambda: region.count_for(tenants.school_b, "organisation") >= before + 2, what="sentinel event")
    assert region.count_for(tenants.school_b, "organisation") == before + 2


def test_event_committed_while_relay_dies_is_published_after_restart(stack, tenants, login, registry_admin) -> None:
    curator, region = login(tenants.curator_a), login(tenants.region_op)
    before = region.count_for(tenants.school_a, "organisation")
    relay = stack.processes["registry-relay"]
    assert relay.popen is not None
    try:
        os.kill(relay.popen.pid, signal.SIGSTOP)  # the relay is alive but cannot publish…
        mentor_id = _register(curator)            # …while the registration commits…
        relay.kill()                              # …and then it dies without a chance to clean up.
        assert _outbox_row(registry_admin, mentor_id).published_at is None
        assert region.count_for(tenants.school_a, "organisation") == before
    finally:
        stack.restart("registry-relay")
    wait_until(lambda: region.count_for(tenants.school_a, "organisation") == before + 1, what="count after restart")
    # The relay marks a row after the broker took it, so the consumer may count it a moment before the mark.
    assert wait_until(lambda: _outbox_row(registry_admin, mentor_id).published_at, what="row marked published")


def test_relay_crash_after_send_before_marking_does_not_double_count(stack, tenants, login, registry_admin) -> None:
    curator, region = login(tenants.curator_a), login(tenants.region_op)
    before = region.count_for(tenants.school_a, "organisation")
    try:
        stack.processes["registry-relay"].kill()
        mentor_id = _register(curator)
        row = _outbox_row(registry_admin, mentor_id)
        _publish_raw(stack, row.message_key, row.envelope, times=1)  # sent, but never marked as sent
        wait_until(lambda: region.count_for(tenants.school_a, "organisation") == before + 1, what="first copy")
    finally:
        stack.restart("registry-relay")  # republishes the unmarked row
    wait_until(lambda: _outbox_row(registry_admin, mentor_id).published_at, what="row marked after restart")
    _register(curator)  # sentinel behind the republished copy on the same partition
    wait_until(lambda: region.count_for(tenants.school_a, "organisation") >= before + 2, what="sentinel")
    assert region.count_for(tenants.school_a, "organisation") == before + 2


def test_malformed_message_is_parked_not_fatal(stack, tenants, login) -> None:
    producer = KafkaProducer(bootstrap_servers=stack.kafka_bootstrap)
    producer.send("registry.events", key=tenants.school_b.encode(), value=b"\xff not an envelope")
    producer.flush()
    producer.close()
    engine = create_engine(stack.databases["reporting"].admin_url)
    wait_until(lambda: engine.connect().execute(text("SELECT count(*) FROM failed_events")).scalar(),
               what="parked event")
    engine.dispose()
    curator, region = login(tenants.curator_b), login(tenants.region_op)
    before = region.count_for(tenants.school_b, "organisation")
    _register(curator)
    wait_until(lambda: region.count_for(tenants.school_b, "organisation") == before + 1, what="consumer goes on")
