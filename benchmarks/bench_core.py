"""Core performance: demo data load, full-text search, CLI start-up.

Every measurement is printed with a baseline measured in the same run on the same machine, and
the ratio between them, so a slow or busy machine shows up in the baseline rather than as a
false regression. Nothing is asserted: the targets are printed beside the results.

    .venv/bin/python benchmarks/bench_core.py                # 100,000 cases (about a minute)
    .venv/bin/python benchmarks/bench_core.py --quick        # 10,000 cases, for CI
    .venv/bin/python benchmarks/bench_core.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session

from asb_desktop.demo.generate import generate
from asb_desktop.domain.enums import Role
from asb_desktop.services.kernel.access import Actor, visible_cases
from asb_desktop.storage.db import make_engine, upgrade
from asb_desktop.storage.orm import Case, Person, Property
from asb_desktop.storage.search import search_case_ids

TODAY = date(2026, 11, 23)  # fixed, so every run generates the same data


@dataclass
class Result:
    name: str
    seconds: float
    baseline_name: str
    baseline: float
    target: float | None  # seconds; None when there is none at this size

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline if self.baseline else float("inf")


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def show(result: Result) -> Result:
    target = f"target < {fmt(result.target)}" if result.target else "no target at this size"
    verdict = "" if not result.target else ("  OK" if result.seconds < result.target else "  OVER TARGET")
    print(f"  {result.name}: {fmt(result.seconds)}  |  baseline {result.baseline_name}: {fmt(result.baseline)}"
          f"  |  ratio {result.ratio:.1f}x  |  {target}{verdict}", flush=True)
    return result


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# (a) demo data ---------------------------------------------------------------------------------------
def raw_case_rows(n: int) -> list[tuple]:
    """n plain case rows with every NOT NULL column, as the baseline writes them."""
    stamp = "2026-01-05 10:00:00.000000"
    return [(i, str(uuid.UUID(int=i, version=4)), f"ASB-2026-{i:06d}", "telephone", "active", "", stamp, "",
             "Loud music from the flat above late at night", 0, 0, 0, 0, 0, 0, 0, "", 0, 0, "{}", 0, "", "", "{}", 0,
             "Response due in three working days", "Zoë Smith", "Seán O'Brien", "Noise", "Amelia Hughes", "",
             stamp, stamp, 1) for i in range(1, n + 1)]


RAW_COLUMNS = ("id, uid, reference, channel, status, closure_note, received_at, assignment_reason, summary, serious, "
               "employee_involved, colleague_harassed, domestic_abuse, hate_related, safeguarding_concern, "
               "crime_reported, police_reference, supported_housing, restricted, anonymous_checklist, "
               "unknown_perpetrator, unknown_perpetrator_description, legal_exception, triage_answers, "
               "full_risk_required, response_due_reason, complainant_display, perpetrator_display, "
               "categories_display, officer_display, next_due_label, last_activity_at, updated_at, version")


def bench_demo_sqlite(folder: Path, cases: int) -> tuple[Result, Engine]:
    print(f"(a) demo data: {cases:,} cases into a fresh SQLite file", flush=True)
    base_path = folder / "baseline.sqlite"
    upgrade(make_engine(str(base_path)))  # the same schema, indexes and triggers
    rows = raw_case_rows(cases)
    conn = sqlite3.connect(base_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    conn.executemany(f"INSERT INTO cases ({RAW_COLUMNS}) VALUES ({', '.join('?' * len(rows[0]))})", rows)
    conn.commit()
    baseline = time.perf_counter() - start
    conn.close()
    engine = make_engine(str(folder / "demo.sqlite"))
    upgrade(engine)
    start = time.perf_counter()
    counts = generate(engine, cases, seed=1, today=TODAY)
    seconds = time.perf_counter() - start
    print(f"  {sum(counts.values()):,} rows: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    target = 30.0 if cases >= 100_000 else None  # the targets are stated for 100,000 cases
    return show(Result("demo.generate", seconds, f"sqlite3 executemany of {cases:,} case rows", baseline,
                       target)), engine


# (b) search ------------------------------------------------------------------------------------------
def search_queries(engine: Engine) -> list[tuple[str, str]]:
    """A surname prefix, a reference, two two-word queries and a two-letter prefix (the costliest kind on
    SQLite: it expands to every word starting with those letters), picked from the data the same way every run."""
    with Session(engine) as s:
        surname = s.scalar(select(Person.surname).group_by(Person.surname)
                           .order_by(func.count().desc(), Person.surname).limit(1))
        middle = s.scalar(select(func.max(Case.id))) // 2
        reference = s.scalar(select(Case.reference).where(Case.id >= middle).order_by(Case.id).limit(1))
        person = s.execute(select(Person.first_names, Person.surname).where(Person.id >= middle // 2)
                           .order_by(Person.id).limit(1)).one()
    return [("surname prefix", surname[:4]), ("reference", reference), ("two words", "loud music"),
            ("first name + surname prefix", f"{person.first_names.split()[0]} {person.surname[:3]}"),
            ("two-letter prefix, worst case", "th")]


def raw_full_text(s: Session, query: str) -> list[int]:
    """The baseline: the database's own full-text index asked for the same words as prefixes, newest 50
    first, with none of the app's work (no tokenising rules, no join to cases, no role clause)."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
    if s.get_bind().dialect.name == "sqlite":
        q = " ".join(f'"{w}"*' for w in words)
        sql = "SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH :q ORDER BY rowid DESC LIMIT 50"
    else:
        q = " & ".join(f"{w.lower()}:*" for w in words)
        sql = "SELECT case_id FROM case_search WHERE tsv @@ to_tsquery('simple', :q) ORDER BY case_id DESC LIMIT 50"
    return list(s.scalars(text(sql), {"q": q}))


