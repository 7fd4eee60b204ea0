"""A waiting status request sleeps on PostgreSQL's LISTEN (ADR 031), on the registry's real database: a job's status
change wakes the waiters of that job only, a change of progress alone wakes nobody, a rolled-back change wakes
nobody, the number of waiters is bounded, and a lost LISTEN connection wakes everyone and is made again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from mentorship_kit.change_watch import ChangeWatch
from registry.entrypoints.import_servicer import IMPORT_CHANNEL
from tests.support import wait_until

QUIET = 0.5  # seconds a waiter is given to show that nothing woke it


@pytest.fixture
def admin(stack) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = create_engine(stack.databases["registry"].admin_url)
    yield engine
    engine.dispose()


@pytest.fixture
def watch(stack) -> Iterator[ChangeWatch]:  # type: ignore[no-untyped-def]
    w = ChangeWatch(stack.databases["registry"].app_url, IMPORT_CHANNEL, max_waiters=3)
    w.start()
    assert w.wait_listening(10), "the watch listens"
    yield w
    w.stop()


def _job(admin: Engine) -> str:
    """A job of the first organisation there is, as the administrator (the channel is what is tested, not RLS),
    waiting for a confirmation: the stack's import worker leaves it alone."""
    job_id = str(uuid.uuid4())
    with admin.begin() as conn:
        conn.execute(text(
            "INSERT INTO import_jobs (id, org_id, municipality_id, region_id, kind, filename, content, status,"
            " created_at, created_by, created_by_name)"
            " SELECT :id, id, municipality_id, region_id, 'students', 'f.csv', '', 'preview', now(), 'u', 'К'"
            " FROM organisations LIMIT 1"), {"id": job_id})
    return job_id


def _set(admin: Engine, job_id: str, **values: object) -> None:
    with admin.begin() as conn:
        conn.execute(text("UPDATE import_jobs SET " + ", ".join(f"{k} = :{k}" for k in values) + " WHERE id = :id"),
                     {**values, "id": job_id})


def test_a_status_change_wakes_the_waiters_of_its_job_only(admin, watch, tenants) -> None:  # type: ignore[no-untyped-def]
    job, other = _job(admin), _job(admin)
    with watch.watching(job) as mine, watch.watching(other) as theirs:
        assert mine is not None and theirs is not None
        _set(admin, job, rows_processed=10)
        assert not mine.wait(QUIET), "progress alone is no change of status"
        with admin.connect() as conn, conn.begin() as tx:
            conn.execute(text("UPDATE import_jobs SET status = 'done' WHERE id = :id"), {"id": job})
            tx.rollback()
        assert not mine.wait(QUIET), "a change that rolled back is announced to nobody"
        _set(admin, job, status="done")
        assert mine.wait(10), "the committed change of status wakes the job's waiter"
        assert not theirs.wait(QUIET), "another job's waiter sleeps on"


def test_waiters_are_bounded_and_a_lost_connection_wakes_everyone(admin, watch, tenants) -> None:  # type: ignore[no-untyped-def]
    job = _job(admin)
    with watch.watching(job) as a, watch.watching(job) as b, watch.watching(job) as c, watch.watching(job) as d:
        assert None not in (a, b, c) and d is None, "the fourth waiter is told to answer at once"
        with admin.begin() as conn:
            killed = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = :q"),
                {"q": f'LISTEN "{IMPORT_CHANNEL}"'}).scalar_one()
        assert killed >= 1, "ours, and the registry server's own"
        assert a is not None and a.wait(10), "notifications may have been lost: everyone looks again"
    wait_until(lambda: watch.listening, timeout=15, what="the watch listening again")
    with watch.watching(job) as again:
        assert again is not None
        _set(admin, job, status="done")
        assert again.wait(10), "changes are heard again after the reconnect"
