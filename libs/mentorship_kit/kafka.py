"""Kafka clients configured the one way this project uses them (DESIGN §7 explains the numbers)."""

from __future__ import annotations

import contextlib
import logging
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

log = logging.getLogger(__name__)

# Topics are created explicitly: auto-creation on Tansu yields 4 partitions with no say in it.
TOPIC_PARTITIONS = 3
FETCH_MAX_WAIT_MS = 200


def make_producer(bootstrap: str) -> KafkaProducer:
    # The relay sends a batch of up to 500 rows and flushes once: 256 KiB record batches (not 16) carry a school's
    # rows in a few requests, and the sender thread is woken once per record batch, not every ~20 sends (ADR 026).
    return KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True,
                         linger_ms=5, batch_size=256 * 1024, retries=5, client_id="outbox-relay")


def make_consumer(bootstrap: str, *, group_id: str, topics: list[str]) -> KafkaConsumer:
    # A new group on Tansu waits session_timeout/2 before its first message: keep it short. An idle fetch
    # waits fetch_max_wait_ms for data; 50 ms instead of 500 took event visibility p50 from 261 to 109 ms
    # (bench/event_visibility.py), but an idle platform then spent 29 % of a core on empty fetches (four consumers at
    # 20 a second each and Tansu answering them); 200 ms keeps visibility well inside its 2 s and a quarter of the
    # idle cost (ADR 027).
    return KafkaConsumer(
        *topics, bootstrap_servers=bootstrap, group_id=group_id, enable_auto_commit=False,
        auto_offset_reset="earliest", session_timeout_ms=6000, heartbeat_interval_ms=1000,
        max_poll_records=500, fetch_max_wait_ms=FETCH_MAX_WAIT_MS, client_id=group_id,
    )


def ensure_topics(bootstrap: str, topics: list[str], *, partitions: int = TOPIC_PARTITIONS,
                  timeout_seconds: float = 30.0) -> None:
    """Create the missing topics with ``partitions`` each (an existing topic is left as it is)."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="topic-setup")
            break
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        existing = set(admin.list_topics())
        missing = [NewTopic(t, partitions, 1) for t in topics if t not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another process won the race
                admin.create_topics(missing)
            log.info("created topics %s", [t.name for t in missing])
    finally:
        admin.close()
