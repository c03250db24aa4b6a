"""Data protection: subject access requests (UK GDPR Art. 15, 12(3)) and legal holds on cases
(retention, Art. 5(1)(e))

Revision ID: 0009v_sar_retention
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0009v_sar_retention"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subject_access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("exports", sa.Integer(), nullable=False),
        sa.Column("disclosed", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="SET NULL",
                                name=op.f("fk_subject_access_requests_person_id_people")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_subject_access_requests_created_by_id_users")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["users.id"],
                                name=op.f("fk_subject_access_requests_answered_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
        sa.UniqueConstraint("uid", name=op.f("uq_subject_access_requests_uid")),
    )
    op.create_index(op.f("ix_subject_access_requests_person_id"), "subject_access_requests", ["person_id"])
    op.create_index(op.f("ix_subject_access_requests_due_on"), "subject_access_requests", ["due_on"])
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.Column("cleared_by_id", sa.Integer(), nullable=True),
        sa.Column("clear_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE", name=op.f("fk_legal_holds_case_id_cases")),
        sa.ForeignKeyConstraint(["set_by_id"], ["users.id"], name=op.f("fk_legal_holds_set_by_id_users")),
        sa.ForeignKeyConstraint(["cleared_by_id"], ["users.id"], name=op.f("fk_legal_holds_cleared_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
        sa.UniqueConstraint("uid", name=op.f("uq_legal_holds_uid")),
    )
    op.create_index(op.f("ix_legal_holds_case_id"), "legal_holds", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_legal_holds_case_id"), table_name="legal_holds")
    op.drop_table("legal_holds")
    op.drop_index(op.f("ix_subject_access_requests_due_on"), table_name="subject_access_requests")
    op.drop_index(op.f("ix_subject_access_requests_person_id"), table_name="subject_access_requests")
    op.drop_table("subject_access_requests")
