"""The complaint pack for one case (what a landlord sends the Housing Ombudsman): an index with the
page each part starts on, the case in brief, every deadline met or missed with days late and the
procedure clause, the chronology of everything done, risk assessments, letters and documents,
remedies, and the decisions with their reasons. Page N of M on every page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..domain.complaint_chronology import DeadlineLine, summary
from .model import Document, PageBreak, PageSetup, Para, Table
from .wording import fmt_date

PURPOSES = {  # what the pack is for: its title and the footer on every page
    "complaint": ("Complaint pack", "a complaint review"),
    "case_review": ("ASB case review pack", "an ASB case review (Anti-social Behaviour, Crime and Policing Act 2014 "
                                            "s104)"),
}
SECTIONS = ("1. The case in brief", "2. Deadlines: met and missed", "3. Chronology of everything done",
            "4. Risk assessments", "5. Letters and documents", "6. Remedies", "7. Decisions and their reasons")


@dataclass
class ComplaintFacts:
    reference: str
    organisation: str
    prepared_by: str
    prepared_at: datetime
    brief: list[tuple[str, str]]  # (label, value) rows
    deadlines: list[DeadlineLine]
    chronology: list[tuple[datetime, str, str]]  # (when, kind, what)
    risk: list[tuple[datetime, str, str]]  # (when, band and score, reason)
    documents: list[tuple[datetime, str, str]]  # (when, title, format and version)
    remedies: list[tuple[datetime, str, str]]  # (when, remedy and status, notes)
    decisions: list[tuple[datetime, str, str]]  # (when, who, what and why)
    purpose: str = "complaint"  # a key of PURPOSES


def when(at: datetime | None) -> str:
    return "" if at is None else f"{at.day:02d}/{at.month:02d}/{at.year} {at.hour:02d}:{at.minute:02d}"


def _rows(header: Sequence[str], rows: Sequence[tuple[datetime, str, str]]) -> Table | Para:
    if not rows:
        return Para("None recorded.", "small")
    return Table([list(header), *[[when(at), a, b] for at, a, b in rows]], widths=[0.2, 0.3, 0.5])


def build_complaint_pack(facts: ComplaintFacts, pages: dict[str, int] | None = None) -> Document:
    """The pack; ``pages`` gives the page each section starts on (from a first rendering), for the index."""
    name, for_what = PURPOSES[facts.purpose]
    title = f"{name}: ASB case {facts.reference}"
    doc = Document(title=title, author=facts.prepared_by,
                   setup=PageSetup(margins_cm=(2.0, 2.0, 2.2, 2.0), header_right=f"Case {facts.reference}",
                                   footer_left=f"Confidential: prepared for {for_what}", font_size=10))
    doc.add(Para(title, "title"),
            Para(f"Prepared for {facts.organisation or 'the landlord'} by {facts.prepared_by} on "
                 f"{fmt_date(facts.prepared_at)}. Everything recorded on the case file, in time order, with each "
                 "deadline the procedure set and whether it was met. Withheld and anonymous people are shown "
                 "as [withheld] or Anonymous."),
            Para("Index", "heading"),
            Table([["Part", "Page"], *[[name, str((pages or {}).get(name, ""))] for name in SECTIONS]],
                  widths=[0.85, 0.15]),
            PageBreak())
    doc.add(Para(SECTIONS[0], "heading"), Table([["", ""], *[[a, b] for a, b in facts.brief]], header=False,
                                                  widths=[0.3, 0.7]))
    doc.add(Para(SECTIONS[1], "heading"), Para(summary(facts.deadlines)))
    if facts.deadlines:
        doc.add(Table([["Deadline", "Due", "Done", "Result", "Days late", "Clause"],
                       *[[d.what, when(d.due_at), when(d.done_at), d.state.label, str(d.days_late) if d.days_late
                          else "", d.clause] for d in facts.deadlines]],
                      widths=[0.3, 0.16, 0.16, 0.16, 0.1, 0.12]))
    doc.add(PageBreak(), Para(SECTIONS[2], "heading"), _rows(["When", "What kind", "What"], facts.chronology))
    doc.add(Para(SECTIONS[3], "heading"), _rows(["When", "Band and score", "Why"], facts.risk))
    doc.add(Para(SECTIONS[4], "heading"), _rows(["When", "Title", "Format"], facts.documents))
    doc.add(Para(SECTIONS[5], "heading"), _rows(["Decided", "Remedy", "Notes"], facts.remedies))
    doc.add(Para(SECTIONS[6], "heading"), _rows(["When", "Who", "What and why"], facts.decisions))
    return doc
