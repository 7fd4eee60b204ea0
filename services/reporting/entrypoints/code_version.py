"""What code answers: a fingerprint of reporting's own source and the shared kit's, part of its read version
(ADR 029) — a deploy that changes a definition without writing a row must not leave answers kept under the old one."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import mentorship_kit
import reporting


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    for package in (reporting, mentorship_kit):
        root = Path(str(package.__file__)).parent
        for source in sorted(root.rglob("*.py")):
            digest.update(str(source.relative_to(root)).encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]
