"""Waiting for a row to change without reading it again and again: PostgreSQL's LISTEN/NOTIFY.

One connection per process listens on a channel; a trigger (or a ``pg_notify`` in the writing transaction) names
the changed row in the payload, delivered when that transaction commits. A waiter registers its key *before* it
reads the row, so a change between the read and the wait is not missed. The payload is only a key: a waiter reads
the row again under its own tenant's row-level security, so the channel tells nobody anything.

A loop that waits for work of any kind (the outbox relay, the import worker) watches ``ANY``: every notification on
the channel fires it, so an idle loop sleeps until a commit brings work instead of asking the database ten times a
second (ADR 032).

Nothing here is needed for correctness: when the listener is down (database restarting, not yet connected) or too
many already wait, ``watching`` yields ``None`` and the caller answers at once, as it would without a watch.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)
ANY = "\x00any"  # the key of a waiter fired by every notification on the channel (no payload is spelt so)
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
            waiters = [*self._waiters.get(key, ()), *self._waiters.get(ANY, ())]
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


STOP_CHECK_SECONDS = 0.5  # how soon a sleeping loop notices ``stop``


def woken_by(watch: ChangeWatch | None, step: Callable[[], bool], stop: threading.Event, *,
             longest: float) -> Callable[[], bool]:
    """``step`` for ``run_until_stopped``: when it finds no work, it sleeps until a notification on the watch's
    channel (or ``longest``, or ``stop``) and then has the loop look again. It watches *before* the step looks, so a
    commit between the look and the sleep still wakes it. While the watch is not listening it answers as ``step``
    did, and the loop's own ``idle_wait`` polls as before; ``longest`` bounds what a lost notification can cost."""
    if watch is None:
        return step

    def rung() -> bool:
        with watch.watching(ANY) as waiter:
            if step():
                return True
            if waiter is None:
                return False
            deadline = time.monotonic() + longest
            while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
                if waiter.wait(min(left, STOP_CHECK_SECONDS)):
                    break
            return True
    return rung
