"""Demo data on SQLite goes to the driver as tuples and the search index is rebuilt once at the end:
the file must hold exactly what SQLAlchemy's own inserts and the index trigger would have written."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from asb_desktop.demo import generate as demo
from asb_desktop.storage.db import make_engine, upgrade
from asb_desktop.storage.search import search_case_ids

TODAY = date(2026, 11, 23)
WORDS = ["noise", "flat", "asb 2026", "music", "dog", "shouting"]


def fresh(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine


def raw(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value with its SQLite storage class, table by table (the audit trail says when it ran)."""
    con = sqlite3.connect(path)
    try:
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'case_search_fts%' "
                                           "AND name NOT IN ('audit_log', 'alembic_version') ORDER BY name")]
        out = {}
        for name in names:
            cols = [c[1] for c in con.execute(f'PRAGMA table_info("{name}")')]
            typed = ", ".join(f'"{c}", typeof("{c}")' for c in cols)
            out[name] = con.execute(f'SELECT {typed} FROM "{name}" ORDER BY rowid').fetchall()
        out["triggers"] = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
        return out
    finally:
        con.close()


def found(engine: Engine) -> dict[str, list[int]]:
    with Session(engine) as s:
        return {w: search_case_ids(s, w, limit=500) for w in WORDS}


def test_fast_sqlite_rows_and_search_index_match_sqlalchemys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = fresh(tmp_path / "fast.sqlite")
    demo.generate(fast, 300, seed=4, today=TODAY)
    demo.generate(fast, 40, seed=9, today=TODAY)  # added to a database that already has cases
    monkeypatch.setattr(demo, "SqliteWriter", demo.Writer)
    plain = fresh(tmp_path / "plain.sqlite")
    demo.generate(plain, 300, seed=4, today=TODAY)
    demo.generate(plain, 40, seed=9, today=TODAY)
    ours, theirs = raw(tmp_path / "fast.sqlite"), raw(tmp_path / "plain.sqlite")
    assert ours.keys() == theirs.keys() and len(ours["cases"]) == 340
    for table in ours:
        assert ours[table] == theirs[table], table
    hits = found(fast)
    assert hits == found(plain) and all(hits.values())
    con = sqlite3.connect(tmp_path / "fast.sqlite")
    assert con.execute("INSERT INTO case_search_fts(case_search_fts, rank) VALUES ('integrity-check', 1)").rowcount


def test_a_failed_load_keeps_the_search_trigger(tmp_path: Path) -> None:
    engine = fresh(tmp_path / "asb.sqlite")
    before = raw(tmp_path / "asb.sqlite")["triggers"]

    def stop(done: int, total: int) -> None:
        raise RuntimeError("stopped half way")

    with pytest.raises(RuntimeError, match="half way"):
        demo.generate(engine, 600, seed=2, today=TODAY, progress=stop)
    assert raw(tmp_path / "asb.sqlite")["triggers"] == before != []
    demo.generate(engine, 30, seed=2, today=TODAY)
    assert found(engine)["noise"]
