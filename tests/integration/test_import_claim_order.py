"""A worker claims first the writes of the files it checked and keeps judged (ADR 034), then the oldest job — the
claim's own statement on the real database, as the workers' system role, inside a transaction nobody else sees."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text

from registry.entrypoints.import_worker import _CLAIM

_JOB = text("""
    INSERT INTO import_jobs (id, org_id, municipality_id, region_id, kind, filename, content, status, created_at,
                             created_by, created_by_name)
    VALUES (:id, :o, :m, :r, 'students', 'f.csv', '', :status, :at, 'u', 'Куратор')""")


def test_a_worker_claims_the_writes_it_kept_before_older_jobs(stack, tenants) -> None:  # type: ignore[no-untyped-def]
    admin = create_engine(stack.databases["registry"].admin_url)
    with admin.connect() as conn:
        o, m, r = (str(v) for v in conn.execute(text(
            "SELECT id, municipality_id, region_id FROM organisations ORDER BY id LIMIT 1")).one())
    # Older than any real job, so the stack's own queue cannot come first; never committed, so its workers never
    # see them.
    oldest, older, kept = (str(uuid.uuid4()) for _ in range(3))
    try:
        for prefer, expected in (([kept], [kept, oldest, older]), ([], [oldest, older, kept]),
                                 ([older, kept], [older, kept, oldest])):
            with admin.connect() as conn, conn.begin() as tx:
                for job, status, at in ((oldest, "checking", "2000-01-01"), (older, "committing", "2000-01-02"),
                                        (kept, "committing", "2000-01-03")):
                    conn.execute(_JOB, {"id": job, "o": o, "m": m, "r": r, "status": status, "at": at})
                conn.execute(text("SET LOCAL ROLE registry_system"))
                claimed = [str(conn.execute(_CLAIM, {"kept": prefer}).one().id) for _ in range(3)]
                tx.rollback()
            assert claimed[:len(prefer)] == expected[:len(prefer)], (prefer, claimed)
            assert claimed == expected, "then the oldest first"
    finally:
        admin.dispose()
