"""The embedded broker ends with the process that started it, even one killed without its clean-up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from embedded_stack.ports import free_ports
from tests.support import wait_until


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; whoever adopted it may not reap it at once


def test_the_broker_ends_when_its_launcher_is_killed(tmp_path: Path) -> None:
    (port,) = free_ports(1)
    script = ("import sys\nfrom pathlib import Path\nfrom embedded_stack.broker import start_tansu\n"
              f"broker = start_tansu({port}, Path({str(tmp_path / 'broker.log')!r}))\n"
              "print(broker.pid, flush=True)\nsys.stdin.read()\n")
    launcher = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True)
    broker = 0
    try:
        assert launcher.stdout is not None
        broker = int(launcher.stdout.readline())
        assert _running(broker)
        launcher.kill()  # SIGKILL: no clean-up runs in the launcher
        launcher.wait()
        wait_until(lambda: not _running(broker), timeout=15, what="the broker gone with its launcher")
    finally:
        if launcher.poll() is None:
            launcher.kill()
        if broker and _running(broker):  # the guard failed: do not leave the broker behind for the next test
            os.kill(broker, signal.SIGKILL)
