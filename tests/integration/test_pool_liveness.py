"""Pooled connections the server ended are replaced at checkout without a round trip per checkout (ADR 035)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, event, text

from mentorship_kit import db
from mentorship_kit.db import make_engine, readable, single_statement_reads
from tests.support import wait_until


@pytest.fixture
def admin(stack) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = create_engine(stack.databases["reporting"].admin_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pooled(stack) -> Iterator[tuple[Engine, list[int]]]:  # type: ignore[no-untyped-def]
    """A serving engine of the kit as reporting's application role, with the connections it opened counted."""
    engine = make_engine(stack.databases["reporting"].app_url, pool_size=1)
    opened: list[int] = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    yield engine, opened
    engine.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_live_connection_is_kept_and_one_the_server_ended_is_replaced(admin: Engine,
                                                                        pooled: tuple[Engine, list[int]]) -> None:
    engine, opened = pooled
    first = _backend(engine)
    assert {_backend(engine) for _ in range(20)} == {first} and len(opened) == 1, "a live connection is reused"

    with admin.connect() as c:
        assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": first}).scalar_one() is True

    def gone() -> bool:
        with admin.connect() as c:
            return not c.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :p"), {"p": first}).first()

    wait_until(gone, timeout=10, what="the terminated backend gone")
    assert engine.pool.checkedout() == 0
    again = _backend(engine)  # no error: the pool saw the end at checkout and opened a new connection
    assert again != first and len(opened) == 2
    assert _backend(engine) == again and len(opened) == 2


def test_a_connection_with_something_to_read_that_is_alive_is_kept(admin: Engine,
                                                                   pooled: tuple[Engine, list[int]]) -> None:
    """A message the server sends to an idle connection without ending it (here a notification) makes it readable:
    the listener pings it, the ping reads the message, and the connection stays."""
    engine, opened = pooled
    with engine.connect() as c:
        first = int(c.execute(text("SELECT pg_backend_pid()")).scalar_one())
        c.execute(text("LISTEN pool_liveness_probe"))
        c.commit()
        descriptor = c.connection.dbapi_connection.fileno()  # type: ignore[union-attr]
    with admin.connect() as c:
        c.execute(text("NOTIFY pool_liveness_probe"))
        c.commit()
    wait_until(lambda: readable(descriptor), timeout=10, what="the notification waiting on the idle connection")
    assert _backend(engine) == first and len(opened) == 1
    assert not readable(descriptor), "the ping read what was waiting"
    with engine.connect() as c:
        c.execute(text("UNLISTEN *"))
        c.commit()


def _last_statement(admin: Engine, pid: int) -> str:
    with admin.connect() as c:
        return str(c.execute(text("SELECT query FROM pg_stat_activity WHERE pid = :p"), {"p": pid}).scalar_one())


def test_only_a_connection_idle_for_long_is_pinged(admin: Engine, pooled: tuple[Engine, list[int]],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """What the backend ran last tells: a connection handed out again at once runs nothing at checkout; one idle
    longer than ``PING_AFTER_IDLE_SECONDS`` runs the ping first — a peer gone without closing shows on no socket."""
    engine, _ = pooled
    with engine.connect() as c:
        pid = int(c.execute(text("SELECT pg_backend_pid()")).scalar_one())
    assert _last_statement(admin, pid) == "ROLLBACK"  # the pool's reset when it came back
    with engine.connect():
        assert _last_statement(admin, pid) == "ROLLBACK", "a connection back moments ago is not pinged"
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    with engine.connect() as c:
        assert _last_statement(admin, pid) == "SELECT 1", "a connection idle for long is pinged"
        assert c.connection.dbapi_connection.autocommit is False  # type: ignore[union-attr]


def test_a_connection_read_in_autocommit_comes_back_to_transactions(pooled: tuple[Engine, list[int]]) -> None:
    """The pool's one connection, first for a single-statement read, then as a unit of work takes it: the tenant's
    ``set_config(..., true)`` must be inside a transaction, or the policies would see nothing bound."""
    engine, _ = pooled
    with single_statement_reads(engine).connect() as c:
        assert c.connection.dbapi_connection.autocommit is True  # type: ignore[union-attr]
        c.execute(text("SELECT 1"))
    with engine.connect() as c:
        assert c.connection.dbapi_connection.autocommit is False  # type: ignore[union-attr]
        c.execute(text("SELECT set_config('app.scope', 'region', true)"))
        assert c.execute(text("SELECT current_setting('app.scope')")).scalar_one() == "region"
        assert c.execute(text("SELECT now() = statement_timestamp()")).scalar_one() is False, "one transaction"
