"""Upgrades: a database made by an older version (schema revision "0001" only, with data in it) is
opened the way the app opens it, backed up first, brought to every branch head, and keeps its data.
A database made by a newer version is refused with a plain message and left untouched."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Boolean, DateTime, Engine, Integer, MetaData, String, Text, select, text
from sqlalchemy.engine import make_url

from asb_desktop.app import _prepare
from asb_desktop.storage.db import (
    DatabaseError,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
)

OLD = "0001"
WHEN = datetime(2025, 3, 4, 9, 30)


def _filler(column: Any) -> Any:
    """A plain value of the column's type, for NOT NULL columns the test does not name."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return WHEN
    if isinstance(kind, Integer):
        return 0
    if isinstance(kind, JSON):
        return {}
    if isinstance(kind, String | Text):
        return ""
    raise AssertionError(f"no filler for {column.table.name}.{column.name} ({kind})")


def _insert(engine: Engine, meta: MetaData, table: str, **values: Any) -> dict[str, Any]:
    cols = meta.tables[table].columns
    row = {c.name: values.get(c.name, _filler(c)) for c in cols
           if c.name in values or (not c.nullable and not c.primary_key)}
    row.update({k: v for k, v in values.items() if k in cols})
    with engine.begin() as conn:  # ids come from the database (a PostgreSQL sequence must see them)
        key = conn.execute(meta.tables[table].insert().values(**row)).inserted_primary_key
    pk = meta.tables[table].primary_key.columns.values()[0].name
    return {**row, pk: key[0]}


def _old_database(url: str) -> tuple[Engine, dict[str, dict[str, Any]]]:
    """A database at revision 0001, as the first release left it, with a user, settings and a case."""
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), OLD)
    assert current_revision(engine) == OLD
    meta = MetaData()
    meta.reflect(engine)
    user = _insert(engine, meta, "users", username="olu", full_name="Olu Officer", initials="OO",
                   roles=["officer", "administrator"], active=True, created_at=WHEN)
    rows = {
        "users": user,
        "settings": _insert(engine, meta, "settings", key="organisation_name", value={"v": "Riverside Homes"}),
        "categories": _insert(engine, meta, "categories", name="Noise", retired=False),
        "people": _insert(engine, meta, "people", first_names="Zoë", surname="Łukasiewicz",
                          uid="0d3f0c1e-1111-4222-8333-444455556666", created_at=WHEN, version=1),
        "cases": _insert(engine, meta, "cases", reference="ASB-2025-00001", channel="telephone",
                         status="active", received_at=WHEN, summary="Loud music every night after 11pm",
                         assigned_officer_id=user["id"], created_by_id=user["id"],
                         uid="9a8b7c6d-1111-4222-8333-444455556666", version=1, created_at=WHEN, updated_at=WHEN),
    }
    return engine, rows


def _args(url: str, data_dir: Path) -> argparse.Namespace:
    return argparse.Namespace(db=url, data_dir=str(data_dir), no_demo=True, no_welcome=True, quit_after=0)


def test_older_database_is_backed_up_then_upgraded_to_every_head(db_url: str, tmp_path: Path) -> None:
    engine, rows = _old_database(db_url)
    data_dir = tmp_path / "data"

    services, log_file = _prepare(_args(db_url, data_dir))

    assert current_revision(services.ctx.engine) == head_revision()
    with services.ctx.engine.connect() as conn:
        heads = set(conn.scalars(text("SELECT version_num FROM alembic_version")))
    assert heads == set(head_revision().split("+")) and len(heads) >= 2  # each area's branch is at its head
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        for table, row in rows.items():
            t = meta.tables[table]
            found = conn.execute(select(*[t.c[k] for k in row]).where(
                *[t.c[k] == v for k, v in row.items() if not isinstance(v, dict | list)])).mappings().all()
            assert [dict(r) for r in found] == [row], table
    listed = services.queries.list_cases()
    assert [c.reference for c in listed] == ["ASB-2025-00001"]

    backups = list((data_dir / "backups").glob("before-upgrade-*"))
    assert len(backups) == 1
    assert "database upgraded to this version; the backup taken first is" in Path(log_file).read_text()
    if make_url(db_url).get_backend_name() == "sqlite":
        old = make_engine(str(backups[0]))  # the backup is the database as it was: old schema, same data
        assert current_revision(old) == OLD
        with old.connect() as conn:
            assert conn.scalar(text("SELECT summary FROM cases")) == rows["cases"]["summary"]
        old.dispose()
    else:
        with zipfile.ZipFile(backups[0]) as zf:  # a snapshot of the old schema, with the case in it
            manifest = json.loads(zf.read("manifest.json"))
        assert manifest["schema_revision"] == OLD and manifest["tables"]["cases"] == 1
    engine.dispose()
    services.ctx.engine.dispose()


def test_opening_an_up_to_date_database_takes_no_backup(db_url: str, tmp_path: Path) -> None:
    engine, _ = _old_database(db_url)
    _prepare(_args(db_url, tmp_path))[0].ctx.engine.dispose()
    first = sorted((tmp_path / "backups").glob("*"))
    _prepare(_args(db_url, tmp_path))[0].ctx.engine.dispose()
    assert sorted((tmp_path / "backups").glob("*")) == first and len(first) == 1
    engine.dispose()


def _from_the_future(url: str) -> Engine:
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "heads")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('0099_from_a_newer_version')"))
    return engine


def test_database_from_a_newer_version_is_refused_and_untouched(db_url: str, tmp_path: Path) -> None:
    engine = _from_the_future(db_url)
    before = current_revision(engine)

    with pytest.raises(DatabaseError, match="made by a newer version of ASB Desktop. Install the newer version"):
        _prepare(_args(db_url, tmp_path))

    assert current_revision(engine) == before
    assert not (tmp_path / "backups").exists()
    engine.dispose()


def test_command_line_refuses_a_newer_database_in_one_plain_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.sqlite'}"
    _from_the_future(url).dispose()
    proc = subprocess.run([sys.executable, "-m", "asb_desktop.cli", "--db", url, "--data-dir", str(tmp_path),
                           "cases"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "asb: error: This database was made by a newer version of ASB Desktop. Install the newer version, "
        "or open a different database."]
    assert "Traceback" not in proc.stderr
