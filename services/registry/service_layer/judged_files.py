"""The valid rows of the files an import worker checked, kept in its memory until their write (ADR 034).

The write judges the stored file again by the rules of the check (ADR 031: the verdicts depend only on the file, the
school's kind and the upload's day), which was a sixth of a worker's CPU during a region's load. A worker that
checked a file keeps what the check found valid and, when the school confirms, claims that write before other jobs
(``job_ids`` for the claim's order), so the second judging is skipped whenever the same worker writes. Anything not
found here — another worker checked it, the process restarted, the bound pushed it out, the school's kind changed —
is judged again as before: the kept rows are an optimisation, never the only copy.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from registry.domain.persons import PersonData

MAX_ROWS = 50_000
"""Rows kept per worker (≈ 1 KB each): a few dozen schools' files awaiting confirmation, or one very large one."""


@dataclass(frozen=True)
class Judged:
    """A checked file's valid rows, chunk by chunk as the check found them, and the file's own columns."""

    college: bool
    present: frozenset[str]
    chunks: tuple[tuple[PersonData, ...], ...]

    @property
    def rows(self) -> int:
        return sum(len(chunk) for chunk in self.chunks)


class JudgedFiles:
    """Least recently checked files go first when the bound is reached. One worker thread uses it."""

    def __init__(self, max_rows: int = MAX_ROWS) -> None:
        self._max_rows = max_rows
        self._files: OrderedDict[str, Judged] = OrderedDict()
        self._rows = 0

    def keep(self, job_id: str, judged: Judged) -> None:
        self.drop(job_id)
        if judged.rows > self._max_rows:
            return
        self._files[job_id] = judged
        self._rows += judged.rows
        while self._rows > self._max_rows:
            _, old = self._files.popitem(last=False)
            self._rows -= old.rows

    def take(self, job_id: str, *, college: bool) -> Judged | None:
        """The file's kept rows, removed from here; None when not kept or judged for another kind of school."""
        judged = self.drop(job_id)
        return judged if judged is not None and judged.college == college else None

    def drop(self, job_id: str) -> Judged | None:
        judged = self._files.pop(job_id, None)
        if judged is not None:
            self._rows -= judged.rows
        return judged

    def job_ids(self) -> list[str]:
        return list(self._files)

    @property
    def rows(self) -> int:
        return self._rows
