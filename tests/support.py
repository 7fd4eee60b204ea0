"""Helpers shared by the tests: bounded waiting, an API client, a tiny OTLP/HTTP trace receiver."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
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


class Api(httpx.Client):
    """A signed-in user of the REST API: session cookie plus the CSRF header on changes."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url=base_url, timeout=15.0)
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
