"""Composition root of the gateway: builds the container and the FastAPI application."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from gateway.adapters.account_store import AccountStore
from gateway.adapters.service_clients import RegistryClient, ReportingClient
from gateway.container import Container
from gateway.entrypoints import errors, middleware
from gateway.entrypoints.api import auth, indicators, mentors, structure
from gateway.entrypoints.web import pages
from gateway.service_layer.auth import AuthService
from gateway.settings import GatewaySettings
from mentorship_kit.db import make_engine
from mentorship_kit.grpc_client import make_channel
from mentorship_kit.internal_token import TokenIssuer

DESCRIPTION = """REST API платформы «Наставничество» (целевая модель наставничества).

Вход: `POST /api/v1/auth/login` ставит cookie сеанса и возвращает `csrf_token`; каждый изменяющий запрос
передаёт его в заголовке `X-CSRF-Token`. Ошибки: `{"detail": "...", "errors": [{"field", "message"}]}`."""


def build_container(settings: GatewaySettings) -> Container:
    issuer = TokenIssuer(settings.internal_jwt_private_key_file.read_bytes())
    return Container(
        settings=settings,
        auth=AuthService(AccountStore(make_engine(settings.db_app_url)),
                         session_ttl=timedelta(minutes=settings.session_ttl_minutes)),
        registry=RegistryClient(make_channel(settings.registry_target), issuer),
        reporting=ReportingClient(make_channel(settings.reporting_target), issuer),
    )


def create_app(container: Container) -> FastAPI:
    app = FastAPI(title="Наставничество — API", version="0.1.0", description=DESCRIPTION)
    app.state.container = container
    app.middleware("http")(middleware.security_headers(hsts=container.settings.cookie_secure))
    app.middleware("http")(middleware.body_limit(container.settings.max_body_bytes))
    errors.install(app)
    for router in (auth.router, mentors.router, indicators.router, structure.router, pages.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=Path(pages.__file__).parent / "static"), name="static")
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,static")
    return app
