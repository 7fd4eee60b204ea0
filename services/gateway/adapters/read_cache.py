"""Replies of reporting's reads kept under the version of its projections (ADR 029).

A region's page asks reporting nine reads; while no write commits to reporting's tables (and its day does not
change), the same read by the same caller gets the same answer. A request that will read reporting first asks its
version (:func:`reads_at`); inside, every read of reporting's clients is looked up under (that version, the
caller, the RPC, the request's bytes). A new event changes the version, so nothing stale is ever served: a kept reply
is only ever given to a request that read the same version.

The caller is part of the key, whole: two principals never share a reply, even of one reach.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from mentorship_kit.errors import DomainError
from mentorship_kit.principal import Principal

_VERSION: ContextVar[str] = ContextVar("reporting_read_version", default="")

Key = tuple[Principal, str, str, bytes]
T = TypeVar("T")


class ReadCache:
    """Least recently used replies, bounded by their size on the wire (a region's organisation-level read is
    megabytes; its municipality-level reads are kilobytes) — or an export built from them, by its bytes."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._replies: OrderedDict[Key, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Key) -> Any:
        with self._lock:
            found = self._replies.get(key)
            if found is None:
                self.misses += 1
                return None
            self._replies.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Key, reply: object, size: int) -> None:
        """``size``: the reply's bytes on the wire (or the export's), whatever form it is kept in."""
        if size > self._max_bytes:
            return
        with self._lock:
            old = self._replies.pop(key, None)
            self._bytes -= old[1] if old else 0
            self._replies[key] = (reply, size)
            self._bytes += size
            while self._bytes > self._max_bytes:
                _, (_, dropped) = self._replies.popitem(last=False)
                self._bytes -= dropped

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._replies)


def current_version() -> str:
    return _VERSION.get()


def cached_call(cache: ReadCache | None, name: str, asked: bytes, principal: Principal,
                call: Callable[[], tuple[T, int]]) -> T:
    """``call()``'s answer, or the one kept for the same question (``name``, ``asked``) of the same caller at the
    version of this request. ``call`` answers with the size it is kept by. What is kept is shared by the requests
    that find it: read models and exports are never changed once made."""
    version = _VERSION.get()
    if cache is None or not version:
        return call()[0]
    key = (principal, version, name, asked)
    found = cache.get(key)
    if found is not None:
        return found
    answer, size = call()
    cache.put(key, answer, size)
    return answer


@contextmanager
def reads_at(version_of: Callable[[Principal], str], principal: Principal) -> Iterator[None]:
    """The reads of reporting inside share one version; when reporting cannot tell it, they are simply not kept."""
    try:
        version = version_of(principal)
    except DomainError:
        version = ""
    token = _VERSION.set(version)
    try:
        yield
    finally:
        _VERSION.reset(token)
