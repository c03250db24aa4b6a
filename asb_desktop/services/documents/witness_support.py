"""Supporting a witness who must attend court (procedure 14.5.5): a checklist per witness - a visit to
the court before the hearing, disability adjustments, the court process explained, transport - each
with its state, date and note, and the date the witness is needed at court. Open items within
``WARN_DAYS`` of that date are warned about (Documents page, ``asb witness support``)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.wording import fmt_date
from ...storage.orm import Case
from ...storage.orm_documents import WitnessSupport
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import ValidationError
from .statement_data import _full_name, resolve_witness

# Procedure 14.5.5, in its own order.
ITEMS: dict[str, str] = {
    "visit": "Court visit before the hearing (building, surroundings, security checks)",
    "adjustments": "Disabilities understood and adjustments made",
    "process": "Court process explained, and what may happen",
    "transport": "Travel to court: transport arranged if needed",
}
SHORT = {"visit": "court visit", "adjustments": "adjustments", "process": "process explained",
         "transport": "transport"}
STATES = ("open", "offered", "done", "not_needed")  # offered: e.g. a court visit offered, not yet made
CLOSED = ("done", "not_needed")
WARN_DAYS = 14


@dataclass(frozen=True)
class SupportItem:
    key: str
    label: str
    state: str = "open"
    on: date | None = None
    note: str = ""

    @property
    def is_open(self) -> bool:
        return self.state not in CLOSED


@dataclass(frozen=True)
class WitnessSupportInfo:
    case_reference: str
    witness: str  # full name
    witness_ref: str  # what ``witness=`` accepts: a person uid or a username
    hearing_on: date | None
    items: list[SupportItem] = field(default_factory=list)

    @property
    def open_items(self) -> list[SupportItem]:
        return [i for i in self.items if i.is_open]

    def warning(self, today: date, within: int = WARN_DAYS) -> str:
        """Plain English when the hearing is within ``within`` days and items are open, else ""."""
        if self.hearing_on is None or not self.open_items:
            return ""
        days = (self.hearing_on - today).days
        if days < 0 or days > within:
            return ""
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        items = ", ".join(SHORT[i.key] for i in self.open_items)
        return (f"{self.witness} is needed at court on {fmt_date(self.hearing_on)} ({when}): support not yet "
                f"done - {items} (procedure 14.5.5).")


def _date(value: str | date | None, name: str) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(name, f"'{value}' is not a date like 2026-12-10") from None


class WitnessSupportService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _row(self, s: Session, case: Case, key: str) -> WitnessSupport | None:
        return s.scalar(select(WitnessSupport).where(WitnessSupport.case_id == case.id,
                                                     WitnessSupport.witness_key == key))

    @staticmethod
    def _info(case: Case, row: WitnessSupport) -> WitnessSupportInfo:
        items = []
        for key, label in ITEMS.items():
            got: dict[str, Any] = (row.items or {}).get(key) or {}
            items.append(SupportItem(key, label, got.get("state", "open"),
                                     date.fromisoformat(got["on"]) if got.get("on") else None, got.get("note", "")))
        return WitnessSupportInfo(case.reference, row.witness_name, row.witness_key.partition(":")[2],
                                  row.hearing_on, items)

    def update(self, reference: str, witness: str, item: str | None = None, state: str | None = None,
               on: str | date | None = None, note: str | None = None,
               hearing_on: str | date | None = None, clear_hearing: bool = False) -> WitnessSupportInfo:
        """Record the date the witness is needed at court and/or one checklist item's state, date and note.
        Audited. ``on`` defaults to today when an item is marked offered or done."""
        if item is not None and item not in ITEMS:
            raise ValidationError("item", f"'{item}' is not one of {', '.join(ITEMS)}")
        if state is not None and state not in STATES:
            raise ValidationError("state", f"'{state}' is not one of {', '.join(STATES)}")
        if item is None and (state is not None or on is not None or note is not None):
            raise ValidationError("item", f"say which item: {', '.join(ITEMS)}")
        when = _date(on, "on")
        hearing = _date(hearing_on, "hearing")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            w = resolve_witness(self.ctx, s, case, witness)
            row = self._row(s, case, w.key)
            if row is None:
                name = w.user.full_name if w.user else _full_name(w.person) or w.person.display_name
                row = WitnessSupport(case_id=case.id, witness_key=w.key, witness_name=name, items={},
                                     created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
                s.add(row)
            said: list[str] = []
            if hearing is not None or clear_hearing:
                row.hearing_on = hearing
                said.append(f"needed at court on {fmt_date(hearing)}" if hearing else "court date cleared")
            if item is not None:
                items = dict(row.items or {})
                current = dict(items.get(item) or {"state": "open", "on": "", "note": ""})
                if state is not None:
                    current["state"] = state
                    if when is None and state in ("offered", "done") and not current.get("on"):
                        when = self.ctx.now().date()
                if when is not None:
                    current["on"] = when.isoformat()
                if note is not None:
                    current["note"] = note.strip()
                items[item] = current
                row.items = items  # a new dict: the JSON column sees the change
                said.append(f"{SHORT[item]}: {current['state'].replace('_', ' ')}"
                            + (f" ({fmt_date(date.fromisoformat(current['on']))})" if current.get("on") else ""))
            row.updated_at, row.updated_by_id = self.ctx.now(), self.ctx.actor.id
            s.flush()
            self.ctx.audit(s, "update", "witness_support", row.id, case.reference,
                           f"Witness support for {row.witness_name}: " + ("; ".join(said) or "recorded"))
            return self._info(case, row)

    def list(self, reference: str) -> list[WitnessSupportInfo]:

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            rows = s.scalars(select(WitnessSupport).where(WitnessSupport.case_id == case.id)
                             .order_by(WitnessSupport.id))
            return [self._info(case, r) for r in rows]

    def get(self, reference: str, witness: str) -> WitnessSupportInfo | None:
        """One witness's support, or None when nothing is recorded for them yet."""

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            w = resolve_witness(self.ctx, s, case, witness)
            row = self._row(s, case, w.key)
            return self._info(case, row) if row is not None else None

    def warnings(self, reference: str, today: date | None = None, within: int = WARN_DAYS) -> builtins.list[str]:
        """Each witness needed at court within ``within`` days whose support is not all done."""
        today = today or self.ctx.now().date()
        return [w for w in (i.warning(today, within) for i in self.list(reference)) if w]
