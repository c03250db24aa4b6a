"""court documents: witness statements and their versions, preflight waivers, review requests,
generated documents

Revision ID: 0003_documents
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_documents"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, cascade: bool = False) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete="CASCADE" if cascade else None,
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _common(table: str) -> list:
    return [sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("uid", sa.String(length=36), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("uid", name=op.f(f"uq_{table}_uid"))]


def _case_child(table: str) -> list:
    return [*_common(table),
            sa.Column("case_id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("created_by_id", sa.Integer(), nullable=True),
            _fk(table, "case_id", "cases", cascade=True),
            _fk(table, "created_by_id", "users")]


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "statements", *_case_child("statements"),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("witness_key", sa.String(length=120), nullable=False),
        sa.Column("witness_role", sa.String(length=30), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _fk("statements", "person_id", "people"),
        _fk("statements", "user_id", "users"),
        sa.UniqueConstraint("case_id", "witness_key", "number", name="uq_statements_witness_number"),
    )
    _index("statements", "case_id")
    op.create_table(
        "statement_versions", *_common("statement_versions"),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("final_at", sa.DateTime(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("signature_kind", sa.String(length=20), nullable=True),
        sa.Column("signature_png", sa.LargeBinary(), nullable=True),
        sa.Column("wet_scan_evidence_uid", sa.String(length=36), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        _fk("statement_versions", "statement_id", "statements", cascade=True),
        _fk("statement_versions", "created_by_id", "users"),
        sa.UniqueConstraint("statement_id", "version", name="uq_statement_versions_version"),
    )
    _index("statement_versions", "statement_id")
    op.create_table(
        "preflight_waivers", *_common("preflight_waivers"),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        _fk("preflight_waivers", "version_id", "statement_versions", cascade=True),
        _fk("preflight_waivers", "created_by_id", "users"),
    )
    _index("preflight_waivers", "version_id")
    op.create_table(
        "statement_review_requests", *_common("statement_review_requests"),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_version", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        _fk("statement_review_requests", "statement_id", "statements", cascade=True),
        _fk("statement_review_requests", "created_by_id", "users"),
        _fk("statement_review_requests", "resolved_by_id", "users"),
    )
    _index("statement_review_requests", "statement_id")
    op.create_table(
        "generated_documents", *_case_child("generated_documents"),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("recipient_role", sa.String(length=30), nullable=True),
        sa.Column("recipient_person_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=80), nullable=False),
        _fk("generated_documents", "recipient_person_id", "people"),
    )
    _index("generated_documents", "case_id")


def downgrade() -> None:
    for table in ("generated_documents", "statement_review_requests", "preflight_waivers", "statement_versions",
                  "statements"):
        op.drop_table(table)
