"""The initial load of a region as its operator does it, end to end, on the embedded platform (issue 14, ADR 026).

1. the regional operator uploads the roster (``POST /api/v1/rosters``, then confirm): municipalities, organisations
   and each organisation's first curator with a one-time password;
2. each curator signs in and imports the organisation's staff, then its students (``POST /api/v1/imports`` →
   preview → confirm), ``--parallel`` organisations at a time;
3. the run ends when the region's counts in reporting (``GET /api/v1/indicators/participants`` as the operator)
   equal what was imported, or after ``--wait`` seconds.

A sampler reads the stages' progress from the databases every 0.5 s (as their administrator, no writes): rows checked
into previews, rows written, outbox rows published by the relay, events applied by reporting's consumer. Each
stage's rate is given twice: over the run, and **while it had a backlog** (intervals in which its input was ahead of
it by at least a batch) — its capacity, which a faster stage in front of it cannot hide. Then the peak memory
(VmHWM) and CPU seconds of every process of the stack (PostgreSQL with its backends, Tansu, each service).

Baselines (issue 14): 1.1 M people of DESIGN §6 imported and counted in ≤ 10 minutes on this 2-core machine
(600 s → ≥ 1,834 rows/s end to end); measured before the issue: 488 rows/s.
Run: .venv/bin/python bench/region_load.py --scale 0.02 [--parallel 3] [--dashboard 50]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text

from bench.demo_stack import demo_platform
from bench.machine import describe
from bench.region_generator import Organisation, Region, region, roster_xlsx, staff_csv, students_csv
from tests.support import Api

FULL_REGION_PEOPLE = 1_100_000
BUDGET_SECONDS = 600.0
SAMPLE_EVERY = 0.5
POLL_EVERY = 0.0
"""0: each status request waits on the gateway for a change (``wait``, as a script does); ``--poll-every 1`` asks every
second instead, as a curator's import page refreshes itself (import.html) — how the load was measured before."""
WAIT = 25
PERSON_EVENTS = ("mentorship.registry.person_added.v1", "mentorship.registry.person_updated.v1",
                 "mentorship.registry.people_imported.v1")


# -- processes: peak memory and CPU -------------------------------------------------------------------------------

def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def peak_mib(pid: int) -> float:
    value = _status(pid).get("VmHWM", "0 kB").split()[0]
    return int(value) / 1024


def cpu_seconds(pid: int, *, children: bool = False) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def stack_processes(stack: Any) -> dict[str, list[int]]:
    """Every process of this stack by name: the services, Tansu, the PostgreSQL server and its backends."""
    found: dict[str, list[int]] = {name: [proc.popen.pid] for name, proc in stack.processes.items() if proc.popen}
    data_dir = str(stack.config.data_dir)
    broker = f"127.0.0.1:{stack.config.ports.broker}"
    all_pids = _pids()
    postmaster = [p for p in all_pids if "postgres" in _cmdline(p) and data_dir in _cmdline(p)]
    if postmaster:
        parent = postmaster[0]
        found["postgresql (server)"] = [parent]
        found["postgresql (backends and helpers)"] = [
            p for p in all_pids if _status(p).get("PPid", "").strip() == str(parent)]
    found["tansu"] = [p for p in all_pids if "tansu" in _cmdline(p) and broker in _cmdline(p)]
    return found


def cpu_of(stack: Any) -> dict[str, float]:
    """CPU seconds of each group so far (PostgreSQL's server with its ended backends)."""
    return {name: sum(cpu_seconds(p, children=name == "postgresql (server)") for p in pids)
            for name, pids in stack_processes(stack).items()}


def memory_and_cpu(stack: Any, cpu_before: dict[str, float]) -> list[tuple[str, float, float]]:
    """(name, peak MiB — the largest one process of the group reached, CPU seconds of the group since
    ``cpu_before``)."""
    out = []
    for name, pids in stack_processes(stack).items():
        if not pids:
            continue
        peak = max(peak_mib(p) for p in pids)
        cpu = sum(cpu_seconds(p, children=name == "postgresql (server)") for p in pids)
        out.append((name, peak, cpu - cpu_before.get(name, 0.0)))
    return out


