"""Waiting for a row to change without reading it again and again: PostgreSQL's LISTEN/NOTIFY.

One connection per process listens on a channel; a trigger (or a ``pg_notify`` in the writing transaction) names
the changed row in the payload, delivered when that transaction commits. A waiter registers its key *before* it
reads the row, so a change between the read and the wait is not missed. The payload is only a key: a waiter reads
the row again under its own tenant's row-level security, so the channel tells nobody anything.

Nothing here is needed for correctness: when the listener is down (database restarting, not yet connected) or too
many already wait, ``watching`` yields ``None`` and the caller answers at once, as it would without a watch.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 2.0
POLL_SECONDS = 1.0  # how soon the listener notices ``stop``


class Waiter:
    def __init__(self) -> None:
        self._changed = threading.Event()

    def wait(self, timeout: float) -> bool:
        """True when the key changed (or the watch lost track and everyone should look again) within ``timeout``."""
        return self._changed.wait(max(timeout, 0.0))

    def fire(self) -> None:
        self._changed.set()


class ChangeWatch:
    def __init__(self, url: str, channel: str, *, max_waiters: int) -> None:
        """``url``: a libpq URL (a SQLAlchemy ``postgresql+psycopg://`` URL is accepted); any role may LISTEN."""
        self._url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self._channel = channel
        self._max_waiters = max_waiters
        self._lock = threading.Lock()
        self._waiters: dict[str, set[Waiter]] = {}
        self._count = 0
        self._listening = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"listen-{self._channel}", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=POLL_SECONDS * 3)
        self._fire_all()

    def wait_listening(self, timeout: float) -> bool:
        return self._listening.wait(timeout)

    @contextmanager
    def watching(self, key: str) -> Iterator[Waiter | None]:
        """A waiter fired when ``key`` changes from now on; ``None`` when the watch cannot promise that."""
        waiter = Waiter()
        with self._lock:
            admitted = self._listening.is_set() and self._count < self._max_waiters
            if admitted:
                self._waiters.setdefault(key, set()).add(waiter)
                self._count += 1
        if not admitted:
            yield None
            return
        try:
            yield waiter
        finally:
            with self._lock:
                keyed = self._waiters.get(key, set())
                keyed.discard(waiter)
                if not keyed:
                    self._waiters.pop(key, None)
                self._count -= 1

    def _fire(self, key: str) -> None:
        with self._lock:
            waiters = list(self._waiters.get(key, ()))
        for waiter in waiters:
            waiter.fire()

    def _fire_all(self) -> None:
        """Notifications may have been lost (a reconnect): every waiter looks again."""
        with self._lock:
            waiters = [w for keyed in self._waiters.values() for w in keyed]
        for waiter in waiters:
            waiter.fire()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
                    # No waiter is older than this connection: the loss of the last one woke them all.
                    self._listening.set()
                    while not self._stop.is_set():
                        for notification in conn.notifies(timeout=POLL_SECONDS):
                            self._fire(notification.payload)
            except psycopg.Error as err:
                if self._listening.is_set():
                    log.warning("lost the LISTEN connection on %s: %s", self._channel, err)
                self._listening.clear()
                self._fire_all()
                self._stop.wait(RECONNECT_SECONDS)
        self._listening.clear()
