"""Backup and restore of the 20,000-person benchmark region (bench/import_20k.py's school list) on the embedded stack.

Measures: the backup of the running platform (``python -m embedded_stack.backup backup``, every database and the
keys), the archive's size; the restore into an empty platform (check + pg_restore + migrations); the start of the
restored platform; and the time until the region's indicators on the restored platform equal the original's
(the relays publish every outbox row again, the consumers skip what they had applied — ADR 016).
Run: .venv/bin/python bench/backup_20k.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.demo_stack import demo_platform
from bench.import_20k import _students_counted, csv_file, wait_for
from embedded_stack.ports import free_ports
from embedded_stack.stack import GRPC_SERVICES, Ports, Stack, StackConfig
from tests.support import Api


def _cli(*args: str, data_dir: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "embedded_stack.backup", *args], check=True,
                   env={**os.environ, "DATA_DIR": str(data_dir)})
    return time.perf_counter() - t0


def _indicators(url: str, password: str) -> dict[str, object]:
    with closing(Api(url).login("region", password)) as region:
        return {name: region.get(f"/api/v1/indicators/{name}").json()
                for name in ("participants", "pairs", "documents", "mentor-counts")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="mentorship-bench-backup-"))
    fresh = out / "restored"
    try:
        with demo_platform() as (stack, container):
            password = container.settings.demo_password
            curator = Api(stack.gateway_url).login("curator-school1", password)
            region = Api(stack.gateway_url).login("region", password)
            before = _students_counted(region)
            started = curator.post("/api/v1/imports", data={"kind": "students"},
                                   files={"file": ("list.csv", csv_file(args.rows), "text/csv")})
            preview = wait_for(curator, started.json()["id"], "preview")
            assert curator.post(f"/api/v1/imports/{preview['id']}/confirm").status_code == 202
            assert wait_for(curator, preview["id"], "done")["created"] == args.rows
            while _students_counted(region) < before + args.rows:
                time.sleep(0.5)
            original = _indicators(stack.gateway_url, password)
            backup_s = _cli("backup", "--out", str(out), data_dir=stack.config.data_dir)
        archive = next(out.glob("mentorship-backup-*.tar"))
        restore_s = _cli("restore", str(archive), data_dir=fresh)
        gateway, broker, *grpc = free_ports(2 + len(GRPC_SERVICES))
        second = Stack(StackConfig(data_dir=fresh, ephemeral=True, ports=Ports(
            gateway=gateway, broker=broker, grpc=dict(zip(GRPC_SERVICES, grpc, strict=True)))))
        t0 = time.perf_counter()
        second.start()
        start_s = time.perf_counter() - t0
        try:
            t1 = time.perf_counter()
            while _indicators(second.gateway_url, password) != original:
                if time.perf_counter() - t1 > 600:
                    raise SystemExit("the restored platform's indicators did not catch up in 10 minutes")
                time.sleep(0.5)
            replay_s = time.perf_counter() - t1
        finally:
            second.stop()
        print(f"backup and restore of the demo region + {args.rows} imported students, 2-core machine, embedded stack")
        print(f"backup of the running platform (5 databases + keys)   {backup_s:6.1f} s, "
              f"archive {archive.stat().st_size / 1e6:.1f} MB")
        print(f"restore into an empty platform (check, pg_restore, migrate) {restore_s:6.1f} s")
        print(f"start of the restored platform                         {start_s:6.1f} s")
        print(f"outbox replay until the region's indicators are equal  {replay_s:6.1f} s")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
