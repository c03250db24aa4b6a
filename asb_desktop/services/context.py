"""The unit of work shared by every service: engine, signed-in actor, clock and audit trail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..storage.orm import AuditEntry, Setting
from .access import Actor
from .errors import ASBError, Conflict

DEFAULT_SETTINGS: dict[str, Any] = {
    "bank_holiday_region": "ENG",
    "team_mode": False,
    "organisation_name": "",
    "organisation_address": "",
}


def now_minute() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class Context:
    engine: Engine
    actor: Actor
    data_dir: Path
    clock: Callable[[], datetime] = now_minute
    _factory: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error.

        Database-level failures are turned into plain-English errors here, once, for every service.
        """
        session = self._factory()
        try:
            yield session
            session.commit()
        except StaleDataError:
            session.rollback()
            raise Conflict("Someone else saved changes to this record after you opened it. Nothing of yours "
                           "was saved: reload to see their changes, then make your change again.") from None
        except IntegrityError as exc:
            session.rollback()
            raise ASBError(f"The change was refused by the database because it clashes with existing data "
                           f"({exc.orig.__class__.__name__}). Nothing was saved.") from exc
        except DataError as exc:  # e.g. text too long for its column, or a NUL character (PostgreSQL)
            session.rollback()
            detail = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else exc.orig.__class__.__name__
            raise ASBError(f"The database refused a value: it is too long for its field or holds a character "
                           f"the database cannot store ({detail}). Nothing was saved.") from exc
        except OperationalError as exc:
            session.rollback()
            raise ASBError(f"The database could not be reached or is busy: {str(exc.orig).strip()}. "
                           "Nothing was saved; try again.") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def now(self) -> datetime:
        return self.clock()

    def audit(self, session: Session, action: str, entity: str, entity_id: object = "",
              case_reference: str | None = None, summary: str = "", **detail: Any) -> None:
        session.add(AuditEntry(at=self.now(), username=self.actor.username, action=action, entity=entity,
                               entity_id=str(entity_id), case_reference=case_reference, summary=summary,
                               detail=detail))

    def setting(self, session: Session, key: str) -> Any:
        row = session.get(Setting, key)
        return row.value.get("v") if row else DEFAULT_SETTINGS.get(key)

    def region(self, session: Session) -> str:
        return str(self.setting(session, "bank_holiday_region") or "ENG")


def read_settings(session: Session) -> dict[str, Any]:
    values = dict(DEFAULT_SETTINGS)
    for row in session.scalars(select(Setting)):
        values[row.key] = row.value.get("v")
    return values
