"""A school's whole list in one file: a 20,000-row import, end to end, on the embedded stack.

Measures the time to accept the upload, to check every row into a preview and to write all of them in one
transaction; the peak memory (VmHWM) of the import worker, the registry and the gateway; and how the gateway
answers other requests meanwhile (GET /api/v1/persons, one probe every 100 ms).
Baseline: the issue's requirement — the file must not block the gateway; DESIGN §6 — p95 ≤ 200 ms for reads.
Run: .venv/bin/python bench/import_20k.py [--rows 20000] [--format csv|xlsx]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.demo_stack import demo_platform
from tests.support import Api

HEADER = ["Идентификатор", "Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Законный представитель",
          "Контакт представителя"]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков"]


def rows(n: int) -> list[list[str]]:
    return [[f"S-{i:06d}", SURNAMES[i % len(SURNAMES)], "Ученик", "Иванович", f"{1 + i % 28:02d}.0{1 + i % 9}.2012",
             f"{1 + i % 11}{'АБВГ'[i % 4]}", "Родитель Иван Петрович", "+7 900 123-45-67"] for i in range(n)]


def csv_file(n: int) -> bytes:
    return "\n".join(";".join(r) for r in [HEADER, *rows(n)]).encode("utf-8")


def xlsx_file(n: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for r in rows(n):
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _students_counted(region: Api) -> int:
    totals = region.get("/api/v1/indicators/participants").json()["totals"]
    return int(totals.get("person.student", 0))


def wait_for(api: Api, import_id: str, status: str) -> dict:  # type: ignore[type-arg]
    while True:
        job = api.get(f"/api/v1/imports/{import_id}").json()
        if job["status"] in (status, "failed"):
            return job  # type: ignore[no-any-return]
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    content = csv_file(args.rows) if args.format == "csv" else xlsx_file(args.rows)
    with demo_platform() as (stack, container):
        curator = Api(stack.gateway_url).login("curator-school1", container.settings.demo_password)
        prober = Api(stack.gateway_url).login("curator-school1", container.settings.demo_password)
        probes: list[float] = []
        done = threading.Event()

        def probe() -> None:
            while not done.is_set():
                t0 = time.perf_counter()
                assert prober.get("/api/v1/persons", params={"page_size": 20}).status_code == 200
                probes.append((time.perf_counter() - t0) * 1000)
                done.wait(0.1)

        region = Api(stack.gateway_url).login("region", container.settings.demo_password)
        counted_before = _students_counted(region)
        idle = {name: peak_kib(stack.processes[name].popen.pid) / 1024
                for name in ("registry-worker", "registry", "gateway")}
        thread = threading.Thread(target=probe, daemon=True)
        thread.start()
        t0 = time.perf_counter()
        started = curator.post("/api/v1/imports", data={"kind": "students"},
                               files={"file": (f"list.{args.format}", content, "application/octet-stream")})
        accepted = time.perf_counter() - t0
        assert started.status_code == 202, started.text
        preview = wait_for(curator, started.json()["id"], "preview")
        checked = time.perf_counter() - t0
        assert preview["status"] == "preview" and preview["to_create"] == args.rows, preview
        t1 = time.perf_counter()
        assert curator.post(f"/api/v1/imports/{preview['id']}/confirm").status_code == 202
        result = wait_for(curator, preview["id"], "done")
        written = time.perf_counter() - t1
        assert result["created"] == args.rows, result
        t3 = time.perf_counter()
        while _students_counted(region) < counted_before + args.rows:
            time.sleep(0.2)
        projected = time.perf_counter() - t3
        t2 = time.perf_counter()
        again = curator.post("/api/v1/imports", data={"kind": "students"},
                             files={"file": (f"list.{args.format}", content, "application/octet-stream")})
        reimport = wait_for(curator, again.json()["id"], "preview")
        rechecked = time.perf_counter() - t2
        assert reimport["unchanged"] == args.rows, reimport
        done.set()
        thread.join()
        peaks = {name: peak_kib(stack.processes[name].popen.pid) / 1024
                 for name in ("registry-worker", "registry", "gateway")}
    print(f"import of {args.rows} students from {args.format.upper()} ({len(content) / 1e6:.1f} MB), "
          "2-core machine, embedded PostgreSQL + Tansu")
    print(f"upload accepted (format and header checked)   {accepted:6.2f} s")
    print(f"every row checked, preview ready              {checked:6.2f} s")
    print(f"confirmed → all rows written (one transaction) {written:6.2f} s")
    print(f"{args.rows} person_added events in the region's counts {projected:6.2f} s after the write")
    print(f"re-import of the same file → preview, {reimport['unchanged']} unchanged  {rechecked:6.2f} s")
    print("peak memory (VmHWM): " + ", ".join(f"{k} {v:.0f} MiB (before the import {idle[k]:.0f})"
                                              for k, v in peaks.items()))
    print(f"GET /api/v1/persons during the import: {len(probes)} probes, p50 {statistics.median(probes):.0f} ms, "
          f"p95 {_percentile(probes, 0.95):.0f} ms, max {max(probes):.0f} ms   (budget p95 ≤ 200 ms, DESIGN §6)")


if __name__ == "__main__":
    main()
