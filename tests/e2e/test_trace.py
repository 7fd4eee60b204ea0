"""One registration is one trace: gateway → gRPC → SQL → outbox relay → Kafka → reporting consumer."""

from __future__ import annotations

import secrets

from tests.support import wait_until

EXPECTED_PROCESSES = {"gateway", "registry", "registry-relay", "reporting-consume"}


def test_spans_of_one_registration_share_one_trace_id_across_kafka(tenants, login, traces) -> None:
    curator = login(tenants.curator_a)
    person = curator.consenting_person("external")
    trace_id = secrets.token_hex(16)
    response = curator.post("/api/v1/mentors", json={"person_id": person["id"], "origin": "ngo", "capacity": 1},
                            headers={"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
    assert response.status_code == 201

    def complete() -> list | None:  # type: ignore[type-arg]
        spans = traces.trace(trace_id)
        names = {s.name for s in spans}
        # Several consumers process registry.events (reporting, matching): wait for reporting's own statements,
        # which its exporter may flush in a later batch than another consumer's «process» span.
        done = ({s.service for s in spans} >= EXPECTED_PROCESSES and "registry.events publish" in names
                and "registry.events process" in names
                and any(s.service == "reporting-consume" and s.name.startswith(("INSERT", "SELECT")) for s in spans))
        return spans if done else None

    spans = wait_until(complete, timeout=30, what="spans from every process of the flow")
    by_id = {s.span_id: s for s in spans}
    grpc_server = [s for s in spans if s.service == "registry" and "RegisterMentor" in s.name]
    assert grpc_server, [s.name for s in spans]
    assert any(s.service == "registry" and s.name.startswith("INSERT") for s in spans), [s.name for s in spans]
    assert any(s.service == "reporting-consume" and s.name.startswith(("INSERT", "SELECT")) for s in spans)
    publish = next(s for s in spans if s.name == "registry.events publish")
    process = next(s for s in spans if s.name == "registry.events process")
    assert process.parent_span_id == publish.span_id, "the consumer continues the relay's span"
    assert by_id.get(publish.parent_span_id) is not None, "the relay continues the request's trace"
