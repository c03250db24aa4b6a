"""Small read-only queries the case workspace needs that the case detail does not already return."""

from __future__ import annotations

from sqlalchemy import select

from ...storage.orm import Category
from ..kernel.context import Context


class WorkspaceQueries:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def category_names(self) -> list[str]:
        """Categories an officer may choose (retired ones are kept only on the cases that have them)."""
        with self.ctx.session() as s:
            return list(s.scalars(select(Category.name).where(Category.retired.is_(False)).order_by(Category.name)))
