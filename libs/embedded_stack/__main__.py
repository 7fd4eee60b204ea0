"""``python -m embedded_stack up``: the whole platform with demo data, until Ctrl-C."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from embedded_stack.processes import python_module
from embedded_stack.stack import Ports, Stack, StackConfig, StartAborted
from embedded_stack.supervisor import GaveUp, RestartPolicy, Supervisor
from mentorship_kit.stop_loop import stop_on_signals

ROOT = Path(__file__).resolve().parents[2]


def _config() -> StackConfig:
    grpc_base = int(os.environ.get("GRPC_PORT_BASE", "50051"))
    return StackConfig(
        data_dir=Path(os.environ.get("DATA_DIR", ROOT / ".data")).resolve(),
        ports=Ports(
            gateway=int(os.environ.get("GATEWAY_PORT", "8000")),
            broker=int(os.environ.get("BROKER_PORT", "19092")),
            grpc={s: grpc_base + i for i, s in enumerate(("registry", "reporting", "matching", "monitoring"))},
        ),
        database_url=os.environ.get("DATABASE_URL") or None,
        kafka_bootstrap=os.environ.get("KAFKA_BOOTSTRAP") or None,
        role_password=os.environ.get("DB_ROLE_PASSWORD", ""),
    )


def up() -> int:
    stop = stop_on_signals()
    stack = Stack(_config())
    print("«Наставничество»: запуск платформы…", flush=True)
    try:
        try:
            stack.start(stop)
        except StartAborted:
            return 0
        seed = subprocess.run(python_module("gateway", "seed-demo"), env=stack.gateway_env(),
                              capture_output=True, text=True)
        if seed.returncode != 0:
            print(seed.stdout, seed.stderr, file=sys.stderr)
            return 1
        print(seed.stdout, end="")
        print(f"\nПлатформа запущена: {stack.gateway_url}   (API: {stack.gateway_url}/docs)")
        print(f"Журналы процессов: {stack.log_dir}.  Остановить: Ctrl-C\n", flush=True)
        # One crashed process no longer takes the platform down: it is restarted with a back-off, and only one
        # that keeps failing stops everything (SUPERVISE_MAX_FAILURES within SUPERVISE_WINDOW_SECONDS).
        supervisor = Supervisor(list(stack.processes), exit_code=stack.exit_code, restart=stack.respawn,
                                policy=RestartPolicy.from_env(), say=lambda line: print(line, flush=True))
        while not stop.wait(0.2):
            try:
                supervisor.tick()
            except GaveUp:
                print(f"См. журналы в {stack.log_dir}", file=sys.stderr, flush=True)
                return 1
        return 0
    finally:
        print("Остановка…", flush=True)
        stack.stop()
        print("Остановлено. Данные сохранены в", stack.config.data_dir, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] != ["up"]:
        sys.exit("usage: python -m embedded_stack up")
    sys.exit(up())
