"""gRPC stubs are build output: ``gen/`` must be exactly what ``proto/`` generates now."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()
            and "__pycache__" not in p.parts}


def test_generated_stubs_match_the_protos(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    subprocess.run([sys.executable, str(ROOT / "proto" / "generate.py"), "--out", str(out)], check=True)
    fresh, current = _tree(out), _tree(ROOT / "gen")
    assert sorted(fresh) == sorted(current), "stubs missing or extra: run python3 dev.py test (it regenerates)"
    stale = [name for name in fresh if fresh[name] != current[name]]
    assert stale == [], f"stale stubs: {stale}"


def test_stubs_are_not_committed() -> None:
    tracked = subprocess.run(["git", "ls-files", "gen"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert tracked == ""
