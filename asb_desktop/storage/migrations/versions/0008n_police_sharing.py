"""the police (6.3-6.4: advice to report, the officer's own report with a manager's guidance),
safeguarding concerns discussed with a manager (7.7.2, 8.4.2), and information sharing with partners
under a recorded protocol (12.1)

Revision ID: 0008n_police_sharing
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0008n_police_sharing"
down_revision = "0001"
branch_labels = None
depends_on = None


def _case_child(name: str, *columns: sa.Column, extra: tuple = ()) -> None:
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
        *extra,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("uid", name=op.f(f"uq_{name}_uid")),
    )
    op.create_index(op.f(f"ix_{name}_case_id"), name, ["case_id"], unique=False)


def upgrade() -> None:
    op.create_table(
        "partner_protocols",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("partner_name", sa.String(length=200), nullable=False),
        sa.Column("protocol_reference", sa.String(length=100), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_partner_protocols_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_protocols")),
        sa.UniqueConstraint("uid", name=op.f("uq_partner_protocols_uid")),
    )
    _case_child("police_advice",
                sa.Column("advised_on", sa.Date(), nullable=False),
                sa.Column("advised_by", sa.String(length=200), nullable=False),
                sa.Column("advised_who", sa.String(length=200), nullable=False),
                sa.Column("police_reference", sa.String(length=100), nullable=False))
    _case_child("police_reports",
                sa.Column("reported_on", sa.Date(), nullable=False),
                sa.Column("police_reference", sa.String(length=100), nullable=False),
                sa.Column("manager_name", sa.String(length=200), nullable=False),
                sa.Column("guidance_on", sa.Date(), nullable=False),
                sa.Column("guidance", sa.Text(), nullable=False))
    _case_child("safeguarding_discussions",
                sa.Column("manager_name", sa.String(length=200), nullable=False),
                sa.Column("discussed_on", sa.Date(), nullable=False),
                sa.Column("outcome", sa.Text(), nullable=False))
    _case_child("information_shares",
                sa.Column("partner_name", sa.String(length=200), nullable=False),
                sa.Column("protocol_id", sa.Integer(), nullable=False),
                sa.Column("shared_on", sa.Date(), nullable=False),
                sa.Column("what", sa.Text(), nullable=False),
                extra=(sa.ForeignKeyConstraint(["protocol_id"], ["partner_protocols.id"],
                                               name=op.f("fk_information_shares_protocol_id_partner_protocols")),))


def downgrade() -> None:
    for name in ("information_shares", "safeguarding_discussions", "police_reports", "police_advice"):
        op.drop_index(op.f(f"ix_{name}_case_id"), table_name=name)
        op.drop_table(name)
    op.drop_table("partner_protocols")
