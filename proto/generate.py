"""Generate Python gRPC/protobuf stubs from ``proto/`` into an output tree (``gen/`` by default).

The stubs are build output, never committed and never edited; ``tests/integration/test_stubs.py``
regenerates them into a temporary folder and fails when ``gen/`` differs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

PROTO_ROOT = Path(__file__).resolve().parent


def proto_files() -> list[Path]:
    return sorted(PROTO_ROOT.rglob("*.proto"))


def generate(out: Path) -> None:
    from grpc_tools import protoc  # imported late: this file is also read by tooling outside the venv

    include = Path(protoc.__file__).parent / "_proto"
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    args = [
        "protoc",
        f"-I{PROTO_ROOT}",
        f"-I{include}",
        f"--python_out={tmp}",
        f"--pyi_out={tmp}",
        f"--grpc_python_out={tmp}",
        *[str(p) for p in proto_files()],
    ]
    if protoc.main(args) != 0:
        sys.exit("protoc failed")
    for folder in [tmp, *[p for p in tmp.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    (tmp / "__init__.py").unlink()
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=PROTO_ROOT.parent / "gen")
    generate(parser.parse_args().out.resolve())
