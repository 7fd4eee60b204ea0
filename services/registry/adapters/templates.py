"""The seed-derived starting content of a new program or roadmap (``domain/templates/*.json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from registry.domain.documents import Kind, OwnerLevel

_FOLDER = Path(__file__).resolve().parents[1] / "domain" / "templates"
# The municipal roadmap follows the same 7 stages as the school one (seed 002 describes both levels).
_FILES = {Kind.ROADMAP: "school_roadmap.json", Kind.PROGRAM: "program.json"}


@cache
def _read(name: str) -> dict[str, Any]:
    return dict(json.loads((_FOLDER / name).read_text(encoding="utf-8")))


def load(kind: Kind, owner_level: OwnerLevel) -> dict[str, Any]:
    return json.loads(json.dumps(_read(_FILES[kind])))  # a fresh copy each time
