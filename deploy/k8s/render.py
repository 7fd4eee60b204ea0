"""Renders the kustomize base under ``deploy/k8s/base/`` from one table of processes (ADR 015).

The manifests are committed, plain YAML (``kubectl apply -k deploy/k8s/overlays/production``); this script
is how they are written, so nineteen Deployments cannot drift apart. ``tests/unit/test_deploy_files.py`` fails
when the committed files differ from a fresh rendering:

    .venv/bin/python deploy/k8s/render.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

BASE = Path(__file__).resolve().parent / "base"
PART_OF = "mentorship"
GRPC_PORT = 50051
GATEWAY_PORT = 8000
SERVICES = ("registry", "reporting", "matching", "monitoring")

# name, service, command, probe kind, replicas. Consumers: up to the topics' partition count (6, see the
# ConfigMap); relays: two (ADR 014); the reminder job stays single (it e-mails once per condition).
PROCESSES: list[tuple[str, str, str, str, int]] = [
    ("gateway", "gateway", "serve", "http", 2),
    ("registry", "registry", "serve", "grpc", 2),
    ("registry-relay", "registry", "relay", "loop", 2),
    ("registry-consumer", "registry", "consume", "loop", 2),
    ("registry-worker", "registry", "work", "loop", 2),
    ("reporting", "reporting", "serve", "grpc", 2),
    ("reporting-consumer", "reporting", "consume", "loop", 3),
    ("matching", "matching", "serve", "grpc", 2),
    ("matching-relay", "matching", "relay", "loop", 2),
    ("matching-consumer", "matching", "consume", "loop", 2),
    ("monitoring", "monitoring", "serve", "grpc", 2),
    ("monitoring-relay", "monitoring", "relay", "loop", 2),
    ("monitoring-consumer", "monitoring", "consume", "loop", 2),
    ("monitoring-worker", "monitoring", "work", "alive", 1),
]

# Which process calls which gRPC service (NetworkPolicy: nothing else may).
CALLERS = {"registry": ["gateway", "matching"], "reporting": ["gateway"], "matching": ["gateway"],
           "monitoring": ["gateway"]}

CONFIG = {
    "KAFKA_BOOTSTRAP": "kafka-bootstrap.kafka.svc.cluster.local:9092",
    "KAFKA_TOPIC_PARTITIONS": "6",  # the consumers scale up to it
    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel-collector.observability.svc.cluster.local:4318",
    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
    "LOG_LEVEL": "INFO",
    "GRPC_LISTEN": f"0.0.0.0:{GRPC_PORT}",
    "GATEWAY_LISTEN_HOST": "0.0.0.0",  # noqa: S104 (a pod listens on its own address; NetworkPolicies guard)
    "GATEWAY_LISTEN_PORT": str(GATEWAY_PORT),
    "HEARTBEAT_FILE": "/tmp/heartbeat",  # noqa: S108 (an emptyDir; the root file system is read-only)
    "INTERNAL_JWT_PUBLIC_KEY_FILE": "/run/mentorship/public/internal-jwt.pub",
    "INTERNAL_JWT_PRIVATE_KEY_FILE": "/run/mentorship/keys/internal-jwt.key",
    # Headless Services: gRPC clients resolve every pod and spread calls over them (round_robin, ADR 014).
    **{f"{s.upper()}_TARGET": f"dns:///{s}-grpc:{GRPC_PORT}" for s in SERVICES},
    "PUBLIC_URL": "https://mentorship.example.org",
    "AUTH_MODE": "keycloak",
    "KEYCLOAK_SERVER_URL": "https://keycloak.example.org",
    "KEYCLOAK_REALM": "mentorship",
    "KEYCLOAK_CLIENT_ID": "mentorship-gateway",
    "KEYCLOAK_ADMIN_CLIENT_ID": "mentorship-provisioner",
    "COOKIE_SECURE": "true",
    "TRUSTED_PROXIES": "",
}

# Secret keys per process: the database URLs of its service; the gateway's IdP secrets. Secrets are created by
# the operator (deploy/README.md), never committed; the dev overlay generates placeholders.
DB_KEYS = ["DB_APP_URL", "DB_SYSTEM_URL"]
GATEWAY_SECRET_KEYS = ["KEYCLOAK_CLIENT_SECRET", "KEYCLOAK_ADMIN_CLIENT_SECRET", "SESSION_TOKEN_KEY"]


def labels(name: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": PART_OF}


def secret_env(secret: str, keys: list[str]) -> list[dict[str, Any]]:
    return [{"name": k, "valueFrom": {"secretKeyRef": {"name": secret, "key": k}}} for k in keys]


def probes(kind: str) -> dict[str, Any]:
    timing: dict[str, Any] = {"periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3}
    probe: dict[str, Any]
    if kind == "http":
        probe = {"httpGet": {"path": "/healthz", "port": "http"}}
    elif kind == "grpc":
        probe = {"grpc": {"port": GRPC_PORT}}
    elif kind == "loop":
        probe = {"exec": {"command": ["python", "-m", "mentorship_kit.healthcheck", "heartbeat", "60"]}}
    else:
        return {}
    return {"startupProbe": {**probe, "periodSeconds": 2, "failureThreshold": 60},
            "readinessProbe": {**probe, **timing}, "livenessProbe": {**probe, **timing}}


SECURITY = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsNonRoot": True,
            "capabilities": {"drop": ["ALL"]}}
POD_SECURITY = {"runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001,
                "seccompProfile": {"type": "RuntimeDefault"}}


def key_volume(gateway: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    if gateway:
        only_private = [{"key": "internal-jwt.key", "path": "internal-jwt.key"}]
        return ({"name": "internal-jwt", "secret": {"secretName": "mentorship-internal-jwt", "defaultMode": 0o400,
                                                    "items": only_private}},
                {"name": "internal-jwt", "mountPath": "/run/mentorship/keys", "readOnly": True})
    return ({"name": "internal-jwt", "secret": {"secretName": "mentorship-internal-jwt", "defaultMode": 0o444,
                                                "items": [{"key": "internal-jwt.pub", "path": "internal-jwt.pub"}]}},
            {"name": "internal-jwt", "mountPath": "/run/mentorship/public", "readOnly": True})


def container(name: str, service: str, command: str, *, env: list[dict[str, Any]],
              mounts: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    c: dict[str, Any] = {
        "name": name, "image": "mentorship", "imagePullPolicy": "IfNotPresent",
        "command": ["python", "-m", service, command],
        "envFrom": [{"configMapRef": {"name": "mentorship-config"}}],
        "env": env,
        "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}, "limits": {"memory": "768Mi"}},
        "securityContext": SECURITY,
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}, *mounts],  # noqa: S108
        **probes(kind),
    }
    if kind == "http":
        c["ports"] = [{"name": "http", "containerPort": GATEWAY_PORT}]
    elif kind == "grpc":
        c["ports"] = [{"name": "grpc", "containerPort": GRPC_PORT}]
    return c


def deployment(name: str, service: str, command: str, kind: str, replicas: int) -> list[dict[str, Any]]:
    gateway = service == "gateway"
    env = secret_env(f"mentorship-{service}-db", DB_KEYS if not gateway else ["DB_APP_URL"])
    if gateway:
        env += secret_env("mentorship-gateway", GATEWAY_SECRET_KEYS)
    if service in ("monitoring", "registry"):  # both mail reminders (ADR 008, ADR 017 addendum)
        env += [{"name": "SMTP_URL", "valueFrom": {"secretKeyRef": {"name": "mentorship-smtp",
                                                                    "key": "SMTP_URL", "optional": True}}}]
    volumes: list[dict[str, Any]] = [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]
    mounts: list[dict[str, Any]] = []
    if kind in ("http", "grpc"):
        vol, mount = key_volume(gateway)
        volumes.append(vol)
        mounts.append(mount)
    pod_labels = {**labels(name), "mentorship.io/service": service, "mentorship.io/database-client": "true"}
    docs: list[dict[str, Any]] = [{
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": pod_labels},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels(name)},
            "strategy": {"type": "Recreate"} if kind == "alive" else
                        {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
            "template": {
                "metadata": {"labels": pod_labels},
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": POD_SECURITY,
                    "terminationGracePeriodSeconds": 20,
                    "containers": [container(name, service, command, env=env, mounts=mounts, kind=kind)],
                    "volumes": volumes,
                },
            },
        },
    }]
    if kind == "grpc":
        # Headless: clients see every pod (round_robin); a ClusterIP would pin a channel to one pod.
        docs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"{name}-grpc",
                                                                        "labels": labels(name)},
                     "spec": {"clusterIP": "None", "selector": labels(name),
                              "ports": [{"name": "grpc", "port": GRPC_PORT, "targetPort": "grpc"}]}})
    if kind == "http":
        docs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "labels": labels(name)},
                     "spec": {"selector": labels(name),
                              "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}})
    if kind in ("http", "grpc"):
        docs.append({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                     "metadata": {"name": name, "labels": labels(name)},
                     "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                              "minReplicas": replicas, "maxReplicas": 10,
                              "metrics": [{"type": "Resource", "resource": {
                                  "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]}})
    return docs


def migration_job() -> dict[str, Any]:
    """Once per release, before the Deployments roll (an Argo/Flux hook or `kubectl apply` of the Job first)."""
    steps = []
    for service in (*SERVICES, "gateway"):
        steps.append({
            "name": f"{service}-migrate", "image": "mentorship", "imagePullPolicy": "IfNotPresent",
            "command": ["python", "-m", service, "migrate"],
            "env": secret_env(f"mentorship-{service}-db", ["DB_ADMIN_URL", "DB_ROLE_PASSWORD", "DB_APP_URL"]),
            "envFrom": [{"configMapRef": {"name": "mentorship-config"}}],
            "securityContext": SECURITY,
            "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108
        })
    # Init containers run one after another; the last migration is the Job's own container.
    return {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {"name": "mentorship-migrate", "labels": labels("mentorship-migrate")},
        "spec": {"backoffLimit": 3, "ttlSecondsAfterFinished": 86400, "template": {
            "metadata": {"labels": {**labels("mentorship-migrate"), "mentorship.io/database-client": "true"}},
            "spec": {"restartPolicy": "Never", "automountServiceAccountToken": False,
                     "securityContext": POD_SECURITY, "initContainers": steps[:-1], "containers": steps[-1:],
                     "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}]}}},
    }


def network_policies() -> list[dict[str, Any]]:
    everything = {"matchLabels": {"app.kubernetes.io/part-of": PART_OF}}
    docs: list[dict[str, Any]] = [
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
         "metadata": {"name": "default-deny-ingress"},
         "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
         "metadata": {"name": "gateway-from-outside"},
         "spec": {"podSelector": {"matchLabels": labels("gateway")}, "policyTypes": ["Ingress"],
                  "ingress": [{"ports": [{"protocol": "TCP", "port": GATEWAY_PORT}]}]}},
    ]
    for service, callers in CALLERS.items():
        docs.append({
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": f"{service}-grpc-from-callers"},
            "spec": {"podSelector": {"matchLabels": labels(service)}, "policyTypes": ["Ingress"],
                     "ingress": [{"from": [{"podSelector": {"matchLabels": labels(c)}} for c in callers],
                                  "ports": [{"protocol": "TCP", "port": GRPC_PORT}]}]}})
    # PostgreSQL is external (by values); where it runs in this namespace (an operator's pods labelled
    # app.kubernetes.io/name=postgresql), only the platform's database clients reach it.
    docs.append({
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": {"name": "postgresql-from-services"},
        "spec": {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "postgresql"}},
                 "policyTypes": ["Ingress"],
                 "ingress": [{"from": [{"podSelector": {"matchLabels": {
                     **everything["matchLabels"], "mentorship.io/database-client": "true"}}}],
                     "ports": [{"protocol": "TCP", "port": 5432}]}]}})
    return docs


def dump(docs: list[dict[str, Any]]) -> str:
    header = "# Rendered by deploy/k8s/render.py — edit the script, not this file.\n"
    return header + "---\n".join(yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=120) for d in docs)


def render() -> dict[str, str]:
    files: dict[str, str] = {
        "configmap.yaml": dump([{"apiVersion": "v1", "kind": "ConfigMap",
                                 "metadata": {"name": "mentorship-config", "labels": labels("mentorship")},
                                 "data": CONFIG}]),
        "migrate-job.yaml": dump([migration_job()]),
        "networkpolicies.yaml": dump(network_policies()),
    }
    for name, service, command, kind, replicas in PROCESSES:
        files[f"{name}.yaml"] = dump(deployment(name, service, command, kind, replicas))
    resources = sorted(files)
    files["kustomization.yaml"] = dump([{
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "labels": [{"pairs": {"app.kubernetes.io/part-of": PART_OF}}],
        "resources": resources,
    }])
    return files


def main() -> int:
    BASE.mkdir(parents=True, exist_ok=True)
    for old in BASE.glob("*.yaml"):
        old.unlink()
    for name, text in render().items():
        (BASE / name).write_text(text)
    print(f"{len(render())} files in {BASE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
