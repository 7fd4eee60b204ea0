"""The seed-derived starting content of a new program or roadmap (``domain/templates/*.json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from registry.domain.documents import Kind, OwnerLevel

_FOLDER = Path(__file__).resolve().parents[1] / "domain" / "templates"
# Each tier has its own roadmap: the school's (001 §9), the municipality's (002: Управление образования, the municipal
# curator, ЦНППМ, the schools) and the region's (004 App. 2, sections I–III).
_FILES = {(Kind.ROADMAP, OwnerLevel.SCHOOL): "school_roadmap.json",
          (Kind.ROADMAP, OwnerLevel.MUNICIPALITY): "municipal_roadmap.json",
          (Kind.ROADMAP, OwnerLevel.REGION): "regional_roadmap.json",
          (Kind.PROGRAM, OwnerLevel.SCHOOL): "program.json"}


@cache
def _read(name: str) -> dict[str, Any]:
    return dict(json.loads((_FOLDER / name).read_text(encoding="utf-8")))


def load(kind: Kind, owner_level: OwnerLevel) -> dict[str, Any]:
    return json.loads(json.dumps(_read(_FILES.get((kind, owner_level), _FILES[(kind, OwnerLevel.SCHOOL)]))))
