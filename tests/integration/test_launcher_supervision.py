"""``python3 dev.py up`` keeps the platform running when a process crashes: each kind killed with SIGKILL once,
under load, is restarted; nothing acknowledged is lost and nothing is counted twice; Ctrl-C still stops all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.test_launcher import READY, ROOT, _listening, launcher_env  # noqa: F401
from tests.support import Api, wait_until

pytestmark = pytest.mark.slow  # starts the whole platform; skip locally with -m "not slow"

# name in the launcher → (module, command) in the child's argv
KINDS = {
    "registry-relay": ("registry", "relay"), "registry-consumer": ("registry", "consume"),
    "registry-worker": ("registry", "work"), "reporting-consumer": ("reporting", "consume"),
    "matching-relay": ("matching", "relay"), "matching-consumer": ("matching", "consume"),
    "registry": ("registry", "serve"), "reporting": ("reporting", "serve"), "matching": ("matching", "serve"),
    "monitoring": ("monitoring", "serve"), "gateway": ("gateway", "serve"),
}


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """The launcher, awaited on its «started» line; stopped again (Ctrl-C) if it never gets there."""
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "embedded_stack", "up"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: READY in log.read_text() or proc.poll() is not None, timeout=400, what="platform start")
    except AssertionError:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=300)
        raise
    assert proc.poll() is None, log.read_text()[-3000:]
    return proc


def _children(launcher: int) -> dict[str, int]:
    """The launcher's running children by name, read from /proc (no ps)."""
    found: dict[str, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] == "Z" or int(fields[1]) != launcher:
            continue
        words = [a.decode(errors="replace") for a in argv if a]
        for name, (module, command) in KINDS.items():
            if words[-3:] == ["-m", module, command]:
                found[name] = int(entry.name)
    return found


class _Load:
    """Curators' requests through the gateway while processes die: a person, a consent, a mentor card each."""

    def __init__(self, base_url: str) -> None:
        self.api = Api(base_url).login("curator-school1", "demo-2026")
        self.acknowledged: list[dict[str, Any]] = []
        self.refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Load:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.acknowledged.append(self.api.register_mentor("teacher", capacity=1))
            except (AssertionError, httpx.HTTPError):
                self.refused += 1  # a request in flight when its process died: not acknowledged, may be retried
                self._stop.wait(0.2)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _healthy(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _ready_count(log_dir: Path, name: str) -> int:
    path = log_dir / f"{name}.log"
    return path.read_text(errors="replace").count("READY") if path.exists() else 0


def test_each_process_kind_killed_under_load_is_restarted_and_nothing_is_lost_or_counted_twice(
        launcher_env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    launcher_env.update({"SUPERVISE_FIRST_DELAY_SECONDS": "0.2", "SUPERVISE_MAX_FAILURES": "3",
                         "SUPERVISE_WINDOW_SECONDS": "600"})
    log = tmp_path / "up.log"
    base_url = f"http://127.0.0.1:{launcher_env['GATEWAY_PORT']}"
    log_dir = Path(launcher_env["DATA_DIR"]) / "logs"
    proc = _start(launcher_env, log)
    try:
        with Api(base_url) as curator:
            curator.login("curator-school1", "demo-2026")
            school = curator.get("/api/v1/auth/me").json()["user"]["org_id"]

            def totals() -> tuple[int, int]:
                registry = curator.get("/api/v1/mentors").json()["total"]
                return registry, curator.count_for(school, "organisation")

            def caught_up() -> bool:
                registry, reporting = totals()
                return registry == reporting

            wait_until(caught_up, timeout=60, what="reporting caught up")
            before = totals()[0]
            with _Load(base_url) as load:
                wait_until(lambda: len(load.acknowledged) >= 2, timeout=60, what="load running")
                for name in KINDS:
                    children = _children(proc.pid)
                    assert name in children, (name, children)
                    ready_before = _ready_count(log_dir, name)
                    os.kill(children[name], signal.SIGKILL)
                    wait_until(lambda n=name, old=children[name]: _children(proc.pid).get(n, old) != old,
                               timeout=60, what=f"{name} restarted")
                    if name == "gateway":
                        wait_until(lambda: _healthy(base_url), timeout=60, what="gateway healthy")
                    else:
                        wait_until(lambda n=name, r=ready_before: _ready_count(log_dir, n) > r, timeout=60,
                                   what=f"{name} ready")
                    assert f"Процесс {name} завершился с кодом -9" in log.read_text()
                    done = len(load.acknowledged)
                    wait_until(lambda d=done: len(load.acknowledged) > d, timeout=60,
                               what=f"requests served after {name} restarted")
            assert proc.poll() is None, log.read_text()[-3000:]
            created = load.acknowledged
            assert len(created) >= len(KINDS)
            # Nothing lost: every acknowledged person and mentor is there.
            for mentor in created:
                person = curator.get(f"/api/v1/persons/{mentor['person_id']}")
                assert person.status_code == 200, person.text
            registry_total = curator.get("/api/v1/mentors").json()["total"]
            assert registry_total >= before + len(created)
            # Nothing counted twice: reporting reaches the registry's count and stays there.
            wait_until(lambda: curator.count_for(school, "organisation") == registry_total, timeout=90,
                       what="reporting counts every mentor once")
            assert totals() == (registry_total, registry_total)
    finally:
        # Ctrl-C stops every child and PostgreSQL; bounded generously, the machine is under load here.
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=240) == 0, log.read_text()[-3000:]
    assert not _listening(int(launcher_env["GATEWAY_PORT"]))
    assert not (Path(launcher_env["DATA_DIR"]) / "postgres" / "postmaster.pid").exists()
