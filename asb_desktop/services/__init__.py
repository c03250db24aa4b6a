"""Use cases over the case file. Services take a Context and return plain data, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from .activity import ActivityService
from .cases import CaseService
from .context import Context
from .queries import QueryService
from .remedies import RemedyService
from .risk import RiskService
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


def open_services(engine: Engine, data_dir: Path, username: str | None = None, password: str | None = None) -> Services:
    """Sign in (single-user or team mode) and return the services for that user."""
    actor = sign_in(engine, username, password)
    return Services(Context(engine, actor, data_dir))
