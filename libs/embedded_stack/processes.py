"""Child processes of the stack: started with their own log file, awaited on a readiness marker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def guarded(argv: list[str]) -> list[str]:
    """Children end when the launcher ends, even if it is killed without a chance to clean up."""
    return [sys.executable, "-m", "embedded_stack.die_with_parent", str(os.getpid()), *argv]


class ManagedProcess:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.popen = subprocess.Popen(guarded(self.argv), stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                          start_new_session=True)

    @property
    def exit_code(self) -> int | None:
        """None while running (or never started); the code it ended with otherwise (negative: the signal)."""
        return None if self.popen is None else self.popen.poll()

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def new_output(self) -> str:
        with self.log_path.open("rb") as f:
            f.seek(self._offset)
            return f.read().decode(errors="replace")

    def wait_ready(self, check: Callable[[ManagedProcess], bool], *, timeout_seconds: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_seconds
        while not check(self):
            if not self.alive:
                raise RuntimeError(f"{self.name} exited while starting:\n{self.new_output()[-4000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} not ready after {timeout_seconds}s:\n{self.new_output()[-4000:]}")
            time.sleep(0.05)

    def wait_exit(self, *, timeout_seconds: float = 120.0) -> int:
        assert self.popen is not None
        code = self.popen.wait(timeout=timeout_seconds)
        if code != 0:
            raise RuntimeError(f"{self.name} failed with exit code {code}:\n{self.new_output()[-4000:]}")
        return code

    def stop(self, *, timeout_seconds: float = 10.0) -> None:
        stop_together([self], timeout_seconds=timeout_seconds)

    def terminate(self) -> None:
        """SIGTERM: the process finishes what it is doing and exits (``mentorship_kit.stop_loop``)."""
        if self.alive:
            assert self.popen is not None
            self.popen.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL: no cleanup, no flush — how a crash looks to the rest of the system."""
        if self.alive:
            assert self.popen is not None
            os.kill(self.popen.pid, signal.SIGKILL)
            self.popen.wait()


def stop_together(processes: list[ManagedProcess], *, timeout_seconds: float = 20.0) -> None:
    """SIGTERM to all of them at once, then wait for each within one shared bound (SIGKILL after it): a tier of the
    stack stops in the time of its slowest process, not in the sum of them all. The bound is shared, so it is twice
    a single process's: a whole tier flushing at once on two cores is slower than one."""
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + timeout_seconds
    for process in processes:
        if process.popen is None:
            continue
        try:
            process.popen.wait(timeout=max(deadline - time.monotonic(), 0.0))
        except subprocess.TimeoutExpired:
            process.popen.kill()
            process.popen.wait()


def marker(text: str) -> Callable[[ManagedProcess], bool]:
    return lambda p: text in p.new_output()


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]
