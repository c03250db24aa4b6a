"""new-tenant contacts (3.1), pre-tenancy assessments (4.1-4.3), the colleague review group
(2024 5.9.1) and the publicity file with court reporting restrictions (17)

Revision ID: 0008o_lettings_review_publicity
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0008o_lettings_review_publicity"
down_revision = "0001"
branch_labels = None
depends_on = None


def _case_child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        *columns,
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE", name=op.f(f"fk_{name}_case_id_cases")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f(f"fk_{name}_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("uid", name=op.f(f"uq_{name}_uid")),
    )
    op.create_index(op.f(f"ix_{name}_case_id"), name, ["case_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "tenancy_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("tenancy_id", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tenancy_id"], ["tenancies.id"], ondelete="CASCADE",
                                name=op.f("fk_tenancy_contacts_tenancy_id_tenancies")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_tenancy_contacts_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_contacts")),
        sa.UniqueConstraint("uid", name=op.f("uq_tenancy_contacts_uid")),
    )
    op.create_index(op.f("ix_tenancy_contacts_tenancy_id"), "tenancy_contacts", ["tenancy_id"], unique=False)
    op.create_index(op.f("ix_tenancy_contacts_due_on"), "tenancy_contacts", ["due_on"], unique=False)
    op.create_table(
        "pretenancy_assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("property_address", sa.Text(), nullable=False),
        sa.Column("history_found", sa.JSON(), nullable=False),
        sa.Column("risks", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_pretenancy_assessments_person_id_people")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_pretenancy_assessments_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pretenancy_assessments")),
        sa.UniqueConstraint("uid", name=op.f("uq_pretenancy_assessments_uid")),
    )
    op.create_index(op.f("ix_pretenancy_assessments_person_id"), "pretenancy_assessments", ["person_id"],
                    unique=False)
    _case_child(
        "review_group_meetings",
        sa.Column("met_on", sa.Date(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("actions", sa.Text(), nullable=False),
        sa.Column("escalated_to", sa.String(length=200), nullable=False),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("escalation_note", sa.Text(), nullable=False),
    )
    _case_child(
        "publicity_records",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("by_name", sa.String(length=200), nullable=False),
        sa.Column("dated", sa.Date(), nullable=True),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
    )
    op.create_index(op.f("ix_publicity_records_kind"), "publicity_records", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_table("publicity_records")
    op.drop_table("review_group_meetings")
    op.drop_table("pretenancy_assessments")
    op.drop_table("tenancy_contacts")
