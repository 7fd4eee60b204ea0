"""The embedded broker's memory with its storage engines (issue 14, «storage that does not grow without purpose»).

Starts Tansu on a free port with each storage engine, publishes ``--events`` events of about ``--size`` bytes (the
size of an outbox envelope) to a 3-partition topic, and prints the broker's RSS before and after, and again after
a consumer read everything (Tansu keeps every event; nothing is released). The baseline is ``memory://``; the
PostgreSQL engine (``postgres://…``, an embedded PostgreSQL started here, over its Unix socket and over TCP) is
tried and, where the build lacks it, the broker's own error is printed (ADR 018).
Run: .venv/bin/python bench/broker_storage.py [--events 20000] [--size 1200]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
from kafka import KafkaConsumer

from embedded_stack.broker import MEMORY, start_tansu
from embedded_stack.ports import free_ports
from embedded_stack.postgres import PostgresCluster
from mentorship_kit.kafka import ensure_topics, make_producer

TOPIC = "bench.storage"


def _rss_mib(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


def measure(storage: str, events: int, size: int, log: Path) -> str:
    port, = free_ports(1)
    try:
        broker = start_tansu(port, log, storage=storage)
    except TimeoutError:
        lines = [line for line in log.read_text(errors="replace").splitlines() if "Error" in line]
        return f"{storage}: the broker did not start — {lines[-1] if lines else 'no error line'}"
    try:
        bootstrap = f"127.0.0.1:{port}"
        ensure_topics(bootstrap, [TOPIC], partitions=3)
        idle = _rss_mib(broker.pid)
        producer = make_producer(bootstrap)
        payload = b"x" * size
        started = time.perf_counter()
        futures = [producer.send(TOPIC, key=str(n % 300).encode(), value=payload) for n in range(events)]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
        rate = events / (time.perf_counter() - started)
        producer.close()
        written = _rss_mib(broker.pid)
        consumer = KafkaConsumer(TOPIC, bootstrap_servers=bootstrap, group_id="bench", auto_offset_reset="earliest",
                                 session_timeout_ms=6000, heartbeat_interval_ms=1000, consumer_timeout_ms=5000)
        read = sum(1 for _ in consumer)
        consumer.close()
        after_read = _rss_mib(broker.pid)
        return (f"{storage}: RSS idle {idle:.0f} MiB, after {events} events of {size} B {written:.0f} MiB "
                f"(+{written - idle:.0f}), after reading {read} of them {after_read:.0f} MiB; "
                f"publish {rate:.0f} events/s")
    finally:
        broker.terminate()
        broker.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--size", type=int, default=1200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="broker-storage-"))
    pg = PostgresCluster.embedded(tmp / "pg", delete_on_stop=True)
    try:
        pg.ensure_database("tansu")
        socket_dir = pg.url("tansu").query.get("host")
        print(f"baseline: {measure(MEMORY, args.events, args.size, tmp / 'memory.log')}")
        for storage in (f"postgres://postgres@localhost/tansu?host={socket_dir}",
                        "postgres://postgres:postgres@127.0.0.1:5432/tansu"):
            print(measure(storage, args.events, args.size, tmp / "postgres.log"))
    finally:
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