# -- stages sampled from the databases ----------------------------------------------------------------------------

_CHECKED = text("""SELECT coalesce(sum(CASE WHEN status = 'checking' THEN rows_processed ELSE rows_total END), 0)
                   FROM import_jobs WHERE created_at >= :since""")
_WRITTEN = text("SELECT coalesce(sum(created + updated), 0) FROM import_jobs WHERE created_at >= :since "
                "AND status = 'done'")
_CONFIRMED = text("SELECT coalesce(sum(rows_valid), 0) FROM import_jobs WHERE created_at >= :since "
                  "AND status IN ('committing', 'done')")
_UPLOADED = text("SELECT coalesce(sum(rows_total), 0), count(*) FROM import_jobs WHERE created_at >= :since")
# People, not events: a chunk of an import is one people_imported event of up to 1,000 people (ADR 027). Each event's
# size is read once (reading every large envelope twice a second was a tenth of PostgreSQL's time in the run).
_PUBLISHED = text("SELECT id FROM outbox WHERE id > :first AND published_at IS NOT NULL")
_PUBLISHED_SIZES = text("""SELECT id, coalesce(jsonb_array_length(envelope->'data'->'people'), 1) FROM outbox
                           WHERE id = ANY(:ids)""")
_APPLIED = text("SELECT seq FROM received_events WHERE seq > :first AND type = ANY(:types)")
_APPLIED_SIZES = text("SELECT seq, coalesce(jsonb_array_length(data->'people'), 1) FROM received_events "
                      "WHERE seq = ANY(:ids)")


def _people(c: Any, ids: list[int], sizes: dict[int, int], statement: Any) -> int:
    new = [i for i in ids if i not in sizes]
    if new:
        sizes.update({int(i): int(n) for i, n in c.execute(statement, {"ids": new})})
    return sum(sizes[i] for i in ids)


@dataclass
class Sample:
    at: float
    checked: int
    confirmed: int
    written: int
    published: int
    applied: int


@dataclass
class Sampler:
    stack: Any
    since: Any
    samples: list[Sample] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _published_sizes: dict[int, int] = field(default_factory=dict)
    _applied_sizes: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._registry = create_engine(self.stack.databases["registry"].admin_url, pool_size=1)
        self._reporting = create_engine(self.stack.databases["reporting"].admin_url, pool_size=1)
        with self._registry.connect() as c:
            self._outbox_first = int(c.execute(text("SELECT coalesce(max(id), 0) FROM outbox")).scalar_one())
        with self._reporting.connect() as c:
            self._events_first = int(c.execute(text("SELECT coalesce(max(seq), 0) FROM received_events"))
                                     .scalar_one())

    def take(self) -> Sample:
        with self._registry.connect() as c:
            checked = int(c.execute(_CHECKED, {"since": self.since}).scalar_one())
            confirmed = int(c.execute(_CONFIRMED, {"since": self.since}).scalar_one())
            written = int(c.execute(_WRITTEN, {"since": self.since}).scalar_one())
            published = _people(c, list(c.execute(_PUBLISHED, {"first": self._outbox_first}).scalars()),
                                self._published_sizes, _PUBLISHED_SIZES)
        with self._reporting.connect() as c:
            applied = _people(c, list(c.execute(_APPLIED, {"first": self._events_first,
                                                           "types": list(PERSON_EVENTS)}).scalars()),
                              self._applied_sizes, _APPLIED_SIZES)
        return Sample(time.perf_counter(), checked, confirmed, written, published, applied)

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(self.take())
            self.stop.wait(SAMPLE_EVERY)

    def close(self) -> None:
        self._registry.dispose()
        self._reporting.dispose()


@dataclass(frozen=True)
class StageRate:
    name: str
    rows: int
    overall: float  # rows per second from the run's start to this stage's last row
    busy: float  # rows per second over the intervals where this stage had a backlog
    busy_seconds: float


