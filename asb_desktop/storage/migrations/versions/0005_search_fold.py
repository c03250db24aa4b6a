"""search text folded: lower case, without accents, on both back ends

The search index used to hold names as typed, so on PostgreSQL "Zoe" did not find "Zoë" and on
both back ends "Lukasiewicz" did not find "Łukasiewicz". Search text is now folded when written
(storage.search.fold) and the query is folded the same way; this rewrites the existing rows.

Revision ID: 0005_search_fold
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from asb_desktop.storage.search import fold

revision = "0005_search_fold"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    conn = op.get_bind()
    docs = sa.table("case_search", sa.column("case_id", sa.Integer), sa.column("body", sa.Text))
    last = 0
    while True:
        rows = conn.execute(sa.select(docs.c.case_id, docs.c.body).where(docs.c.case_id > last)
                            .order_by(docs.c.case_id).limit(BATCH)).all()
        if not rows:
            break
        changed = [{"cid": cid, "body": fold(body)} for cid, body in rows if fold(body) != body]
        if changed:
            conn.execute(docs.update().where(docs.c.case_id == sa.bindparam("cid"))
                         .values(body=sa.bindparam("body")), changed)
        last = rows[-1][0]


def downgrade() -> None:
    """Folded text still finds everything the unfolded text did; nothing to undo."""
