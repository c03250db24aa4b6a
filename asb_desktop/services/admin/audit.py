"""Checking the audit trail's hash chain (storage/audit_chain.py); the check is itself audited."""

from __future__ import annotations

from typing import Any

from ...domain.enums import Role
from ...storage.audit_chain import ChainReport, verify_chain
from ..kernel.access import require_role
from ..kernel.context import Context


class AuditService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def verify(self) -> ChainReport:
        """Walk the whole chain; says whether it is intact and, if not, the first entry that does not fit."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, Role.MANAGER, doing="check the audit trail")
        with self.ctx.engine.connect() as conn:
            report = verify_chain(conn)
        with self.ctx.session() as s:
            detail: dict[str, Any] = {"entries": report.entries, "intact": report.intact}
            if report.broken is not None:
                detail.update(broken_id=report.broken.id, reason=report.broken.reason)
            self.ctx.audit(s, "verify", "audit_log", "", summary=describe(report), **detail)
        return report


def describe(report: ChainReport) -> str:
    """The result in plain words."""
    if report.broken is None:
        if not report.entries:
            return "The audit trail is empty, so there is nothing to check."
        return (f"The audit trail is intact: all {report.entries} entries are as they were written, each linked "
                "to the one before.")
    return f"The audit trail has been tampered with. {report.broken.plain}"
