"""The embedded platform with the demo region, for benchmarks: started on free ports in a temporary folder."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embedded_stack.ports import free_ports
from embedded_stack.stack import GRPC_SERVICES, Ports, Stack, StackConfig


@contextmanager
def demo_platform() -> Iterator[tuple[Stack, Any]]:
    """(the running stack, the gateway's container) with the demo region seeded; stopped on exit."""
    with tempfile.TemporaryDirectory(prefix="mentorship-bench-") as tmp:
        gateway, broker, *grpc = free_ports(2 + len(GRPC_SERVICES))
        stack = Stack(StackConfig(data_dir=Path(tmp), ephemeral=True, ports=Ports(
            gateway=gateway, broker=broker, grpc=dict(zip(GRPC_SERVICES, grpc, strict=True)))))
        try:
            stack.start()  # inside: a process that fails to start must not leave PostgreSQL and Tansu running
            from gateway.bootstrap import build_container
            from gateway.demo import seed
            from gateway.settings import settings_from

            container = build_container(settings_from(stack.gateway_env()))
            seed(container)
            yield stack, container
        finally:
            stack.stop()
