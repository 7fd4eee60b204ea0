"""The container health check every image runs (``HEALTHCHECK`` in ``deploy/Dockerfile``, probes in compose).

``python -m mentorship_kit.healthcheck http URL``        the gateway: ``/healthz`` answers 200;
``python -m mentorship_kit.healthcheck grpc HOST:PORT``  a gRPC service: ``grpc.health.v1`` says SERVING;
``python -m mentorship_kit.healthcheck heartbeat [SECONDS]`` a loop (relay, consumer, import worker): the file
    named by ``HEARTBEAT_FILE`` was touched within SECONDS (default 60) — the loop still turns.
``python -m mentorship_kit.healthcheck auto``             the image's default: picks one of the three from the
    container's main process (``/proc/1/cmdline``: ``gateway serve`` → http, ``<service> serve`` → grpc on
    ``GRPC_LISTEN``'s port, a loop → heartbeat; monitoring's hourly reminder job → its process is alive).
Exit code 0 is healthy, 1 is not; standard library and the gRPC stack only, no settings, no database.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request
from pathlib import Path


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (the probe's own address)
            return bool(response.status == 200)
    except OSError:
        return False


def grpc_serving(target: str) -> bool:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(target) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=3)
        except grpc.RpcError:
            return False
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def heartbeat_fresh(path: str, max_age_seconds: float) -> bool:
    try:
        return time.time() - Path(path).stat().st_mtime <= max_age_seconds
    except OSError:
        return False


def auto_probe(cmdline: list[str], env: dict[str, str]) -> list[str]:
    """The probe for a container whose main process runs ``cmdline`` (``python -m <service> <command>``)."""
    service, command = (cmdline[-2], cmdline[-1]) if len(cmdline) >= 2 else ("", "")
    if service == "gateway" and command == "serve":
        return ["http", f"http://127.0.0.1:{env.get('GATEWAY_LISTEN_PORT', '8000')}/healthz"]
    if command == "serve":
        return ["grpc", f"127.0.0.1:{env.get('GRPC_LISTEN', '0.0.0.0:50051').rsplit(':', 1)[-1]}"]
    if service == "monitoring" and command == "work":
        return ["alive"]  # sleeps an hour between runs: no loop to time
    return ["heartbeat", "60"]


def main(argv: list[str]) -> int:
    if argv == ["auto"]:
        cmdline = Path("/proc/1/cmdline").read_bytes().decode(errors="replace").strip("\0").split("\0")
        argv = auto_probe(cmdline, dict(os.environ))
    if argv == ["alive"]:
        return 0
    if len(argv) >= 2 and argv[0] == "http":
        return 0 if http_ok(argv[1]) else 1
    if len(argv) >= 2 and argv[0] == "grpc":
        return 0 if grpc_serving(argv[1]) else 1
    if argv and argv[0] == "heartbeat":
        path = os.environ.get("HEARTBEAT_FILE", "")
        return 0 if path and heartbeat_fresh(path, float(argv[1]) if len(argv) > 1 else 60.0) else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