def stage_rates(samples: list[Sample], uploaded_at: Callable[[float], int], *, backlog: int = 500) -> list[StageRate]:
    """Each stage's rate over the run and while its input was ahead of it by ``backlog`` rows or more."""
    stages: list[tuple[str, Callable[[Sample], int], Callable[[Sample], int]]] = [
        ("check (rows into previews)", lambda s: s.checked, lambda s: uploaded_at(s.at)),
        ("write (rows written, one transaction per file)", lambda s: s.written, lambda s: s.confirmed),
        ("relay (outbox rows published)", lambda s: s.published, lambda s: s.written),
        ("consume (events applied in reporting)", lambda s: s.applied, lambda s: s.published),
    ]
    start = samples[0].at
    rates = []
    for name, done, feed in stages:
        total = done(samples[-1]) - done(samples[0])
        last = next((s.at for s in samples if done(s) - done(samples[0]) >= total), samples[-1].at)
        busy_rows = 0
        busy_time = 0.0
        for a, b in pairwise(samples):
            if feed(a) - done(a) >= backlog:
                busy_rows += done(b) - done(a)
                busy_time += b.at - a.at
        rates.append(StageRate(name, total, total / max(last - start, 1e-9), busy_rows / busy_time if busy_time else 0,
                               busy_time))
    return rates


# -- the load -------------------------------------------------------------------------------------------------------

def _counted(api: Api) -> tuple[int, int]:
    totals = api.get("/api/v1/indicators/participants").json()["totals"]
    return int(totals.get("person.staff", 0)), int(totals.get("person.student", 0))


def _until(api: Api, job: dict[str, Any], statuses: tuple[str, ...], bound: float) -> dict[str, Any]:
    """Follows the import as a script does: from the status the upload's or the confirmation's answer gave, each
    request waits on the platform until the status changes."""
    deadline = time.monotonic() + bound
    import_id = job["id"]
    params: dict[str, Any] = {"errors_limit": 1}
    if not POLL_EVERY:
        params = {"errors_limit": 1, "wait": WAIT, "known_status": job["status"]}
    while time.monotonic() < deadline:
        job = api.get(f"/api/v1/imports/{import_id}", params=params).json()
        if job["status"] in (*statuses, "failed"):
            return job  # type: ignore[no-any-return]
        if POLL_EVERY:
            time.sleep(POLL_EVERY)
        else:
            params = {"errors_limit": 1, "wait": WAIT, "known_status": job["status"]}
    raise TimeoutError(f"import {import_id} not {statuses} after {bound:.0f} s")


@dataclass
class Loaded:
    organisations: int = 0
    rows: int = 0
    invalid: int = 0
    failed: list[str] = field(default_factory=list)
    uploads: list[tuple[float, int]] = field(default_factory=list)  # (when, rows) of each accepted upload
    lock: threading.Lock = field(default_factory=threading.Lock)


def import_organisation(gateway: str, files: tuple[bytes, bytes], org: Organisation, login: dict[str, Any],
                        loaded: Loaded, bound: float) -> None:
    """The curator's two imports, staff first, as a school does them: upload, wait for the preview, confirm, wait."""
    with Api(gateway) as curator:
        curator.timeout = 120.0
        curator.login(login["username"], login["one_time_password"])
        for kind, content in zip(("staff", "students"), files, strict=True):
            started = curator.post("/api/v1/imports", data={"kind": kind},
                                   files={"file": (f"{org.stem}-{kind}.csv", content, "text/csv")})
            if started.status_code != 202:
                with loaded.lock:
                    loaded.failed.append(f"{org.stem} {kind}: {started.status_code} {started.text[:200]}")
                continue
            rows = org.staff if kind == "staff" else org.students
            with loaded.lock:
                loaded.uploads.append((time.perf_counter(), rows))
            preview = _until(curator, started.json(), ("preview",), bound)
            if preview["status"] != "preview":
                with loaded.lock:
                    loaded.failed.append(f"{org.stem} {kind}: {preview.get('error')}")
                continue
            confirmed = curator.post(f"/api/v1/imports/{preview['id']}/confirm")
            assert confirmed.status_code == 202, confirmed.text
            done = _until(curator, confirmed.json(), ("done",), bound)
            with loaded.lock:
                if done["status"] != "done":
                    loaded.failed.append(f"{org.stem} {kind}: {done.get('error')}")
                loaded.rows += int(done.get("created", 0)) + int(done.get("updated", 0))
                loaded.invalid += int(preview.get("rows_invalid", 0))
        with loaded.lock:
            loaded.organisations += 1


