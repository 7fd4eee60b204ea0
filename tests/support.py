"""Helpers shared by the tests: bounded waiting, an API client, a tiny OTLP/HTTP trace receiver."""

from __future__ import annotations

import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import httpx
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

T = TypeVar("T")


def wait_until(probe: Callable[[], T | None], *, timeout: float = 20.0, interval: float = 0.1,
               what: str = "condition") -> T:
    """Poll until ``probe`` returns something truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


@cache
def _tls() -> ssl.SSLContext:
    """One verifying TLS context for every client: httpx builds a new one per client by default, reading and parsing
    the CA bundle each time (≈ 40 CPU-ms) — the region's bench spent 80 s of the machine's two cores on the contexts
    of its 2,000 curators' clients, which talk plain HTTP and never use one."""
    return httpx.create_ssl_context()


class Api(httpx.Client):
    """A signed-in user of the REST API: session cookie plus the CSRF header on changes."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url=base_url, timeout=15.0, verify=_tls())
        self.csrf = ""

    def login(self, username: str, password: str) -> Api:
        response = self.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        self.csrf = response.json()["csrf_token"]
        self.headers["X-CSRF-Token"] = self.csrf
        return self

    def mentor_counts(self, grouping: str | None = None) -> dict[str, Any]:
        response = self.get("/api/v1/indicators/mentor-counts", params={"grouping": grouping} if grouping else None)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def count_for(self, unit_id: str, grouping: str | None = None) -> int:
        rows = self.mentor_counts(grouping)["rows"]
        return next((r["mentor_count"] for r in rows if r["unit_id"] == unit_id), 0)

    def facet_count(self, unit_id: str, facet: str, grouping: str | None = None) -> int:
        response = self.get("/api/v1/indicators/participants", params={"grouping": grouping} if grouping else None)
        assert response.status_code == 200, response.text
        row = next((r for r in response.json()["rows"] if r["unit_id"] == unit_id), None)
        return int(row["counts"].get(facet, 0)) if row else 0

    # -- the school's bases ------------------------------------------------------------------------
    def add_person(self, kind: str = "staff", **values: Any) -> dict[str, Any]:
        body = {"kind": kind, "last_name": values.pop("last_name", None) or unique_name(),
                "first_name": "Тест", **PERSON_DEFAULTS[kind], **values}
        response = self.post("/api/v1/persons", json=body)
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    def give_consent(self, person: dict[str, Any], purpose: str = "participation") -> dict[str, Any]:
        by = "guardian" if person.get("minor") else "self"
        response = self.post(f"/api/v1/persons/{person['id']}/consents",
                             json={"purpose": purpose, "given_by": by, "giver_name": "Законный Представитель"
                                   if by == "guardian" else "", "document_ref": "№ 1"})
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    def consenting_person(self, kind: str = "staff", **values: Any) -> dict[str, Any]:
        person = self.add_person(kind, **values)
        self.give_consent(person)
        return person

    def register_mentor(self, origin: str = "teacher", *, last_name: str = "", capacity: int = 2,
                        **card: Any) -> dict[str, Any]:
        """A mentor the way a curator adds one: a person of the school, a consent, the mentor card."""
        kind = {"student": "student", "teacher": "staff", "veteran": "staff"}.get(origin, "external")
        person = self.consenting_person(kind, last_name=last_name or unique_name())
        response = self.post("/api/v1/mentors", json={"person_id": person["id"], "origin": origin,
                                                      "capacity": capacity, **card})
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]


PERSON_DEFAULTS: dict[str, dict[str, str]] = {
    "staff": {"hired_on": "2010-09-01", "pedagogical_since": "2010-09-01", "position": "Учитель"},
    "student": {"birth_date": "2012-05-01", "class_name": "7А"},
    "external": {"affiliation": "ООО «Пример»"},
}
_LETTERS = "абвгдежзиклмнопрстуфхцчшэюя"


def unique_name(prefix: str = "") -> str:
    """A surname no other test uses (names are letters only, so no hex)."""
    return prefix + "".join(secrets.choice(_LETTERS) for _ in range(10)).capitalize()


@dataclass(frozen=True)
class CollectedSpan:
    trace_id: str
    span_id: str
    parent_span_id: str
    name: str
    service: str
    kind: int


class TraceReceiver:
    """Receives OTLP/HTTP protobuf exports from every process of the stack."""

    def __init__(self) -> None:
        self.spans: list[CollectedSpan] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                request = trace_service_pb2.ExportTraceServiceRequest()
                request.ParseFromString(body)
                receiver._add(request)
                reply = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _add(self, request: Any) -> None:
        found = []
        for resource_spans in request.resource_spans:
            service = next((a.value.string_value for a in resource_spans.resource.attributes
                            if a.key == "service.name"), "")
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    found.append(CollectedSpan(span.trace_id.hex(), span.span_id.hex(), span.parent_span_id.hex(),
                                               span.name, service, span.kind))
        with self._lock:
            self.spans.extend(found)

    def trace(self, trace_id: str) -> list[CollectedSpan]:
        with self._lock:
            return [s for s in self.spans if s.trace_id == trace_id]

    def close(self) -> None:
        self._server.shutdown()


def pair_formed(stack: Any, request_id: str) -> str:
    """What approving a pair does to its request (ADR 007), without a matching run: matching's ``PairFormed`` for
    the request, applied by the registry's own consumer (system role, bound to the request's school) as it would
    arrive from ``matching.events``. Returns the new pair's id."""
    import uuid

    from sqlalchemy import create_engine, text

    from mentorship.matching.v1 import events_pb2
    from mentorship_kit.consumer import IdempotentConsumer
    from mentorship_kit.envelope import Envelope
    from registry.entrypoints.pair_event_handlers import HANDLERS

    admin = create_engine(stack.databases["registry"].admin_url)
    system = create_engine(stack.databases["registry"].system_url)
    try:
        with admin.connect() as conn:
            org_id, municipality_id, region_id, mentee_id = conn.execute(text(
                "SELECT org_id::text, municipality_id::text, region_id::text, mentee_id::text FROM mentoring_requests"
                " WHERE id = :i"), {"i": request_id}).one()
        pair_id = str(uuid.uuid4())
        payload = events_pb2.PairFormed(
            pair_id=pair_id, request_id=request_id, mentee_id=mentee_id, mentor_id=str(uuid.uuid4()), mode="manual",
            state=events_pb2.PairState(pair_id=pair_id, version=1,
                                       facets=["form:teacher_teacher", "kind:individual", "status:active"]))
        IdempotentConsumer(system, HANDLERS).apply(Envelope.wrap(
            type="mentorship.matching.pair_formed.v1", source="tests", subject=f"pairs/{pair_id}", payload=payload,
            org_id=org_id, municipality_id=municipality_id, region_id=region_id, traceparent=None))
        return pair_id
    finally:
        admin.dispose()
        system.dispose()


