"""A page's title block is text only: markup there lands inside <title> and is lost to the page (a merge once put
a whole section of the group card into its title)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "services/gateway/entrypoints/web/templates"
_TITLE = re.compile(r"\{% block title %\}(.*?)\{% endblock %\}", re.S)


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_the_title_block_holds_text_only(template: str) -> None:
    for title in _TITLE.findall((TEMPLATES / template).read_text(encoding="utf-8")):
        assert "<" not in title and "\n" not in title.strip(), f"{template}: {title[:80]!r}"
