"""indexes behind a scheme officer's case visibility: properties.scheme_officer_id, cases.property_id

A scheme officer sees the cases of the properties in their scheme (services/kernel/access.py). The set of
those properties is looked up once per query by ``properties.scheme_officer_id``; the cases of a
property (and of a scheme) by ``cases.property_id``. Plain B-tree indexes, on both back ends.

Revision ID: 0011p_scheme_visibility_index
Revises: 0001
"""

from alembic import op

revision = "0011p_scheme_visibility_index"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_properties_scheme_officer_id"), "properties", ["scheme_officer_id"])
    op.create_index(op.f("ix_cases_property_id"), "cases", ["property_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_property_id"), table_name="cases")
    op.drop_index(op.f("ix_properties_scheme_officer_id"), table_name="properties")
