"""The image's one HEALTHCHECK picks the right probe from the container's command (deploy/Dockerfile)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mentorship_kit.healthcheck import auto_probe, heartbeat_fresh, main


@pytest.mark.parametrize(("cmdline", "env", "probe"), [
    (["python", "-m", "gateway", "serve"], {"GATEWAY_LISTEN_PORT": "8080"}, ["http", "http://127.0.0.1:8080/healthz"]),
    (["python", "-m", "registry", "serve"], {"GRPC_LISTEN": "0.0.0.0:50061"}, ["grpc", "127.0.0.1:50061"]),
    (["python", "-m", "reporting", "serve"], {}, ["grpc", "127.0.0.1:50051"]),
    (["python", "-m", "registry", "relay"], {}, ["heartbeat", "60"]),
    (["python", "-m", "reporting", "consume"], {}, ["heartbeat", "60"]),
    (["python", "-m", "registry", "work"], {}, ["heartbeat", "60"]),
    (["python", "-m", "monitoring", "work"], {}, ["alive"]),
])
def test_auto_probe_follows_the_command(cmdline: list[str], env: dict[str, str], probe: list[str]) -> None:
    assert auto_probe(cmdline, env) == probe


def test_heartbeat_is_fresh_only_while_the_loop_touches_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    beat = tmp_path / "heartbeat"
    assert not heartbeat_fresh(str(beat), 60)  # no loop has run yet
    beat.touch()
    assert heartbeat_fresh(str(beat), 60)
    old = time.time() - 120
    os.utime(beat, (old, old))
    assert not heartbeat_fresh(str(beat), 60)
    monkeypatch.setenv("HEARTBEAT_FILE", str(beat))
    assert main(["heartbeat", "60"]) == 1
    beat.touch()
    assert main(["heartbeat", "60"]) == 0
    assert main(["bogus"]) == 2


def test_every_turn_of_a_loop_touches_the_heartbeat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from mentorship_kit.stop_loop import run_until_stopped

    beat = tmp_path / "heartbeat"
    monkeypatch.setenv("HEARTBEAT_FILE", str(beat))
    stop = threading.Event()
    turns: list[bool] = []

    def step() -> bool:
        assert beat.exists()  # touched before the step runs
        turns.append(True)
        if len(turns) == 3:
            stop.set()
        return True

    run_until_stopped(step, stop, name="test loop", idle_wait=0, on_failure="nothing")
    assert len(turns) == 3


def test_keygen_makes_the_pair_once_and_copies_only_the_public_key(tmp_path: Path) -> None:
    from mentorship_kit.keygen import main as keygen

    assert keygen([str(tmp_path / "keys"), str(tmp_path / "public")]) == 0
    private = (tmp_path / "keys" / "internal-jwt.key").read_bytes()
    assert keygen([str(tmp_path / "keys")]) == 0  # a second run keeps the pair
    assert (tmp_path / "keys" / "internal-jwt.key").read_bytes() == private
    assert sorted(p.name for p in (tmp_path / "public").iterdir()) == ["internal-jwt.pub"]
    assert keygen([]) == 2
