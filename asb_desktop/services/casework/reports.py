"""Reports for team leaders, and the filtered case list behind them.

Every figure counts only the cases the signed-in user may see (``access.visible_cases``), so an
officer's report never reveals restricted (employee) cases. Running and exporting a report is
written to the audit trail. Qt-free: the window and the tests call the same functions.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, or_, select

from ...domain.enums import CaseStatus, NoiseTrack, RiskBand
from ...storage.orm import Case, CaseCategory, Category
from ..kernel.access import visible_cases
from ..kernel.context import Context
from ..kernel.errors import ValidationError
from .queries import CaseRow, QueryService

UNASSIGNED = "Unassigned"
NOT_ASSESSED = "not_assessed"


@dataclass(frozen=True)
class OfficerBandRow:
    officer: str
    standard: int
    medium: int
    high: int
    not_assessed: int

    @property
    def total(self) -> int:
        return self.standard + self.medium + self.high + self.not_assessed


@dataclass(frozen=True)
class ComplianceRow:
    """First responses to the cases received in one month (5.3, 6.2)."""

    month: str  # YYYY-MM
    on_time: int
    late: int  # answered after the deadline, or the deadline passed with no response yet
    pending: int  # no response yet, deadline still ahead

    @property
    def percent_on_time(self) -> float | None:
        decided = self.on_time + self.late
        return round(100 * self.on_time / decided, 1) if decided else None


@dataclass(frozen=True)
class CategoryRow:
    category: str
    open: int
    closed: int

    @property
    def total(self) -> int:
        return self.open + self.closed


@dataclass(frozen=True)
class CaseFilter:
    """The case list's filters; empty values mean "any"."""

    text: str = ""  # full-text search (names, addresses, references, incidents, notes)
    status: str = ""  # a CaseStatus value, or "open" for anything not closed
    risk_band: str = ""  # a RiskBand value, or NOT_ASSESSED
    officer: str = ""  # officer display name, or UNASSIGNED
    category: str = ""
    mine: bool = False
    overdue: bool = False


REPORTS = {
    "open_by_officer": "Open cases by officer and risk band",
    "response_compliance": "Response-time compliance by month",
    "by_category": "Cases by category",
    "noise_and_case_reviews": "Noise tracks and case reviews",
}


@dataclass(frozen=True)
class CountRow:
    measure: str
    cases: int



