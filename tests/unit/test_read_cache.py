"""Replies of reporting kept under its read version (ADR 029): one version, one caller, one request — one reply."""

from __future__ import annotations

from typing import Any

from gateway.adapters.read_cache import ReadCache, current_version, reads_at
from gateway.adapters.service_clients import ReportingClient
from gateway.entrypoints.web.indicator_view import ask
from mentorship.reporting.v1 import reporting_pb2
from mentorship_kit.errors import Unavailable
from mentorship_kit.principal import Principal, Role, Scope

REGION = Principal(user_id="op", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="r1")
OTHER = Principal(user_id="op2", roles=frozenset({Role.REGIONAL_OPERATOR}), scope=Scope.REGION, region_id="r2")


class _Issuer:
    def issue(self, principal: Principal) -> str:
        return f"token-of-{principal.user_id}"


class _Method:
    """A stub's method: answers the mentor counts it is given and remembers each call."""

    def __init__(self, total: int = 3) -> None:
        self.calls: list[Any] = []
        self.total = total

    def __call__(self, request: Any, *, metadata: Any, timeout: float) -> Any:
        self.calls.append(request)
        return reporting_pb2.GetMentorCountsResponse(grouping=reporting_pb2.GROUPING_MUNICIPALITY,
                                                     total_mentors=self.total + len(self.calls))


def _client(cache: ReadCache | None) -> tuple[ReportingClient, _Method]:
    client = ReportingClient.__new__(ReportingClient)
    method = _Method()
    client._issuer, client._cache = _Issuer(), cache  # type: ignore[assignment]
    client._reporting = type("Stub", (), {"GetMentorCounts": method})()
    return client, method


def _versions(*answers: str) -> Any:
    left = list(answers)
    return lambda principal: left.pop(0)


def test_without_a_version_every_read_goes_to_reporting() -> None:
    client, method = _client(ReadCache(1 << 20))
    first, second = (client.mentor_counts(REGION, grouping=None) for _ in range(2))
    assert len(method.calls) == 2 and (first.total_mentors, second.total_mentors) == (4, 5)


def test_the_same_read_at_the_same_version_is_answered_once() -> None:
    cache = ReadCache(1 << 20)
    client, method = _client(cache)
    with reads_at(_versions("7/2026-11-29/2026-11-29"), REGION):
        first = client.mentor_counts(REGION, grouping=None)
        again = client.mentor_counts(REGION, grouping=None)
        drilled = client.mentor_counts(REGION, grouping=None, municipality_id="m1")  # another request
        theirs = client.mentor_counts(OTHER, grouping=None)  # another caller, never the same reply
    assert (first.total_mentors, again.total_mentors) == (4, 4)
    assert (drilled.total_mentors, theirs.total_mentors) == (5, 6) and len(method.calls) == 3
    assert (cache.hits, cache.misses, len(cache)) == (1, 3, 3)


def test_a_new_version_reads_again_and_the_version_ends_with_its_block() -> None:
    client, method = _client(ReadCache(1 << 20))
    versions = _versions("7/2026-11-29/2026-11-29", "8/2026-11-29/2026-11-29", "8/2026-11-30/2026-11-30")
    seen = []
    for _ in range(3):
        with reads_at(versions, REGION):
            seen.append(client.mentor_counts(REGION, grouping=None).total_mentors)
    assert seen == [4, 5, 6] and len(method.calls) == 3
    assert current_version() == ""


def test_reads_on_the_page_pool_share_the_version_of_their_request() -> None:
    client, method = _client(ReadCache(1 << 20))
    with reads_at(_versions("7/d/d"), REGION):
        answers = [ask(client.mentor_counts, REGION, grouping=None).result() for _ in range(3)]
    assert [a.total_mentors for a in answers] == [4, 4, 4] and len(method.calls) == 1


def test_reporting_that_cannot_tell_its_version_is_read_as_before() -> None:
    client, method = _client(ReadCache(1 << 20))

    def unavailable(principal: Principal) -> str:
        raise Unavailable("Сервис показателей недоступен")

    with reads_at(unavailable, REGION):
        assert current_version() == ""
        client.mentor_counts(REGION, grouping=None)
        client.mentor_counts(REGION, grouping=None)
    assert len(method.calls) == 2


def test_the_cache_keeps_the_recent_replies_within_its_bytes() -> None:
    reply = reporting_pb2.GetMentorCountsResponse(total_mentors=1, rows=[
        reporting_pb2.MentorCountRow(unit_id="u" * 30, unit_name="Школа", mentor_count=2)])
    size = reply.ByteSize()
    cache = ReadCache(size * 2)
    keys = [(REGION, "v", "m", bytes([n])) for n in range(3)]
    cache.put(keys[0], reply, size)
    cache.put(keys[1], reply, size)
    assert cache.get(keys[0]) is reply  # now the most recent
    cache.put(keys[2], reply, size)
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is reply and cache.get(keys[2]) is reply
    assert cache.size_bytes == size * 2 and len(cache) == 2
    huge = reporting_pb2.GetMentorCountsResponse(rows=[reporting_pb2.MentorCountRow(unit_id="x" * size * 3)])
    cache.put((REGION, "v", "m", b"huge"), huge, huge.ByteSize())
    assert cache.get((REGION, "v", "m", b"huge")) is None and len(cache) == 2


def test_no_cache_configured_reads_every_time() -> None:
    client, method = _client(None)  # READ_CACHE_BYTES=0
    with reads_at(_versions("1/d/d"), REGION):
        client.mentor_counts(REGION, grouping=None)
        client.mentor_counts(REGION, grouping=None)
    assert len(method.calls) == 2
