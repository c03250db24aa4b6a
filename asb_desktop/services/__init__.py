"""Use cases over the case file. Services take a Context and return plain data, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from .activity import ActivityService
from .bundles import BundleService
from .cases import CaseService
from .context import Context
from .documents import DocumentService
from .evidence import EvidenceService
from .notices import NoticeService
from .queries import QueryService
from .remedies import RemedyService
from .reports import ReportService
from .risk import RiskService
from .statement_signing import StatementService
from .users import UserService, sign_in


@dataclass
class Services:
    ctx: Context

    @property
    def cases(self) -> CaseService:
        return CaseService(self.ctx)

    @property
    def activity(self) -> ActivityService:
        return ActivityService(self.ctx)

    @property
    def risk(self) -> RiskService:
        return RiskService(self.ctx)

    @property
    def remedies(self) -> RemedyService:
        return RemedyService(self.ctx)

    @property
    def queries(self) -> QueryService:
        return QueryService(self.ctx)

    @property
    def users(self) -> UserService:
        return UserService(self.ctx)

    @property
    def reports(self) -> ReportService:
        return ReportService(self.ctx)

    @property
    def documents(self) -> DocumentService:
        return DocumentService(self.ctx)

    @property
    def statements(self) -> StatementService:
        return StatementService(self.ctx)

    @property
    def evidence(self) -> EvidenceService:
        return EvidenceService(self.ctx)

    @property
    def notices(self) -> NoticeService:
        return NoticeService(self.ctx)

    @property
    def bundles(self) -> BundleService:
        return BundleService(self.ctx)


def open_services(engine: Engine, data_dir: Path, username: str | None = None, password: str | None = None) -> Services:
    """Sign in (single-user or team mode) and return the services for that user."""
    actor = sign_in(engine, username, password)
    return Services(Context(engine, actor, data_dir))
