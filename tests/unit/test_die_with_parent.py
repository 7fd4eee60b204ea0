"""The stack's children end with the launcher, and nothing runs between fork and exec in the launcher's copy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie of a reaped-by-init child still answers kill(0); its state says it is dead
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(")")[-1].split()[0] == "Z"


def _wait_until(condition: Callable[[], object], *, bound: float = 10.0) -> bool:
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_child_ends_when_its_launcher_is_killed(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    launcher = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from embedded_stack.processes import ManagedProcess
        sleeper = "import os, time; print(os.getpid(), flush=True); time.sleep(60)"
        p = ManagedProcess("sleeper", [sys.executable, "-c", sleeper], {{}}, Path({str(tmp_path)!r}))
        p.start()
        while not p.new_output().strip():
            time.sleep(0.05)
        Path({str(pid_file)!r}).write_text(p.new_output().strip())
        time.sleep(60)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    parent = subprocess.Popen([sys.executable, "-c", launcher], env=env)
    try:
        assert _wait_until(lambda: pid_file.exists() and pid_file.read_text().strip()), "the child never started"
        child = int(pid_file.read_text())
        assert not _gone(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        assert _wait_until(lambda: _gone(child)), f"child {child} outlived its killed launcher"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_the_guard_refuses_to_start_a_command_for_a_launcher_that_is_already_gone() -> None:
    not_my_parent = 1 if os.getppid() != 1 else os.getpid()
    done = subprocess.run([sys.executable, "-m", "embedded_stack.die_with_parent", str(not_my_parent),
                           sys.executable, "-c", "print('ran')"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "ran" not in done.stdout


def test_the_guard_runs_the_command_itself_with_its_arguments() -> None:
    done = subprocess.run([sys.executable, "-m", "embedded_stack.die_with_parent", str(os.getpid()), "echo", "сказано"],
                          capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout) == (0, "сказано\n")
