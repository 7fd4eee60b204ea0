"""``python3 dev.py up`` (the launcher it hands over to): Ctrl-C stops everything; a restart keeps the data."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from embedded_stack.ports import free_ports
from tests.support import Api, wait_until

pytestmark = pytest.mark.slow  # starts the whole platform twice; skip locally with -m "not slow"

ROOT = Path(__file__).resolve().parents[2]
READY = "Платформа запущена"


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "embedded_stack", "up"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    wait_until(lambda: READY in log.read_text() or proc.poll() is not None, timeout=120, what="platform start")
    assert proc.poll() is None, log.read_text()[-3000:]
    return proc


def _interrupt(proc: subprocess.Popen[bytes], log: Path) -> None:
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0, log.read_text()[-3000:]


@pytest.fixture
def launcher_env(tmp_path: Path) -> dict[str, str]:
    grpc_base = free_ports(4, consecutive=True)[0]
    gateway, broker = [p for p in free_ports(6) if not grpc_base <= p < grpc_base + 4][:2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env.update({"DATA_DIR": str(tmp_path / "data"), "GATEWAY_PORT": str(gateway),
                "BROKER_PORT": str(broker), "GRPC_PORT_BASE": str(grpc_base)})
    return env


def test_ctrl_c_stops_every_process_and_a_restart_keeps_the_data(launcher_env: dict[str, str], tmp_path: Path) -> None:
    log = tmp_path / "first-up.log"
    gateway_port, broker_port = int(launcher_env["GATEWAY_PORT"]), int(launcher_env["BROKER_PORT"])
    grpc_ports = [int(launcher_env["GRPC_PORT_BASE"]) + i for i in range(4)]
    base_url = f"http://127.0.0.1:{gateway_port}"

    proc = _start(launcher_env, log)
    output = log.read_text()
    assert "curator-school1" in output and base_url in output
    with Api(base_url) as curator:
        curator.login("curator-school1", "demo-2026")
        mentor = curator.register_mentor("parent", last_name="Сохраняемый", capacity=1)
        total = curator.get("/api/v1/mentors").json()["total"]
        pairs = curator.get("/api/v1/pairs").json()["total"]
        assert pairs > 0, "the demo school has published pairs"
    _interrupt(proc, log)
    assert not any(_listening(p) for p in (gateway_port, broker_port, *grpc_ports))
    assert not (Path(launcher_env["DATA_DIR"]) / "postgres" / "postmaster.pid").exists()

    log = tmp_path / "second-up.log"
    proc = _start(launcher_env, log)
    try:
        with Api(base_url) as curator:
            curator.login("curator-school1", "demo-2026")
            again = curator.get("/api/v1/mentors").json()
            assert again["total"] == total, "restart lost data or seeded the demo twice"
            assert mentor["id"] in [m["id"] for m in again["mentors"]]
            assert curator.get("/api/v1/pairs").json()["total"] == pairs
    finally:
        _interrupt(proc, log)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _listening(gateway_port):
        time.sleep(0.1)
    assert not _listening(gateway_port)
