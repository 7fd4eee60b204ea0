"""The platform with several instances of each scalable process, on one machine (issue 16, ADR 014).

Two gateways on two ports (one database of sessions: a login on one is valid on the other), N registry gRPC
servers behind one client-side round_robin target, N registry relays on one outbox, N reporting consumers in one
group on topics with several partitions. Used by ``tests/integration/test_scale_out.py`` and
``bench/scale_out.py``; the everyday launcher (``python3 dev.py up``) is :class:`Stack` itself.
"""

from __future__ import annotations

import threading
import urllib.request
from dataclasses import replace
from pathlib import Path

from embedded_stack.broker import start_tansu
from embedded_stack.ports import free_ports
from embedded_stack.processes import ManagedProcess, python_module
from embedded_stack.stack import GRPC_SERVICES, TOPICS, Ports, Stack, StackConfig
from mentorship_kit.internal_token import ensure_keypair
from mentorship_kit.kafka import ensure_topics

# Processes of which the scale-out stack runs ``instances`` copies; the rest run once.
SCALED = ("gateway", "registry", "registry-relay", "reporting-consumer")


class ScaleOutStack(Stack):
    def __init__(self, config: StackConfig, *, extra_gateway_ports: list[int], extra_registry_ports: list[int],
                 partitions: int = 4) -> None:
        super().__init__(replace(config, extra_env={**config.extra_env, "KAFKA_TOPIC_PARTITIONS": str(partitions)}))
        assert len(extra_gateway_ports) == len(extra_registry_ports)
        self.instances = 1 + len(extra_gateway_ports)
        self.partitions = partitions
        self.gateway_ports = [config.ports.gateway, *extra_gateway_ports]
        self.registry_ports = [config.ports.grpc["registry"], *extra_registry_ports]

    @classmethod
    def on_free_ports(cls, data_dir: Path, *, instances: int = 2, partitions: int = 4) -> ScaleOutStack:
        """Every port drawn in one go, so no two are the same."""
        extra = instances - 1
        gateway, broker, *rest = free_ports(2 + len(GRPC_SERVICES) + 2 * extra)
        grpc, more_gateways, more_registries = rest[:4], rest[4:4 + extra], rest[4 + extra:]
        config = StackConfig(data_dir=data_dir, ephemeral=True,
                             ports=Ports(gateway=gateway, broker=broker,
                                         grpc=dict(zip(GRPC_SERVICES, grpc, strict=True))))
        return cls(config, extra_gateway_ports=more_gateways, extra_registry_ports=more_registries,
                   partitions=partitions)

    # -- addresses ---------------------------------------------------------------------------------
    @property
    def gateway_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.gateway_ports]

    def registry_target(self) -> str:
        """Every registry instance in one gRPC target; the channel spreads calls over them (round_robin)."""
        return "ipv4:" + ",".join(f"127.0.0.1:{p}" for p in self.registry_ports)

    def gateway_env(self, index: int = 0) -> dict[str, str]:
        env = super().gateway_env()
        env.update({"GATEWAY_LISTEN_PORT": str(self.gateway_ports[index]), "REGISTRY_TARGET": self.registry_target()})
        return env

    def service_env(self, service: str) -> dict[str, str]:
        env = super().service_env(service)
        if service == "matching":
            env["REGISTRY_TARGET"] = self.registry_target()
        return env

    # -- start / stop ------------------------------------------------------------------------------
    def start(self, stop: threading.Event | None = None) -> None:
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        ensure_keypair(self.private_key, self.public_key)
        self._start_postgres()
        self._broker = start_tansu(self.config.ports.broker, self.log_dir / "broker.log")
        ensure_topics(self.kafka_bootstrap, TOPICS, partitions=self.partitions)
        self._migrate()
        for i, port in enumerate(self.registry_ports, start=1):
            env = {**self.service_env("registry"), "GRPC_LISTEN": f"127.0.0.1:{port}"}
            self._spawn(f"registry-{i}", python_module("registry", "serve"), env, "READY")
        for service in ("reporting", "matching", "monitoring"):
            self._spawn(service, python_module(service, "serve"), self.service_env(service), "READY")
        for i in range(1, self.instances + 1):
            self._spawn(f"registry-relay-{i}", python_module("registry", "relay"), self.service_env("registry"),
                        "READY")
            self._spawn(f"reporting-consumer-{i}", python_module("reporting", "consume"),
                        self.service_env("reporting"), "READY")
        for i in range(self.instances):
            proc = self._spawn(f"gateway-{i + 1}", python_module("gateway", "serve"), self.gateway_env(i), None)
            url = self.gateway_urls[i]
            proc.wait_ready(lambda _, url=url: _healthy(url))  # type: ignore[misc]

    def restart(self, name: str) -> ManagedProcess:
        proc = super().restart(name) if not name.startswith("gateway") else self._restart_gateway(name)
        return proc

    def _restart_gateway(self, name: str) -> ManagedProcess:
        old = self.processes[name]
        old.stop()
        proc = ManagedProcess(name, old.argv, old.env, self.log_dir)
        proc.start()
        self.processes[name] = proc
        url = self.gateway_urls[int(name.rsplit("-", 1)[1]) - 1]
        proc.wait_ready(lambda _: _healthy(url))
        return proc


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310 (http only)
            return bool(response.status == 200)
    except OSError:
        return False