def onboard(gateway: str, password: str, reg: Region) -> list[dict[str, Any]]:
    """The roster as the regional operator confirms it; each row with its curator's login and organisation id."""
    with Api(gateway) as operator:
        operator.timeout = 600.0
        operator.login("region", password)
        preview = operator.post("/api/v1/rosters", files={"file": ("reestr.xlsx", roster_xlsx(reg),
                                                                   "application/octet-stream")})
        assert preview.status_code == 201, preview.text
        assert preview.json()["problems"] == [], preview.json()["problems"][:5]
        confirmed = operator.post(f"/api/v1/rosters/{preview.json()['id']}/confirm")
        assert confirmed.status_code == 200, confirmed.text
        return confirmed.json()["rows"]  # type: ignore[no-any-return]


PROFILED = ("registry-worker", "registry-relay", "reporting-consumer", "matching-consumer", "gateway", "registry")
# print the run's lines as they come (the output often goes to a file)
sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]


def _profile(stack: Any, out: Path) -> list[subprocess.Popen[bytes]]:
    """py-spy (``PYSPY``, not a dependency of the project) sampling the pipeline's processes into collapsed stacks."""
    out.mkdir(parents=True, exist_ok=True)
    return [subprocess.Popen([os.environ.get("PYSPY", "py-spy"), "record", "--format", "raw", "--rate", "50",
                              "--pid", str(stack.processes[name].popen.pid), "-o", str(out / f"{name}.txt")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for name in PROFILED]


def load_region(stack: Any, container: Any, reg: Region, *, parallel: int, wait: float,
                report: Callable[[str], None] = print, profile: Path | None = None) -> dict[str, Any]:
    gateway, password = stack.gateway_url, container.settings.demo_password
    t0 = time.perf_counter()
    rows = onboard(gateway, password, reg)
    onboarded = time.perf_counter() - t0
    report(f"roster: {len(rows)} organisations with their curators in {onboarded:.1f} s")
    logins = {r["organisation"]: r for r in rows}
    operator = Api(gateway).login("region", password)
    staff_before, students_before = _counted(operator)
    with create_engine(stack.databases["registry"].admin_url).connect() as c:
        since = c.execute(text("SELECT now()")).scalar_one()
    sampler = Sampler(stack, since)
    sampling = threading.Thread(target=sampler.run, daemon=True)
    loaded = Loaded()
    work: queue.Queue[Organisation] = queue.Queue()
    for org in reg.organisations:
        work.put(org)

    def importer() -> None:
        while True:
            try:
                org = work.get_nowait()
            except queue.Empty:
                return
            try:
                import_organisation(gateway, files.pop(org.name), org, logins[org.name], loaded, bound=wait)
            except Exception as exc:  # a failed organisation is reported, the others go on
                with loaded.lock:
                    loaded.failed.append(f"{org.stem}: {exc!r}")

    # The schools' files exist before their curators upload them: made here, outside the measured run, so the
    # bench's own CPU (generating a region's CSV) does not compete with the platform it measures.
    files = {org.name: (staff_csv(reg, org), students_csv(reg, org)) for org in reg.organisations}
    report(f"files of {len(files)} organisations generated in {time.perf_counter() - t0 - onboarded:.1f} s")
    cpu_before = cpu_of(stack)
    own_before = sum(os.times()[:2])
    profilers = _profile(stack, profile) if profile else []
    start = time.perf_counter()
    sampling.start()
    threads = [threading.Thread(target=importer, daemon=True) for _ in range(parallel)]
    for t in threads:
        t.start()
    last_report = start
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        if time.perf_counter() - last_report >= 30:
            last_report = time.perf_counter()
            s = sampler.samples[-1] if sampler.samples else None
            if s:
                report(f"  {last_report - start:5.0f} s: checked {s.checked}, written {s.written}, "
                       f"published {s.published}, applied {s.applied}")
    imported = time.perf_counter() - start
    expected = (staff_before + reg.staff, students_before + reg.students)
    deadline = time.monotonic() + wait
    counted = _counted(operator)
    while counted != expected and time.monotonic() < deadline:
        time.sleep(0.25)
        counted = _counted(operator)
    visible = time.perf_counter() - start
    for p in profilers:
        p.send_signal(2)  # py-spy writes its output on SIGINT
        p.wait(timeout=60)
    sampler.stop.set()
    sampling.join()
    sampler.samples.append(sampler.take())
    sampler.close()
    operator.close()
    uploads = sorted(loaded.uploads)

    def uploaded_at(moment: float) -> int:
        return sum(n for at, n in uploads if at <= moment)

    return {"organisations": loaded.organisations, "rows": loaded.rows, "invalid": loaded.invalid,
            "failed": loaded.failed, "imported_s": imported, "visible_s": visible, "counted": counted,
            "expected": expected, "rates": stage_rates(sampler.samples, uploaded_at), "onboard_s": onboarded,
            "processes": memory_and_cpu(stack, cpu_before), "roster": rows,
            "bench_cpu": sum(os.times()[:2]) - own_before}


def print_load(reg: Region, result: dict[str, Any], parallel: int, *, workers: int = 1, consumers: int = 1) -> None:
    people = reg.staff + reg.students
    ok = result["counted"] == result["expected"]
    rate = result["rows"] / result["visible_s"] if ok else 0.0
    print(f"\nregion at scale {reg.scale} (seed {reg.seed}): {len(reg.municipalities)} municipalities, "
          f"{len(reg.organisations)} organisations, {reg.staff} staff + {reg.students} students = {people} people; "
          f"{parallel} imports at a time, {workers} import worker(s), {consumers} reporting consumer(s)")
    print(f"load average before/after: {result.get('load_before', '?')} / {_loadavg()}   (2 cores, shared)")
    print(f"roster confirmed (structure + first curators)     {result['onboard_s']:8.1f} s")
    print(f"every file imported (last import done)             {result['imported_s']:8.1f} s")
    print(f"the region's counts equal the import               {result['visible_s']:8.1f} s   "
          f"{'yes' if ok else 'NO'}: counted {result['counted']}, expected {result['expected']}")
    print(f"rows written {result['rows']}, invalid {result['invalid']}, failed imports {len(result['failed'])}")
    for failure in result["failed"][:5]:
        print(f"  failed: {failure}")
    projected = FULL_REGION_PEOPLE / rate / 60 if rate else 0.0
    print(f"end to end: {rate:,.0f} rows/s → 1.1 M people in {projected:.1f} min (budget {BUDGET_SECONDS / 60:.0f} "
          f"min = {FULL_REGION_PEOPLE / BUDGET_SECONDS:,.0f} rows/s; before: 488 rows/s)")
    print("stage                                              rows   over the run   with a backlog (s)")
    for r in result["rates"]:
        print(f"  {r.name:<46} {r.rows:8d}   {r.overall:8,.0f}/s   {r.busy:8,.0f}/s ({r.busy_seconds:.0f} s)")
    print("process                                 peak memory (VmHWM)   CPU s during the load   CPU ms per 1,000 rows")
    for name, peak, cpu in sorted(result["processes"], key=lambda p: -p[2]):
        print(f"  {name:<38} {peak:8.0f} MiB   {cpu:8.1f}   {cpu * 1e6 / max(result['rows'], 1):8.0f}")
    total = sum(cpu for _, _, cpu in result["processes"])
    print(f"  {'all of them':<38} {'':8}       {total:8.1f}   {total * 1e6 / max(result['rows'], 1):8.0f}   "
          f"(2 cores: the CPU alone allows ≈ {2 * result['rows'] / max(total, 1e-9):,.0f} rows/s)")
    bench = result.get("bench_cpu", 0.0)
    print(f"  {'(this bench: the curators’ clients)':<38} {'':8}       {bench:8.1f}   "
          f"{bench * 1e6 / max(result['rows'], 1):8.0f}   (shares the same 2 cores)")


class ActivitySampler(threading.Thread):
    """PostgreSQL's own profile, without an extension the embedded server may lack: its active statements, sampled
    from ``pg_stat_activity`` every 50 ms; a statement's share of the samples is its share of the server's time."""

    def __init__(self, admin_url: str) -> None:
        super().__init__(daemon=True)
        self._engine = create_engine(admin_url, pool_size=1)
        self.seen: dict[tuple[str, str], int] = {}
        self.samples = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with self._engine.connect() as c:
            while not self.stop.wait(0.05):
                self.samples += 1
                for db, query in c.execute(text(
                        "SELECT datname, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_activity "
                        "WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'")):
                    self.seen[(db, query)] = self.seen.get((db, query), 0) + 1
                c.rollback()

    def report(self, top: int = 15) -> None:
        self.stop.set()
        self.join()
        busy = sum(self.seen.values())
        print(f"PostgreSQL's active statements ({self.samples} samples every 50 ms; {busy / max(self.samples, 1):.2f} "
              "busy backends on average)")
        for (db, query), n in sorted(self.seen.items(), key=lambda kv: -kv[1])[:top]:
            print(f"  {100 * n / max(busy, 1):5.1f} %  {db:10} {query}")


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def keep(stack: Any) -> None:
    """Where the loaded platform answers, then wait: a whole region takes ten minutes to load, a probe seconds."""
    print(f"\nkept running (Ctrl-C stops it): gateway {stack.gateway_url} (region / demo password)", flush=True)
    for name, database in stack.databases.items():
        print(f"  {name:<12} {database.admin_url}", flush=True)
    stop = threading.Event()
    # a run started in the background ignores SIGINT (the shell's rule): SIGTERM stops it the same orderly way
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        while not stop.wait(1.0):  # with a timeout, so that Ctrl-C reaches the main thread
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--parallel", type=int, default=3, help="imports at a time")
    parser.add_argument("--wait", type=float, default=900, help="bound on each wait, seconds")
    parser.add_argument("--poll-every", type=float, default=0.0,
                        help="seconds between status requests; 0: each waits for a change on the gateway")
    parser.add_argument("--workers", type=int, default=1, help="registry import workers (ADR 014: they scale out)")
    parser.add_argument("--consumers", type=int, default=1, help="reporting consumers in one group (≤ partitions)")
    parser.add_argument("--profile", type=Path, help="py-spy's collapsed stacks of the pipeline into this folder")
    parser.add_argument("--pg-activity", action="store_true", help="sample PostgreSQL's active statements too")
    parser.add_argument("--dashboard", type=int, default=0,
                        help="then measure the dashboard with this many requests per view (bench/region_dashboard.py)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the loaded platform running until Ctrl-C, for probing it by hand")
    args = parser.parse_args()
    global POLL_EVERY
    POLL_EVERY = args.poll_every
    reg = region(args.scale, args.seed)
    print(describe(), flush=True)  # before the platform starts: the machine alone
    load_before = _loadavg()
    with demo_platform() as (stack, container):
        for _ in range(args.workers - 1):
            stack.add_instance("registry", "work")
        for _ in range(args.consumers - 1):
            stack.add_instance("reporting", "consume")
        activity = ActivitySampler(stack.databases["registry"].admin_url) if args.pg_activity else None
        if activity:
            activity.start()
        result = load_region(stack, container, reg, parallel=args.parallel, wait=args.wait, profile=args.profile)
        result["load_before"] = load_before
        print_load(reg, result, args.parallel, workers=args.workers, consumers=args.consumers)
        if activity:
            activity.report()
        if args.dashboard:
            from bench.region_dashboard import measure, print_dashboard

            print_dashboard(measure(stack, container, requests=args.dashboard))
        if args.keep:
            keep(stack)
    subprocess.run(["uptime"], check=False)


if __name__ == "__main__":
    main()
