#!/usr/bin/env python3
"""The two commands a fresh machine needs: ``python3 dev.py up`` and ``python3 dev.py test``.

Only the standard library is used here, because this file is what turns a bare Python 3.11+ into the
project's environment: it creates ``.venv``, installs the pinned requirements (again only when the lock
files change), puts the project's source roots on the virtual environment's path, generates the gRPC
stubs from ``proto/`` and hands over to the real command inside the virtual environment.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
SOURCE_ROOTS = ("libs", "services", "gen")
RUN_LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"


def _run(*args: str | Path) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


def _digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


def ensure_environment(*, with_tests: bool) -> None:
    if not PY.exists():
        print("· creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    locks = [RUN_LOCK, TEST_LOCK] if with_tests else [RUN_LOCK]
    stamp = VENV / ".stamp-requirements"
    wanted = _digest(locks)
    installed = stamp.read_text().split() if stamp.exists() else []
    if wanted not in installed:
        print("· installing requirements (" + ", ".join(p.name for p in locks) + ")", flush=True)
        _run(PY, "-m", "pip", "install", "-q", "--disable-pip-version-check",
             *[a for lock in locks for a in ("-r", lock)])
        stamp.write_text(" ".join({*installed, wanted, _digest([RUN_LOCK])}))
    purelib = subprocess.run(
        [str(PY), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    pth = Path(purelib) / "mentorship-source-roots.pth"
    wanted_pth = "".join(f"{ROOT / r}\n" for r in SOURCE_ROOTS)
    if not pth.exists() or pth.read_text() != wanted_pth:
        pth.write_text(wanted_pth)
    _run(PY, ROOT / "proto" / "generate.py", "--out", ROOT / "gen")


def cmd_up(argv: list[str]) -> None:
    ensure_environment(with_tests=False)
    os.execv(PY, [str(PY), "-m", "embedded_stack", "up", *argv])


def cmd_test(argv: list[str]) -> None:
    ensure_environment(with_tests=True)
    from_ci = os.environ.get("CI") == "true"
    _run(PY, ROOT / "tests" / "browser_setup.py")
    _run(PY, "-m", "ruff", "check", "libs", "services", "tests", "proto", "bench", "dev.py")
    _run(PY, "-m", "mypy", "libs", "services", "tests/unit/fakes.py", "tests/unit/test_handlers.py",
         "tests/unit/matching_fakes.py", "tests/unit/test_matching_handlers.py")
    args = argv or (["-p", "no:cacheprovider"] if from_ci else [])
    os.execv(PY, [str(PY), "-m", "pytest", *args])


def cmd_backup(argv: list[str]) -> None:
    """``dev.py backup [--out DIR]``: every service's database and the keys into one dated archive (ADR 016)."""
    ensure_environment(with_tests=False)
    os.execv(PY, [str(PY), "-m", "embedded_stack.backup", "backup", *argv])


def cmd_restore(argv: list[str]) -> None:
    """``dev.py restore ARCHIVE``: check the archive, load it into an empty platform, upgrade its migrations."""
    ensure_environment(with_tests=False)
    os.execv(PY, [str(PY), "-m", "embedded_stack.backup", "restore", *argv])


def cmd_lock(_: list[str]) -> None:
    """Re-resolve requirements*.in into the lock files (needs the package registry)."""
    tmp = ROOT / ".venv-lock"
    venv.EnvBuilder(with_pip=True, clear=True).create(tmp)
    tpy = tmp / "bin" / "python"
    _run(tpy, "-m", "pip", "install", "-q", "-r", ROOT / "requirements.in")
    RUN_LOCK.write_text(subprocess.run([str(tpy), "-m", "pip", "freeze"], check=True,
                                       capture_output=True, text=True).stdout)
    _run(tpy, "-m", "pip", "install", "-q", "-r", ROOT / "requirements-test.in")
    frozen = subprocess.run([str(tpy), "-m", "pip", "freeze"], check=True,
                            capture_output=True, text=True).stdout.splitlines()
    run_pins = set(RUN_LOCK.read_text().splitlines())
    TEST_LOCK.write_text("".join(f"{line}\n" for line in frozen if line not in run_pins))
    subprocess.run(["rm", "-rf", str(tmp)], check=True)


COMMANDS = {"up": cmd_up, "test": cmd_test, "lock": cmd_lock, "backup": cmd_backup, "restore": cmd_restore}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit("usage: python3 dev.py {up|test|backup|restore|lock} [args...]")
    COMMANDS[sys.argv[1]](sys.argv[2:])
