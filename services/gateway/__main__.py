"""``python -m gateway {serve|migrate|seed-demo|provision-sso-demo}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mentorship_kit.logging import setup_logging
from mentorship_kit.telemetry import setup_telemetry, shutdown_telemetry

COMMANDS = ("serve", "migrate", "seed-demo", "provision-sso-demo")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway")
    parser.add_argument("command", choices=COMMANDS)
    command = parser.parse_args(argv).command

    from gateway.settings import GatewaySettings

    settings = GatewaySettings()  # type: ignore[call-arg]
    setup_logging("gateway" if command == "serve" else f"gateway-{command}", settings.log_level)
    if command == "migrate":
        from mentorship_kit.migrations import upgrade

        upgrade(admin_url=settings.db_admin_url, service="gateway",
                migrations_dir=Path(__file__).parent / "migrations", role_password=settings.db_role_password)
        return 0
    setup_telemetry("gateway")
    from gateway.bootstrap import build_container, create_app

    container = build_container(settings)
    try:
        if command == "seed-demo":
            from gateway.demo import seed

            logins = seed(container)
            print(f"Демо-пользователи (пароль у всех: {settings.demo_password}):")
            for login in logins:
                print(f"  {login.username:<22} {login.role} — {login.where}")
            return 0
        if command == "provision-sso-demo":
            from gateway.sso_demo import provision

            for username in provision(container):
                print(f"  {username}: указаны идентификаторы демо-региона")
            return 0
        import uvicorn

        uvicorn.run(create_app(container), host=settings.gateway_listen_host, port=settings.gateway_listen_port,
                    log_level="warning", access_log=False,
                    proxy_headers=False)  # X-Forwarded-For only from TRUSTED_PROXIES (deps.client_ip)
        return 0
    finally:
        shutdown_telemetry()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
