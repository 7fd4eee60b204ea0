"""How every long-running loop of a service stops: SIGTERM or SIGINT sets one event, and each loop (outbox
relay, event consumer, background worker) checks it between steps, so a process finishes its current
batch and exits cleanly instead of being killed mid-transaction."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT (install from the main thread, once per process)."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def run_until_stopped(step: Callable[[], bool], stop: threading.Event, *, name: str, idle_wait: float,
                      on_failure: str, failure_wait: float = 1.0) -> None:
    """Call ``step`` until ``stop`` is set. ``step`` returns whether it found work: if not, wait ``idle_wait``
    (or until stopped) before the next call. A failed step is logged with ``on_failure`` (what happens to the
    unfinished work) and retried after ``failure_wait``: one bad batch never ends the process."""
    log.info("%s started", name)
    # In a container the health check reads this file's age (``python -m mentorship_kit.healthcheck heartbeat``):
    # a loop that stopped turning — a hung broker call, a lock wait — shows as unhealthy, not just a dead process.
    heartbeat = os.environ.get("HEARTBEAT_FILE")
    while not stop.is_set():
        if heartbeat:
            Path(heartbeat).touch()
        try:
            busy = step()
        except Exception:
            log.exception("%s step failed; %s", name, on_failure)
            stop.wait(failure_wait)
            continue
        if not busy and idle_wait > 0:
            stop.wait(idle_wait)
    log.info("%s stopped", name)