class ReportService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------ reports
    def open_by_officer(self) -> list[OfficerBandRow]:
        """Open cases per assigned officer, split by risk band (no full assessment yet = not assessed)."""
        band = func.coalesce(Case.risk_band, NOT_ASSESSED)
        stmt = (select(Case.officer_display, band, func.count(Case.id))
                .where(visible_cases(self.ctx.actor), Case.status != CaseStatus.CLOSED.value)
                .group_by(Case.officer_display, band))
        table: dict[str, dict[str, int]] = {}
        with self.ctx.session() as s:
            for officer, b, n in s.execute(stmt):
                table.setdefault(officer or UNASSIGNED, {})[b] = n
            self._audit_run(s, "open_by_officer")
        return [OfficerBandRow(name, c.get(RiskBand.STANDARD, 0), c.get(RiskBand.MEDIUM, 0), c.get(RiskBand.HIGH, 0),
                               c.get(NOT_ASSESSED, 0))
                for name, c in sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]

    def response_compliance(self, months: int = 12) -> list[ComplianceRow]:
        """On time / late first responses, by the month the report was received (last ``months`` months)."""
        if not 1 <= months <= 120:
            raise ValidationError("months", "must be between 1 and 120")
        now = self.ctx.now()
        first = (now.year * 12 + now.month - 1) - (months - 1)
        since = datetime(first // 12, first % 12 + 1, 1)
        due, done = Case.response_due_at, Case.responded_at
        on_time = and_(done.is_not(None), or_(due.is_(None), done <= due))
        late = or_(and_(done.is_not(None), due.is_not(None), done > due), and_(done.is_(None), due < now))
        year, month = extract("year", Case.received_at), extract("month", Case.received_at)
        stmt = (select(year, month, func.sum(case((on_time, 1), else_=0)), func.sum(case((late, 1), else_=0)),
                       func.count(Case.id))
                .where(visible_cases(self.ctx.actor), Case.received_at >= since)
                .group_by(year, month).order_by(year, month))
        with self.ctx.session() as s:
            rows = [ComplianceRow(f"{int(y):04d}-{int(m):02d}", int(ok or 0), int(bad or 0),
                                  int(n) - int(ok or 0) - int(bad or 0)) for y, m, ok, bad, n in s.execute(stmt)]
            self._audit_run(s, "response_compliance", months=months)
        return rows

    def by_category(self) -> list[CategoryRow]:
        """Cases per category, open and closed (a case with two categories counts in both)."""
        closed = case((Case.status == CaseStatus.CLOSED.value, 1), else_=0)
        stmt = (select(Category.name, func.count(Case.id) - func.sum(closed), func.sum(closed))
                .join(CaseCategory, CaseCategory.category_id == Category.id)
                .join(Case, Case.id == CaseCategory.case_id)
                .where(visible_cases(self.ctx.actor)).group_by(Category.name))
        with self.ctx.session() as s:
            rows = [CategoryRow(name, int(o or 0), int(c or 0)) for name, o, c in s.execute(stmt)]
            self._audit_run(s, "by_category")
        return sorted(rows, key=lambda r: (-r.total, r.category))

    def noise_and_case_reviews(self) -> list[CountRow]:
        """Noise reports by the noise triage's track (issue 22) and cases that met the ASB case review
        (Community Trigger) threshold."""
        noise = select(CaseCategory.case_id).join(Category).where(Category.name == "Noise")
        is_noise = or_(Case.id.in_(noise), Case.noise_track.is_not(None))
        seen = visible_cases(self.ctx.actor)
        with self.ctx.session() as s:
            tracks = {track or "": n for track, n in s.execute(
                select(Case.noise_track, func.count(Case.id)).where(seen, is_noise).group_by(Case.noise_track))}
            flagged = s.scalar(select(func.count(Case.id)).where(seen, Case.case_review_at.is_not(None))) or 0
            open_flagged = s.scalar(select(func.count(Case.id)).where(
                seen, Case.case_review_at.is_not(None), Case.status != CaseStatus.CLOSED.value)) or 0
            self._audit_run(s, "noise_and_case_reviews")
        return [CountRow("Noise reports: ASB procedure", int(tracks.get(NoiseTrack.ASB.value, 0))),
                CountRow("Noise reports: Good Neighbourhood Management", int(tracks.get(NoiseTrack.GNM.value, 0))),
                CountRow("Noise reports: not triaged yet", int(tracks.get("", 0))),
                CountRow("Cases that met the ASB case review threshold", int(flagged)),
                CountRow("... of which still open", int(open_flagged))]

    def run(self, name: str) -> list[Any]:
        if name not in REPORTS:
            raise ValidationError("report", f"'{name}' is not a report; choose one of {', '.join(REPORTS)}")
        return getattr(self, name)()

    def export_csv(self, name: str, path: Path) -> int:
        """Write a report as CSV (UTF-8 with BOM, so Excel reads "Zoë" right). Returns the rows written."""
        rows = self.run(name)
        path = Path(path)
        try:
            path.write_text(to_csv(rows), encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ValidationError("file", f"could not write {path}: {exc.strerror}. Choose another folder.") \
                from None
        with self.ctx.session() as s:
            self.ctx.audit(s, "export", "report", name, None, f"Exported report '{REPORTS[name]}' as CSV",
                           path=str(path), rows=len(rows))
        return len(rows)

    def _audit_run(self, s: Any, name: str, **detail: Any) -> None:
        self.ctx.audit(s, "view", "report", name, None, f"Ran report '{REPORTS[name]}'", **detail)

    # ---------------------------------------------------------------- case list
    def list_cases(self, flt: CaseFilter, sort: str = "reference", descending: bool = True, limit: int = 200,
                   offset: int = 0) -> list[CaseRow]:
        """One page of the filtered case list, for the lazy table model."""
        where: list[ColumnElement[bool]] = []
        if flt.risk_band == NOT_ASSESSED:
            where.append(Case.risk_band.is_(None))
        elif flt.risk_band:
            where.append(Case.risk_band == flt.risk_band)
        if flt.officer == UNASSIGNED:
            where.append(Case.assigned_officer_id.is_(None))
        elif flt.officer:
            where.append(Case.officer_display == flt.officer)
        if flt.category:
            where.append(Case.id.in_(select(CaseCategory.case_id).join(Category).where(Category.name == flt.category)))
        return QueryService(self.ctx).list_cases(flt.text, status=flt.status or None, overdue=flt.overdue,
                                                 mine=flt.mine, sort=sort, descending=descending, limit=limit,
                                                 offset=offset, extra=where)

    def filter_choices(self) -> dict[str, list[str]]:
        """Values offered in the case list's filter boxes: officers and categories in use."""
        with self.ctx.session() as s:
            officers = sorted({o or UNASSIGNED for o in s.scalars(
                select(Case.officer_display).where(visible_cases(self.ctx.actor)).distinct())})
            categories = list(s.scalars(select(Category.name).where(Category.retired.is_(False))
                                        .order_by(Category.name)))
        return {"officer": officers, "category": categories,
                "status": ["open", *(st.value for st in CaseStatus)],
                "risk_band": [*(b.value for b in RiskBand), NOT_ASSESSED]}


def to_csv(rows: list[Any]) -> str:
    """Report rows (dataclasses) as CSV text: a header row of field names, then computed totals."""
    if not rows:
        return ""
    cls = type(rows[0])
    names = [f.name for f in fields(cls)]
    extra = [n for n in ("total", "percent_on_time") if isinstance(getattr(cls, n, None), property)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names + extra)
    for row in rows:
        values = [getattr(row, n) for n in names + extra]
        writer.writerow(["" if v is None else _safe(v) for v in values])
    return out.getvalue()


def _safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (a name starting with "=" is shown, not run)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
