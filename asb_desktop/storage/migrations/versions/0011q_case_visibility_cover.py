"""PostgreSQL: a covering index for checking a case's visibility without reading the case row

The search (storage/search.py) checks each full-text match against the role clause
(services/kernel/access.py), which reads ``assigned_officer_id``, ``restricted`` and ``property_id``. With
those in the index beside ``id`` the check is an index-only scan. PostgreSQL only (``INCLUDE``);
SQLite's search walks FTS5 newest first and needs nothing here.

Revision ID: 0011q_case_visibility_cover
Revises: 0001
"""

from alembic import op

revision = "0011q_case_visibility_cover"
down_revision = "0001"
branch_labels = None
depends_on = None

NAME = "ix_cases_id_visibility"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(NAME, "cases", ["id"], postgresql_include=["assigned_officer_id", "restricted", "property_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(NAME, table_name="cases")
