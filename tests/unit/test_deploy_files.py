"""The deployment files, checked without an engine (no Docker, Kubernetes or Kafka runs on these machines).

- docker-compose.yml validates against the Compose specification (check-jsonschema's vendored schema);
- every Kubernetes manifest validates against the 1.37 schemas, offline (kubernetes-validate, strict);
- the kustomize base is what deploy/k8s/render.py renders, and every file a kustomization names exists;
- every command in compose and Kubernetes is one the code has, and every process the code has is deployed;
- every environment variable a process reads (its settings object) is set where it must be, and nothing
  set is unknown to the process (a typo would silently fall back to a laptop default).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from mentorship_kit.service_cli import ServiceDefinition

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
K8S = ROOT / "deploy" / "k8s"
BASE = K8S / "base"
SERVICES = ("registry", "reporting", "matching", "monitoring")
TOPICS = ["registry.events", "matching.events", "monitoring.events"]

# Read by the processes outside their settings objects (telemetry, the loop heartbeat).
EXTRA_VARIABLES = {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "HEARTBEAT_FILE"}
# Fields whose defaults are right in a deployment too; every other field must be set explicitly.
ALLOWED_DEFAULTS = {
    "log_level", "smtp_url", "reminder_from", "reminder_interval_seconds", "keycloak_realm", "keycloak_client_id",
    "keycloak_admin_client_id", "login_failures_per_login", "login_failures_per_address", "cookie_secure",
    "session_ttl_minutes", "max_body_bytes", "max_upload_bytes", "display_time_zone", "trusted_proxies",
    "demo_password", "kafka_topic_partitions", "outbox_retention_hours",
    "import_preview_retention_hours", "read_cache_bytes", "grpc_max_workers",
}
MIGRATION_ONLY = {"db_admin_url", "db_role_password"}
# What a process of each command needs beyond its database (a relay opens no gRPC port, a migration no broker).
NOT_NEEDED_BY = {
    "migrate": {"kafka_bootstrap", "grpc_listen", "internal_jwt_public_key_file", "db_system_url", "registry_target",
                "public_url", "internal_jwt_private_key_file", "gateway_listen_host", "gateway_listen_port",
                "reporting_target", "matching_target", "monitoring_target", "auth_mode",
                "keycloak_server_url", "keycloak_client_secret", "keycloak_admin_client_secret", "session_token_key"},
    "relay": {"grpc_listen", "internal_jwt_public_key_file"},
    "consume": {"grpc_listen", "internal_jwt_public_key_file"},
    "work": {"grpc_listen", "internal_jwt_public_key_file"},
}


def definition(service: str) -> ServiceDefinition:
    module = importlib.import_module(f"{service}.bootstrap")
    return module.SERVICE


def code_commands() -> dict[str, set[str]]:
    """Every ``python -m <module> <command>`` the code answers."""
    from gateway.__main__ import COMMANDS

    commands: dict[str, set[str]] = {"gateway": set(COMMANDS)}
    for service in SERVICES:
        d = definition(service)
        commands[service] = {"migrate", "serve"} | ({"relay"} if d.topic else set()) \
            | ({"consume"} if d.consumes else set()) | ({"work"} if d.work else set())
    commands["mentorship_kit.healthcheck"] = {"http", "grpc", "heartbeat", "alive", "auto"}
    commands["mentorship_kit.keygen"] = {"*"}
    return commands


def settings_class(service: str) -> type[BaseSettings]:
    if service == "gateway":
        from gateway.settings import GatewaySettings

        return GatewaySettings
    return definition(service).settings  # type: ignore[return-value]


def check_environment(where: str, service: str, command: str, env: set[str]) -> list[str]:
    fields = settings_class(service).model_fields
    known = {name.upper() for name in fields} | EXTRA_VARIABLES
    problems = [f"{where}: {name} is read by no setting of {service}" for name in sorted(env - known)]
    needed = set(fields) - ALLOWED_DEFAULTS - NOT_NEEDED_BY.get(command, set())
    if command != "migrate":
        needed -= MIGRATION_ONLY
    problems += [f"{where}: {name.upper()} is not set" for name in sorted(needed) if name.upper() not in env]
    return problems


# ---------------------------------------------------------------------------------------------------- compose
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def our_services() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, spec in compose()["services"].items():
        if str(spec.get("image", "")).startswith("mentorship:"):
            yield name, spec


def test_compose_file_follows_the_compose_specification() -> None:
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
                             str(COMPOSE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_process_of_the_code_with_commands_the_code_has() -> None:
    commands = code_commands()
    deployed: set[tuple[str, str]] = set()
    for name, spec in our_services():
        argv = spec["command"]
        assert argv[:2] == ["python", "-m"], name
        module, command = argv[2], argv[3]
        assert command in commands[module] or "*" in commands[module], f"{name}: {argv}"
        deployed.add((module, command))
        probe = spec.get("healthcheck", {}).get("test")
        if probe and probe[0] == "CMD":
            assert probe[1:4] == ["python", "-m", "mentorship_kit.healthcheck"] and probe[4] in \
                commands["mentorship_kit.healthcheck"], name
    wanted = {(m, c) for m, cs in commands.items() if not m.startswith("mentorship_kit") for c in cs}
    assert wanted - deployed == set()


def test_compose_sets_what_every_process_reads_and_nothing_it_does_not() -> None:
    problems: list[str] = []
    for name, spec in our_services():
        module, command = spec["command"][2], spec["command"][3]
        if module.startswith("mentorship_kit"):
            continue
        problems += check_environment(f"compose {name}", module, command, set(spec.get("environment", {})))
    assert problems == []


def test_compose_waits_for_what_each_process_needs_and_checks_its_health() -> None:
    services = compose()["services"]
    for name, spec in our_services():
        command = spec["command"][3]
        if command in ("serve", "relay", "consume", "work"):
            assert "healthcheck" in spec, f"{name} has no health check"
            conditions = {dep: c["condition"] for dep, c in spec["depends_on"].items()}
            migrate = f"{spec['command'][2]}-migrate"
            assert conditions.get(migrate) == "service_completed_successfully", name
        for dep, cond in spec.get("depends_on", {}).items():
            if cond["condition"] == "service_healthy":
                assert "healthcheck" in services[dep], f"{name} waits for {dep}, which has no health check"


def test_compose_creates_the_topics_and_the_roles_the_code_uses() -> None:
    from embedded_stack.stack import TOPICS as LAUNCHER_TOPICS

    assert sorted(LAUNCHER_TOPICS) == sorted(TOPICS)
    init = " ".join(compose()["services"]["kafka-init"]["command"])
    assert all(topic in init for topic in TOPICS)
    roles = (ROOT / "deploy" / "postgres" / "init-roles.sh").read_text()
    assert "for service in registry reporting matching monitoring gateway;" in roles
    assert "'_app'" in roles and "'_system'" in roles and "NOBYPASSRLS" in roles and "NOSUPERUSER" in roles
    keycloak = compose()["services"]["keycloak"]
    assert "--import-realm" in keycloak["command"]
    assert any(v.startswith("./deploy/keycloak:/opt/keycloak/data/import") for v in keycloak["volumes"])


def test_no_secret_is_committed_only_referenced_from_the_env_file() -> None:
    text = COMPOSE.read_text()
    for secret in ("POSTGRES_PASSWORD", "DB_ROLE_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD", "SESSION_TOKEN_KEY",
                   "MENTORSHIP_GATEWAY_CLIENT_SECRET", "MENTORSHIP_PROVISIONER_CLIENT_SECRET"):
        assert f"${{{secret}}}" in text or f"${{{secret}:" in text
        assert f"{secret}=" in (ROOT / ".env.example").read_text()
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_image_is_multi_stage_non_root_without_compilers_and_with_a_health_check() -> None:
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    stages = dockerfile.split("\nFROM ")
    assert len(stages) == 3, "build and runtime stages"
    runtime = stages[-1]
    assert "build-essential" not in runtime and "gcc" not in runtime and "apt-get install" not in runtime
    assert "USER 10001" in runtime and "HEALTHCHECK" in runtime
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".data", "tests", ".env"} <= set(ignored)


# ---------------------------------------------------------------------------------------------------- kubernetes
def manifests() -> list[Path]:
    files = sorted(K8S.rglob("*.yaml"))
    return [f for f in files if f.name != "kustomization.yaml"]


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


@pytest.mark.parametrize("path", manifests(), ids=lambda p: str(p.relative_to(K8S)))
def test_kubernetes_manifest_validates_against_the_schemas(path: Path) -> None:
    import kubernetes_validate

    for doc in documents(path):
        kubernetes_validate.validate(doc, "1.37.0", strict=True)


def test_kustomize_base_is_what_the_renderer_writes() -> None:
    sys.path.insert(0, str(K8S))
    try:
        import render
    finally:
        sys.path.remove(str(K8S))
    fresh = render.render()
    committed = {p.name: p.read_text() for p in BASE.glob("*.yaml")}
    assert committed == fresh, "run .venv/bin/python deploy/k8s/render.py"


def test_every_kustomization_names_files_that_exist() -> None:
    for kustomization in K8S.rglob("kustomization.yaml"):
        spec = yaml.safe_load(kustomization.read_text())
        named = [*spec.get("resources", []), *(p["path"] for p in spec.get("patches", []) if "path" in p)]
        for entry in named:
            assert (kustomization.parent / entry).exists(), f"{kustomization}: {entry}"
    base = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    assert sorted(base["resources"]) == sorted(p.name for p in manifests() if p.parent == BASE)


def k8s_containers() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in BASE.glob("*.yaml"):
        for doc in documents(path):
            if doc["kind"] in ("Deployment", "Job"):
                pod = doc["spec"]["template"]["spec"]
                for c in [*pod.get("initContainers", []), *pod["containers"]]:
                    yield doc["metadata"]["name"], c


def test_kubernetes_runs_every_process_of_the_code_with_commands_the_code_has() -> None:
    commands = code_commands()
    deployed = set()
    for name, c in k8s_containers():
        argv = c["command"]
        assert argv[:2] == ["python", "-m"] and argv[3] in commands[argv[2]], f"{name}: {argv}"
        deployed.add((argv[2], argv[3]))
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            exec_argv = c.get(probe, {}).get("exec", {}).get("command")
            if exec_argv:
                assert exec_argv[2] == "mentorship_kit.healthcheck" and exec_argv[3] in \
                    commands["mentorship_kit.healthcheck"]
    wanted = {(m, c) for m, cs in commands.items() if not m.startswith("mentorship_kit") for c in cs}
    assert wanted - deployed == {("gateway", "seed-demo"), ("gateway", "provision-sso-demo")}  # demo: compose only


def test_kubernetes_sets_what_every_process_reads_and_nothing_it_does_not() -> None:
    config = documents(BASE / "configmap.yaml")[0]["data"]
    every_field = {n.upper() for s in (*SERVICES, "gateway") for n in settings_class(s).model_fields}
    assert set(config) - every_field - EXTRA_VARIABLES == set(), "a ConfigMap key nobody reads"
    problems: list[str] = []
    for name, c in k8s_containers():
        env = {e["name"] for e in c.get("env", [])}
        problems += [p for p in check_environment(f"k8s {name}/{c['name']}", c["command"][2], c["command"][3],
                                                  env | set(config))
                     if "is not set" in p]
        problems += [p for p in check_environment(f"k8s {name}/{c['name']}", c["command"][2], c["command"][3], env)
                     if "is read by no setting" in p]
    assert problems == []


def test_kubernetes_probes_scaling_and_network_policies() -> None:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for path in BASE.glob("*.yaml"):
        for doc in documents(path):
            kinds.setdefault(doc["kind"], []).append(doc)
    deployments = {d["metadata"]["name"]: d for d in kinds["Deployment"]}
    for service in SERVICES:
        probe = deployments[service]["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
        assert probe == {**probe, "grpc": {"port": 50051}}
    assert {h["spec"]["scaleTargetRef"]["name"] for h in kinds["HorizontalPodAutoscaler"]} == {"gateway", *SERVICES}
    assert deployments["registry-relay"]["spec"]["replicas"] >= 2  # ADR 014: relays scale too
    partitions = int(documents(BASE / "configmap.yaml")[0]["data"]["KAFKA_TOPIC_PARTITIONS"])
    for name, d in deployments.items():
        if name.endswith("-consumer"):
            assert 1 <= d["spec"]["replicas"] <= partitions, name
    policies = {p["metadata"]["name"]: p["spec"] for p in kinds["NetworkPolicy"]}
    assert policies["default-deny-ingress"] == {"podSelector": {}, "policyTypes": ["Ingress"]}
    open_to_all = [n for n, p in policies.items() if any("from" not in rule for rule in p.get("ingress", []))]
    assert open_to_all == ["gateway-from-outside"]  # only the gateway is reachable from outside
    assert len(kinds["Job"]) == 1 and kinds["Job"][0]["metadata"]["name"] == "mentorship-migrate"
