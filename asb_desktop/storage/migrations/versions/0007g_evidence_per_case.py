"""evidence items per case: the same bytes added to two cases are two items (each with its own
adder, chain of custody and exhibit marks) over one stored file

The unique constraint on ``evidence_items.sha256`` becomes a plain index. An item already linked to
several cases is split: the first link keeps it; every other case gets its own copy of the row
(added by whoever linked it, when they linked it) and takes its link, exhibit marks, diary entries,
custody events naming that case and wet-ink scans of its statements with it.

Revision ID: 0007g_evidence_per_case
Revises: 0002_evidence
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0007g_evidence_per_case"
down_revision = "0002_evidence"
branch_labels = None
depends_on = None

COPIED = ("sha256", "size", "original_name", "kind", "source", "made_at", "description", "meta", "analysis")


CHILDREN = ("evidence_links", "evidence_custody", "exhibits")  # ON DELETE CASCADE from evidence_items


def upgrade() -> None:
    with _children_kept(), op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.drop_constraint("uq_evidence_items_sha256", type_="unique")
        batch_op.create_index(batch_op.f("ix_evidence_items_sha256"), ["sha256"], unique=False)
    _split_shared_items()


@contextmanager
def _children_kept() -> Iterator[None]:
    """SQLite changes a table's constraints by copying it and dropping the old one; with foreign keys
    on (they are, and cannot be switched off inside the migration's transaction) the drop deletes the
    rows that point to it (links, custody, exhibit marks) and empties diary entries' scans. They are
    copied aside first and put back once the new table is in place."""
    if op.get_bind().dialect.name != "sqlite":
        yield
        return
    for table in CHILDREN:
        op.execute(f"CREATE TEMP TABLE keep_{table} AS SELECT * FROM {table}")
    op.execute("CREATE TEMP TABLE keep_diary_entries AS SELECT id, evidence_id FROM diary_entries "
               "WHERE evidence_id IS NOT NULL")
    yield
    for table in CHILDREN:
        op.execute(f"INSERT INTO {table} SELECT * FROM keep_{table} WHERE id NOT IN (SELECT id FROM {table})")
        op.execute(f"DROP TABLE keep_{table}")
    op.execute("UPDATE diary_entries SET evidence_id = (SELECT k.evidence_id FROM keep_diary_entries k "
               "WHERE k.id = diary_entries.id) WHERE id IN (SELECT id FROM keep_diary_entries)")
    op.execute("DROP TABLE keep_diary_entries")


def _split_shared_items() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    names = set(sa.inspect(conn).get_table_names())
    items = sa.Table("evidence_items", meta, autoload_with=conn)
    links = sa.Table("evidence_links", meta, autoload_with=conn)
    cases = sa.Table("cases", meta, autoload_with=conn)
    custody = sa.Table("evidence_custody", meta, autoload_with=conn)
    exhibits = sa.Table("exhibits", meta, autoload_with=conn)
    diary = sa.Table("diary_entries", meta, autoload_with=conn)
    versions = sa.Table("statement_versions", meta, autoload_with=conn) if "statement_versions" in names else None
    statements = sa.Table("statements", meta, autoload_with=conn) if "statements" in names else None
    shared = conn.execute(sa.select(links.c.evidence_id).group_by(links.c.evidence_id)
                          .having(sa.func.count() > 1)).scalars().all()
    for old_id in shared:
        item = conn.execute(sa.select(items).where(items.c.id == old_id)).mappings().one()
        rows = conn.execute(sa.select(links.c.id, links.c.case_id, links.c.linked_at, links.c.linked_by_id,
                                      cases.c.reference).join(cases, cases.c.id == links.c.case_id)
                            .where(links.c.evidence_id == old_id).order_by(links.c.linked_at, links.c.id)).all()
        for link_id, case_id, linked_at, linked_by, reference in rows[1:]:
            uid = str(uuid.uuid4())
            new_id = conn.execute(items.insert().values(
                uid=uid, added_by_id=linked_by, added_at=linked_at, **{c: item[c] for c in COPIED})
                .returning(items.c.id)).scalar_one()
            conn.execute(links.update().where(links.c.id == link_id).values(evidence_id=new_id))
            for table in (exhibits, diary):
                conn.execute(table.update().where(table.c.evidence_id == old_id, table.c.case_id == case_id)
                             .values(evidence_id=new_id))
            conn.execute(custody.update().where(custody.c.evidence_id == old_id,
                                                custody.c.case_reference == reference).values(evidence_id=new_id))
            if versions is not None and statements is not None:
                mine = sa.select(statements.c.id).where(statements.c.case_id == case_id)
                conn.execute(versions.update().where(versions.c.wet_scan_evidence_uid == item["uid"],
                                                     versions.c.statement_id.in_(mine))
                             .values(wet_scan_evidence_uid=uid))


def downgrade() -> None:
    """Only possible while no two items hold the same bytes (the unique constraint refuses otherwise)."""
    with _children_kept(), op.batch_alter_table("evidence_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_items_sha256"))
        batch_op.create_unique_constraint("uq_evidence_items_sha256", ["sha256"])