def fresh_school_curator(gateway_container, password: str) -> str:  # type: ignore[no-untyped-def]
    """A region, a municipality and a school of their own, and the school curator's login: for tests that create
    the school's one roadmap and program — no other test's school, and no other test's counts, see them."""
    import uuid

    from mentorship_kit.principal import Principal, Role, Scope

    tag = uuid.uuid4().hex[:8]
    registry = gateway_container.registry
    admin = Principal(user_id="system:tests", roles=frozenset({Role.PLATFORM_ADMIN}), scope=Scope.PLATFORM)
    region = registry.create_region(admin, name=f"Область {tag}", code=f"r-{tag}")
    municipality = registry.create_municipality(admin, region_id=region.id, name=f"Округ {tag}", code=f"m-{tag}")
    school = registry.create_organisation(admin, municipality_id=municipality.id, name=f"Школа {tag}",
                                          kind="school", code=f"s-{tag}")
    username = f"curator-{tag}"
    gateway_container.auth.create_account(username=username, password=password, display_name="Куратор школы",
                                          role=Role.SCHOOL_CURATOR, org_id=school.id,
                                          municipality_id=municipality.id, region_id=region.id)
    return username


class Inbox:
    """What a test SMTP server (aiosmtpd) received: (envelope recipients, parsed message), in arrival order."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        """The messages addressed to ``address`` (other tests' schools share the server)."""
        return [m for rcpt, m in self.messages if address in rcpt]


def mail_body(message: Message) -> str:
    assert isinstance(message, EmailMessage)
    return str(message.get_content())


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free local port, for the reminder e-mails (``smtp://127.0.0.1:<port>``)."""
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
