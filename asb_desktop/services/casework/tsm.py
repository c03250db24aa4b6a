"""Tenant Satisfaction Measures from the case file: NM01 (ASB cases, and those involving hate
incidents, opened per 1,000 homes in a reporting year) and TP12 answers recorded at closure, by
officer, category and outcome. Organisation-wide figures, so team leaders, managers and
administrators only; the lists behind the counts give references, never names."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from ...domain import tsm
from ...domain.enums import ClosureReason, PartyRole, Role, Satisfaction
from ...storage.orm import Case, CaseCategory, CaseParty, Category, Setting
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.errors import ValidationError

REPORTING = (Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR)


def homes_key(year: int) -> str:
    return f"homes_owned_{year}"


@dataclass(frozen=True)
class Nm01Report:
    year: int
    label: str  # "2026/27"
    homes: int | None  # homes owned at the year end, as set for the year; None until set
    lines: list[tsm.Nm01Line] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(1 for line in self.lines if line.counted)

    @property
    def hate_cases(self) -> int:
        return sum(1 for line in self.lines if line.counted and line.hate)

    @property
    def per_thousand(self) -> Decimal | None:
        return tsm.per_thousand(self.cases, self.homes) if self.homes else None

    @property
    def hate_per_thousand(self) -> Decimal | None:
        return tsm.per_thousand(self.hate_cases, self.homes) if self.homes else None


@dataclass(frozen=True)
class Tp12Row:
    by: str  # "officer", "category" or "outcome"
    group: str
    answers: dict[str, int]  # Satisfaction value -> count

    @property
    def responses(self) -> int:
        return sum(self.answers.values())

    @property
    def percent_satisfied(self) -> Decimal | None:
        return tsm.percent_satisfied(Satisfaction(k) for k, n in self.answers.items() for _ in range(n))


class TsmService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _year(self, year: int) -> tuple[int, str]:
        try:
            tsm.reporting_year(int(year))
        except (TypeError, ValueError) as exc:
            raise ValidationError("year", str(exc)) from None
        return int(year), tsm.year_label(int(year))

    def set_homes(self, year: int, homes: int) -> str:
        """The number of homes owned at the end of the reporting year (the NM01 denominator)."""
        require_role(self.ctx.actor, Role.MANAGER, Role.ADMINISTRATOR, doing="set the number of homes owned")
        year, label = self._year(year)
        if not isinstance(homes, int) or isinstance(homes, bool) or not 1 <= homes <= 10_000_000:
            raise ValidationError("homes", f"'{homes}' is not a number of homes; give a whole number above 0")
        with self.ctx.session() as s:
            row = s.get(Setting, homes_key(year))
            before = row.value.get("v") if row else None
            if row is None:
                s.add(Setting(key=homes_key(year), value={"v": homes}))
            else:
                row.value = {"v": homes}
            self.ctx.audit(s, "change", "setting", homes_key(year), None,
                           f"Homes owned for {label} set to {homes:,}", before=before, after=homes)
        return f"Homes owned for {label}: {homes:,}."

    def nm01(self, year: int) -> Nm01Report:
        require_role(self.ctx.actor, *REPORTING, doing="run the Tenant Satisfaction Measures")
        year, label = self._year(year)
        start, end = tsm.reporting_year(year)
        with self.ctx.session() as s:
            perpetrators: dict[int, set[int]] = defaultdict(set)
            for case_id, person_id in s.execute(select(CaseParty.case_id, CaseParty.person_id).where(
                    CaseParty.role == PartyRole.ALLEGED_PERPETRATOR.value, CaseParty.person_id.is_not(None))):
                if person_id is not None:  # always so (the query leaves out parties with no person)
                    perpetrators[case_id].add(person_id)
            hate_categories = select(CaseCategory.case_id).join(Category).where(Category.name.ilike("%hate%"))
            hate_ids = set(s.scalars(hate_categories))
            cases = [tsm.ReportedCase(ref, received, closed, bool(hate) or cid in hate_ids,
                                      frozenset(perpetrators.get(cid, ())))
                     for cid, ref, received, closed, hate in s.execute(
                         select(Case.id, Case.reference, Case.received_at, Case.closed_at, Case.hate_related)
                         .where(Case.received_at < _after(end)))]
            homes = self.ctx.setting(s, homes_key(year))
            report = Nm01Report(year, label, int(homes) if homes else None, tsm.nm01_lines(cases, year))
            self.ctx.audit(s, "view", "report", "tsm_nm01", None, f"Ran TSM NM01 for {label}",
                           cases=report.cases, hate_cases=report.hate_cases, since=start.isoformat())
        return report

    def tp12(self, year: int) -> list[Tp12Row]:
        """TP12 answers on cases closed in the reporting year, by officer, category and outcome."""
        require_role(self.ctx.actor, *REPORTING, doing="run the Tenant Satisfaction Measures")
        year, label = self._year(year)
        start, end = tsm.reporting_year(year)
        groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        with self.ctx.session() as s:
            rows = s.execute(select(Case.id, Case.officer_display, Case.closure_reason, Case.complainant_satisfaction)
                             .where(Case.complainant_satisfaction.is_not(None), Case.closed_at >= _at(start),
                                    Case.closed_at < _after(end))).all()
            categories: dict[int, list[str]] = defaultdict(list)
            for case_id, name in s.execute(select(CaseCategory.case_id, Category.name).join(Category).where(
                    CaseCategory.case_id.in_([r[0] for r in rows]))):
                categories[case_id].append(name)
            for case_id, officer, outcome, answer in rows:
                if answer is None:  # never so (the query leaves out cases with no answer)
                    continue
                groups[("all", "All cases")][answer] += 1
                groups[("officer", officer or "Not assigned")][answer] += 1
                groups[("outcome", ClosureReason(outcome).label if outcome else "Not recorded")][answer] += 1
                for name in categories.get(case_id) or ["No category"]:
                    groups[("category", name)][answer] += 1
            self.ctx.audit(s, "view", "report", "tsm_tp12", None, f"Ran TSM TP12 answers for {label}",
                           responses=len(rows))
        order = {"all": 0, "officer": 1, "category": 2, "outcome": 3}
        return [Tp12Row(by, group, dict(counts)) for (by, group), counts in
                sorted(groups.items(), key=lambda kv: (order[kv[0][0]], -sum(kv[1].values()), kv[0][1]))]

    def export_csv(self, year: int, path: Path) -> int:
        """NM01 as a landlord publishes it (measure, description, cases, homes, per 1,000), then the cases
        behind the counts (reference, received, counted, hate, reason). Returns the rows written."""
        report = self.nm01(year)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["Measure", "Description", "Reporting year", "Cases", "Homes owned", "Per 1,000 homes"])
        for code, text, count, rate in (
                ("NM01(1)", "Number of anti-social behaviour cases opened per 1,000 homes", report.cases,
                 report.per_thousand),
                ("NM01(2)", "Number of anti-social behaviour cases that involve hate incidents opened per 1,000 "
                 "homes", report.hate_cases, report.hate_per_thousand)):
            writer.writerow([code, text, report.label, count, report.homes or "", "" if rate is None else rate])
        writer.writerow([])
        writer.writerow(["Case", "Received", "Counted", "Hate incident", "Why"])
        for line in report.lines:
            writer.writerow([line.reference, f"{line.received_at:%d/%m/%Y}", "yes" if line.counted else "no",
                             "yes" if line.hate else "no", line.reason])
        try:
            Path(path).write_text(out.getvalue(), encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ValidationError("file", f"could not write {path}: {exc.strerror}. Choose another folder.") \
                from None
        with self.ctx.session() as s:
            self.ctx.audit(s, "export", "report", "tsm_nm01", None, f"Exported TSM NM01 for {report.label} as CSV",
                           path=str(path), rows=len(report.lines))
        return len(report.lines)


def _at(day: date) -> datetime:
    return datetime.combine(day, time())


def _after(day: date) -> datetime:
    """Midnight at the end of ``day``: the year's last day is counted in full."""
    return _at(day) + timedelta(days=1)
