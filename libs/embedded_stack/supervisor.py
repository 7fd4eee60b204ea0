"""Keeps the launcher's processes running: a crashed one is started again after an exponential back-off, and
only a process that keeps failing (``max_failures`` within ``window_seconds``) stops the platform.

Pure bookkeeping over a clock and two callbacks (is it alive and how did it end; start it again), so the rules
are tested without processes (``tests/unit/test_supervisor.py``); ``python -m embedded_stack up`` calls
:meth:`Supervisor.tick` once a loop.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RestartPolicy:
    max_failures: int = 5
    window_seconds: float = 120.0
    first_delay_seconds: float = 0.5
    max_delay_seconds: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> RestartPolicy:
        """``SUPERVISE_MAX_FAILURES``, ``SUPERVISE_WINDOW_SECONDS``, ``SUPERVISE_FIRST_DELAY_SECONDS``,
        ``SUPERVISE_MAX_DELAY_SECONDS``; the defaults above otherwise."""
        default = cls()
        return cls(max_failures=int(env.get("SUPERVISE_MAX_FAILURES", default.max_failures)),
                   window_seconds=float(env.get("SUPERVISE_WINDOW_SECONDS", default.window_seconds)),
                   first_delay_seconds=float(env.get("SUPERVISE_FIRST_DELAY_SECONDS", default.first_delay_seconds)),
                   max_delay_seconds=float(env.get("SUPERVISE_MAX_DELAY_SECONDS", default.max_delay_seconds)))

    def delay(self, attempt: int) -> float:
        """Back-off before the ``attempt``-th restart within the window: 0.5 s, 1 s, 2 s, … up to the cap."""
        return float(min(self.max_delay_seconds, self.first_delay_seconds * 2 ** (attempt - 1)))


@dataclass
class _Watch:
    failures: deque[float] = field(default_factory=deque)
    restart_at: float | None = None


class GaveUp(Exception):
    """A process failed ``max_failures`` times within the window: the platform is stopped."""

    def __init__(self, name: str, failures: int, window_seconds: float) -> None:
        super().__init__(f"{name}: {failures} сбоев за {window_seconds:g} с")
        self.name = name


class Supervisor:
    def __init__(self, names: list[str], *, exit_code: Callable[[str], int | None], restart: Callable[[str], None],
                 policy: RestartPolicy, say: Callable[[str], None], clock: Callable[[], float] = time.monotonic
                 ) -> None:
        """``exit_code(name)`` is None while the process runs; ``restart(name)`` starts it again (not awaited)."""
        self._watches = {name: _Watch() for name in names}
        self._exit_code = exit_code
        self._restart = restart
        self._policy = policy
        self._say = say
        self._clock = clock
        self.restarts = 0

    def tick(self) -> None:
        """Notice crashes, restart what is due; raises :class:`GaveUp` for a process that keeps failing."""
        now = self._clock()
        for name, watch in self._watches.items():
            if watch.restart_at is not None:
                if now >= watch.restart_at:
                    watch.restart_at = None
                    self._restart(name)
                    self.restarts += 1
                    self._say(f"Процесс {name} перезапущен (попытка {len(watch.failures)})")
                continue
            code = self._exit_code(name)
            if code is None:
                continue
            while watch.failures and now - watch.failures[0] > self._policy.window_seconds:
                watch.failures.popleft()
            watch.failures.append(now)
            attempt = len(watch.failures)
            if attempt >= self._policy.max_failures:
                self._say(f"Процесс {name} завершился с кодом {code}: {attempt}-й сбой за "
                          f"{self._policy.window_seconds:g} с — платформа останавливается")
                raise GaveUp(name, attempt, self._policy.window_seconds)
            delay = self._policy.delay(attempt)
            watch.restart_at = now + delay
            self._say(f"Процесс {name} завершился с кодом {code}; перезапуск через {delay:g} с "
                      f"(попытка {attempt} из {self._policy.max_failures - 1} за {self._policy.window_seconds:g} с)")
