"""Import previews do not stay after their jobs (ADR 018): a written import keeps only its invalid rows (the
problems the school still reads) and drops the file; a preview holds its file and invalid rows, never its valid
rows (ADR 031); a preview nobody applied expires after the bound, and a finished job past it keeps its counts but
no rows — through the gateway and the real database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import create_engine, text

from mentorship_kit.principal import Principal
from registry.adapters.event_codec import SOURCE, TOPIC, encode_event
from registry.adapters.sql_unit_of_work import RegistryUnitOfWork
from registry.entrypoints.import_worker import ImportWorker
from registry.service_layer.import_processing import PREVIEW_EXPIRED
from tests.e2e.test_imports import _csv, _students, _until, _upload
from tests.support import unique_name, wait_until


def _held(admin: Any, job_id: str) -> tuple[int, int, int]:
    """(preview rows, of them invalid, bytes of the uploaded file kept)."""
    with admin.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT (SELECT count(*) FROM import_rows WHERE job_id = :j), "
            "(SELECT count(*) FROM import_rows WHERE job_id = :j AND action = 'invalid'), "
            "(SELECT octet_length(content) FROM import_jobs WHERE id = :j)"), {"j": job_id}).one())


def test_finished_and_stale_previews_are_dropped(stack, tenants, login) -> None:  # type: ignore[no-untyped-def]
    curator = login(tenants.curator_a)
    db = stack.databases["registry"]
    admin, app, system = create_engine(db.admin_url), create_engine(db.app_url), create_engine(db.system_url)
    try:
        tag = unique_name("R")
        written = _until(curator, _upload(curator, _csv([*_students(tag, 3), f"{tag}-b;Петров;;;01.02.2014;5А;;"]))
                         .json()["id"], "preview")
        assert curator.post(f"/api/v1/imports/{written['id']}/confirm").status_code == 202
        done = _until(curator, written["id"], "done")
        assert _held(admin, written["id"]) == (1, 1, 0), "only the invalid row stays; the file is gone"
        assert [e["row"] for e in done["row_errors"]] == [5], "the school still reads what was wrong"

        left = _until(curator, _upload(curator, _csv(_students(unique_name("L"), 2))).json()["id"], "preview")
        rows, invalid, file_bytes = _held(admin, left["id"])
        assert (rows, invalid) == (0, 0) and file_bytes > 0, "a preview keeps the file, not its valid rows (ADR 031)"
        with admin.begin() as conn:
            conn.execute(text("UPDATE import_jobs SET created_at = now() - interval '100 hours' "
                              "WHERE id IN (:a, :b)"), {"a": left["id"], "b": written["id"]})

        def uow(principal: Principal) -> RegistryUnitOfWork:
            return RegistryUnitOfWork(app, principal=principal, source=SOURCE, topic=TOPIC, encode=encode_event)

        ImportWorker(system, uow, preview_retention=timedelta(hours=72)).tidy_once()  # type: ignore[arg-type]
        expired = _until(curator, left["id"], "failed")
        assert expired["error"] == PREVIEW_EXPIRED
        wait_until(lambda: _held(admin, left["id"]) == (0, 0, 0) and _held(admin, written["id"]) == (0, 0, 0),
                   what="the old jobs emptied")
        kept = curator.get(f"/api/v1/imports/{written['id']}").json()
        assert (kept["status"], kept["created"]) == ("done", 3), "the outcome and counts stay"
        assert curator.post(f"/api/v1/imports/{left['id']}/confirm").status_code == 409
    finally:
        for engine in (admin, app, system):
            engine.dispose()
