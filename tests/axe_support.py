"""axe-core (npm registry, pinned in ``tests/axe/package-lock.json``) run on a Playwright page with WCAG 2.1 AA rules.

The script is evaluated through the DevTools protocol (``page.evaluate``), which the page's Content-Security-Policy
does not govern, so the pages are checked with their real CSP: nothing is injected as a ``<script>`` element.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path
from typing import Any

AXE_DIR = Path(__file__).resolve().parent / "axe"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


@functools.cache
def axe_source() -> str:
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        subprocess.run([shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True)
    return script.read_text()


def violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now, with the offending nodes."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate("""async (tags) => {
        const r = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""", WCAG_21_AA)
    return [v for v in result if v["impact"] in BLOCKING]


def describe(found: list[dict[str, Any]]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} → {', '.join(v['nodes'])}" for v in found)
