"""the evidence store: items, case links, chain of custody, exhibit marks, diary entries

Revision ID: 0002_evidence
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_evidence"
down_revision = "0001"
branch_labels = None
depends_on = None


def _uid() -> sa.Column:
    return sa.Column("uid", sa.String(length=36), nullable=False)


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), nullable=False),
        _uid(),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("analysis", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"], name=op.f("fk_evidence_items_added_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
        sa.UniqueConstraint("uid", name=op.f("uq_evidence_items_uid")),
        sa.UniqueConstraint("sha256", name=op.f("uq_evidence_items_sha256")),
    )
    _index("evidence_items", "kind")

    op.create_table(
        "evidence_links",
        sa.Column("id", sa.Integer(), nullable=False),
        _uid(),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_items.id"], ondelete="CASCADE",
                                name=op.f("fk_evidence_links_evidence_id_evidence_items")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE",
                                name=op.f("fk_evidence_links_case_id_cases")),
        sa.ForeignKeyConstraint(["linked_by_id"], ["users.id"], name=op.f("fk_evidence_links_linked_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
        sa.UniqueConstraint("uid", name=op.f("uq_evidence_links_uid")),
        sa.UniqueConstraint("evidence_id", "case_id", name="uq_evidence_links_item_case"),
    )
    _index("evidence_links", "evidence_id", "case_id")

    op.create_table(
        "evidence_custody",
        sa.Column("id", sa.Integer(), nullable=False),
        _uid(),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("case_reference", sa.String(length=20), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_items.id"], ondelete="CASCADE",
                                name=op.f("fk_evidence_custody_evidence_id_evidence_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_custody")),
        sa.UniqueConstraint("uid", name=op.f("uq_evidence_custody_uid")),
    )
    _index("evidence_custody", "evidence_id")

    op.create_table(
        "exhibits",
        sa.Column("id", sa.Integer(), nullable=False),
        _uid(),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE", name=op.f("fk_exhibits_case_id_cases")),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_items.id"], ondelete="CASCADE",
                                name=op.f("fk_exhibits_evidence_id_evidence_items")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_exhibits_person_id_people")),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["users.id"], name=op.f("fk_exhibits_assigned_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibits")),
        sa.UniqueConstraint("uid", name=op.f("uq_exhibits_uid")),
        sa.UniqueConstraint("case_id", "mark", name="uq_exhibits_case_mark"),
        sa.UniqueConstraint("case_id", "evidence_id", name="uq_exhibits_case_item"),
        sa.UniqueConstraint("case_id", "person_id", "number", name="uq_exhibits_case_person_number"),
    )
    _index("exhibits", "case_id", "evidence_id", "person_id")

    op.create_table(
        "diary_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        _uid(),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("effect", sa.Text(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=True),
        sa.Column("who_involved", sa.Text(), nullable=False),
        sa.Column("witnesses", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE",
                                name=op.f("fk_diary_entries_case_id_cases")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_diary_entries_created_by_id_users")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_diary_entries_person_id_people")),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_items.id"], ondelete="SET NULL",
                                name=op.f("fk_diary_entries_evidence_id_evidence_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diary_entries")),
        sa.UniqueConstraint("uid", name=op.f("uq_diary_entries_uid")),
    )
    _index("diary_entries", "case_id", "person_id", "evidence_id", "started_at")


def downgrade() -> None:
    for table in ("diary_entries", "exhibits", "evidence_custody", "evidence_links", "evidence_items"):
        op.drop_table(table)