def role_actors(s: Session) -> list[tuple[str, Actor]]:
    """A scheme officer (the one with the most properties), the officer with the most cases and a team
    leader, as the search's role clause sees them."""
    actors = []
    scheme_officer = s.scalar(select(Property.scheme_officer_id).where(Property.scheme_officer_id.is_not(None))
                              .group_by(Property.scheme_officer_id).order_by(func.count().desc()).limit(1))
    if scheme_officer is not None:
        actors.append(("scheme officer", Actor(scheme_officer, "bench", "Bench", "BE",
                                               frozenset({Role.SCHEME_OFFICER}))))
    officer = s.scalar(select(Case.assigned_officer_id).where(Case.assigned_officer_id.is_not(None))
                       .group_by(Case.assigned_officer_id).order_by(func.count().desc()).limit(1))
    if officer is not None:
        actors.append(("officer", Actor(officer, "bench", "Bench", "BE", frozenset({Role.OFFICER}))))
    actors.append(("team leader", Actor(0, "bench", "Bench", "BE", frozenset({Role.TEAM_LEADER}))))
    return actors


def bench_search(engine: Engine, label: str, repeats: int) -> list[Result]:
    with Session(engine) as s:
        cases = s.scalar(select(func.count()).select_from(Case))
        print(f"(b) search on {label}: first 50 matches over {cases:,} cases, median of {repeats}; baseline: "
              "the same words straight to the full-text index", flush=True)
        results = []
        target = 0.05 if cases >= 100_000 else None
        raw: dict[str, float] = {}
        for name, query in search_queries(engine):
            found: list[int] = []
            raw[query] = median_time(lambda q=query: raw_full_text(s, q), repeats)
            seconds = median_time(lambda q=query, f=found: f.__setitem__(slice(None), search_case_ids(s, q)), repeats)
            results.append(show(Result(f"search {label} {name} {query!r} ({len(found)} found)", seconds,
                                       "raw full-text query of the same words", raw[query], target)))
        # The same searches as each role that sees less than everything, and as a team leader: the role's
        # WHERE clause is part of the search query, so the planner must still stop early.
        for role_name, actor in role_actors(s):
            where = visible_cases(actor)
            for name, query in search_queries(engine):
                found = []
                seconds = median_time(lambda q=query, f=found, w=where: f.__setitem__(
                    slice(None), search_case_ids(s, q, where=w)), repeats)
                results.append(show(Result(f"search {label} as {role_name}, {name} {query!r} ({len(found)} found)",
                                           seconds, "raw full-text query of the same words (no role)", raw[query],
                                           target)))
    return results


