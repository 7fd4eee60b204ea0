"""Free ports for a stack started on a busy machine (tests, benchmarks).

Ports are taken *below* the kernel's ephemeral range: a port the kernel hands out for ``bind(0)`` is in
that range, and between our probe and the service's own bind an outgoing connection of any process may
take it. Below the range only listeners compete, and the probe sees them.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

_FLOOR = 20000


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int, *, consecutive: bool = False) -> list[int]:
    """``count`` ports nobody listens on; ``consecutive`` gives a block (for GRPC_PORT_BASE)."""
    ceiling = max(_FLOOR + 1000, _ephemeral_start())
    rng = random.SystemRandom()
    for _ in range(1000):
        if consecutive:
            base = rng.randrange(_FLOOR, ceiling - count)
            block = list(range(base, base + count))
        else:
            block = rng.sample(range(_FLOOR, ceiling), count)
        if all(_bindable(p) for p in block):
            return block
    raise RuntimeError("no free ports below the ephemeral range")


def free_port() -> int:
    return free_ports(1)[0]