def bench_postgres(url: str, cases: int, repeats: int, keep: bool) -> list[Result]:
    schema = f"asb_bench_{datetime.now():%Y%m%d%H%M%S}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        print(f"(b) PostgreSQL: generating {cases:,} cases in schema {schema} (slower than SQLite)", flush=True)
        start = time.perf_counter()
        generate(engine, cases, seed=1, today=TODAY)
        print(f"  generated in {fmt(time.perf_counter() - start)}", flush=True)
        return bench_search(engine, "PostgreSQL", repeats)
    finally:
        engine.dispose()
        if not keep:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def bench_kept_postgres(url: str, schema: str, repeats: int) -> list[Result]:
    sep = "&" if "?" in url else "?"
    engine = make_engine(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)  # brings a kept schema up to this branch's migrations (e.g. new indexes)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        return bench_search(engine, "PostgreSQL", repeats)
    finally:
        engine.dispose()


# (c) CLI start-up ------------------------------------------------------------------------------------
def bench_cli(repeats: int) -> Result | None:
    print("(c) CLI start-up: `asb --help` in a fresh process", flush=True)
    if importlib.util.find_spec("asb_desktop.cli") is None:
        print("  skipped: asb_desktop/cli.py does not exist yet")
        return None
    script = Path(sys.executable).with_name("asb")
    command = [str(script), "--help"] if script.exists() else \
        [sys.executable, "-c", "from asb_desktop.cli import main; raise SystemExit(main(['--help']))"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def run(cmd: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    seconds = median_time(run(command), repeats, warmup=1)
    baseline = median_time(run([sys.executable, "-c", "pass"]), repeats, warmup=1)
    return show(Result("asb --help", seconds, "python -c pass", baseline, 0.5))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to generate (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="10,000 cases and fewer repeats, for CI")
    parser.add_argument("--pg", default=os.environ.get("ASB_TEST_POSTGRES_URL", ""),
                        help="PostgreSQL URL (default $ASB_TEST_POSTGRES_URL); search is measured there too")
    parser.add_argument("--repeats", type=int, default=0, help="repeats per measurement (median is shown)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite folder and the PostgreSQL schema")
    parser.add_argument("--pg-schema", default="",
                        help="only measure PostgreSQL search again, on a schema kept by an earlier --keep run")
    args = parser.parse_args()
    if args.pg_schema:
        if not args.pg:
            print("--pg-schema needs a PostgreSQL URL: give --pg URL or set ASB_TEST_POSTGRES_URL", file=sys.stderr)
            return 2
        return report(bench_kept_postgres(args.pg, args.pg_schema, args.repeats or 21))
    cases = 10_000 if args.quick else args.cases
    repeats = args.repeats or (7 if args.quick else 21)
    folder = Path(tempfile.mkdtemp(prefix="asb-bench-"))
    print(f"ASB Desktop core benchmark: {cases:,} cases, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}\n")
    results: list[Result] = []
    try:
        demo, engine = bench_demo_sqlite(folder, cases)
        results.append(demo)
        results += bench_search(engine, "SQLite", repeats)
        engine.dispose()
        if args.pg:
            results += bench_postgres(args.pg, cases, repeats, args.keep)
        else:
            print("(b) PostgreSQL: skipped (give --pg URL or set ASB_TEST_POSTGRES_URL)")
        cli = bench_cli(max(3, repeats // 3))
        if cli:
            results.append(cli)
    finally:
        if args.keep:
            print(f"\nkept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return report(results)


def report(results: list[Result]) -> int:
    width = max(len(r.name) for r in results)
    print(f"\n{'measurement':<{width}}  {'time':>10}  {'baseline':>10}  {'ratio':>8}  {'target':>10}  result")
    for r in results:
        target = f"< {fmt(r.target)}" if r.target else "-"
        verdict = "-" if not r.target else "ok" if r.seconds < r.target else "OVER"
        print(f"{r.name:<{width}}  {fmt(r.seconds):>10}  {fmt(r.baseline):>10}  {r.ratio:>7.1f}x  {target:>10}  {verdict}")
    return 0


if __name__ == "__main__":  # required: demo generation starts a worker process with "spawn"
    raise SystemExit(main())
