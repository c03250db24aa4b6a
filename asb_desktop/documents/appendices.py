"""Appendix 1 (victim risk assessment) and Appendix 2 (proportionality and equality impact
assessment) laid out as documents. Appendix 2's questions come from forms/peia.toml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.forms import FormError, RiskForm, load_toml
from .model import Document, Letterhead, PageSetup, Para, Signature, Spacer, Table
from .wording import fmt_date, fmt_time

PREFILL_SOURCES = ("proposed_action", "vulnerabilities", "household", "remedies_tried", "evidence_summary")


@dataclass(frozen=True)
class PeiaQuestion:
    id: str
    section: str
    text: str
    kind: str = "text"
    prefill: str | None = None
    required: bool = True  # 14.4: Appendix 2 is complete only when every required question is answered
    conclusion: bool = False  # 14.4: the conclusion, always required; the form must have one


@dataclass(frozen=True)
class PeiaForm:
    id: str
    title: str
    version: int
    questions: tuple[PeiaQuestion, ...]

    def check_answers(self, answers: dict[str, Any]) -> None:
        known = {q.id: q for q in self.questions}
        for key, value in answers.items():
            if key not in known:
                raise FormError(f"{self.title}: '{key}' is not one of its questions")
            if known[key].kind == "yesno" and value not in (True, False, None):
                raise FormError(f"{self.title}: the answer to '{key}' must be yes or no")
            if known[key].kind == "text" and not isinstance(value, str):
                raise FormError(f"{self.title}: the answer to '{key}' must be text")


def load_peia(directory: Path | None = None) -> PeiaForm:
    data = load_toml("peia.toml", directory)
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise FormError("peia.toml: 'questions' must be a non-empty list")
    out, seen = [], set()
    for i, q in enumerate(raw, 1):
        if not isinstance(q, dict) or not q.get("id") or not q.get("text"):
            raise FormError(f"peia.toml: question {i} needs an 'id' and a 'text'")
        if q["id"] in seen:
            raise FormError(f"peia.toml: question id '{q['id']}' appears twice")
        seen.add(q["id"])
        kind = q.get("kind", "text")
        if kind not in ("text", "yesno"):
            raise FormError(f"peia.toml: question '{q['id']}' kind must be text or yesno")
        prefill = q.get("prefill")
        if prefill is not None and prefill not in PREFILL_SOURCES:
            raise FormError(f"peia.toml: question '{q['id']}' prefill '{prefill}' is not one of "
                            + ", ".join(PREFILL_SOURCES))
        required = q.get("required", True)
        if not isinstance(required, bool):
            raise FormError(f"peia.toml: question '{q['id']}' required must be true or false")
        conclusion = q.get("conclusion", False)
        if not isinstance(conclusion, bool):
            raise FormError(f"peia.toml: question '{q['id']}' conclusion must be true or false")
        out.append(PeiaQuestion(q["id"], q.get("section", ""), q["text"], kind, prefill, required or conclusion,
                                conclusion))
    if not any(q.conclusion for q in out):
        raise FormError("peia.toml: mark the conclusion question with 'conclusion = true' (Appendix 2 must reach "
                        "a conclusion, 14.4)")
    return PeiaForm(data.get("id", "peia"), data.get("title", "Appendix 2"), int(data.get("version", 1)),
                    tuple(out))


@dataclass(frozen=True)
class SignOff:
    role: str  # "Officer" / "Manager"
    name: str
    at: datetime | None


def _doc(title: str, reference: str, letterhead: Letterhead | None) -> Document:
    doc = Document(title=title, setup=PageSetup(margins_cm=(2.5, 2.5, 2.5, 2.5), header_right=f"Case {reference}",
                                                footer_left="Confidential"), letterhead=letterhead)
    return doc.add(Para(title, "title"))


def answer_text(value: Any) -> str:
    """How an answer reads on paper: Yes/No for yes-no questions, "Not answered" for blanks."""
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if value is None or value == "":
        return "Not answered"
    return str(value)


def build_risk_assessment(form: RiskForm, reference: str, answers: dict[str, Any], score: int, band: str,
                          reason: str, actions: list[Any], notes: str, assessed_at: datetime, assessed_by: str,
                          letterhead: Letterhead | None = None) -> Document:
    doc = _doc(form.title, reference, letterhead)
    doc.add(Para(f"Case **{reference}**. Assessed on {fmt_date(assessed_at)} at {fmt_time(assessed_at)} by "
                 f"{assessed_by} (form '{form.id}' version {form.version})."))
    rows = [["Section", "Question", "Answer", "Weight"]]
    for q in form.questions:
        rows.append([q.section, q.text + (" (makes the band high)" if q.escalate else ""),
                     answer_text(answers.get(q.id)), str(q.weight)])
    extra = sorted(set(answers) - set(form.question_ids()))
    rows += [["(earlier form)", key, answer_text(answers[key]), ""] for key in extra]
    doc.add(Table(rows, widths=[0.18, 0.54, 0.16, 0.12]))
    doc.add(Para(f"Score: **{score}**. Risk band: **{band.upper()}**."), Para(reason))
    labels = dict(form.actions)
    if actions:
        doc.add(Para("Actions agreed", "heading", keep_with_next=True))
        for a in actions:
            doc.add(Para(f"- {labels.get(a, a) if isinstance(a, str) else a}"))
    if notes.strip():
        doc.add(Para("Notes", "heading", keep_with_next=True), Para(notes))
    doc.add(Spacer(0.5), Signature("Assessed by:", [f"Name: {assessed_by}", f"Date: {fmt_date(assessed_at)}"]))
    return doc


def build_peia(form: PeiaForm, reference: str, answers: dict[str, Any], signoffs: list[SignOff], completed: bool,
               letterhead: Letterhead | None = None) -> Document:
    doc = _doc(form.title, reference, letterhead)
    status = "completed" if completed else "draft (pre-filled from the case; not yet completed)"
    doc.add(Para(f"Case **{reference}**. Status: {status}. Form '{form.id}' version {form.version}."))
    section = None
    for q in form.questions:
        if q.section != section:
            section = q.section
            doc.add(Para(section, "heading", keep_with_next=True))
        doc.add(Para(f"**{q.text}**", keep_with_next=True), Para(answer_text(answers.get(q.id))))
    doc.add(Para("Sign-off (procedure 14.4)", "heading", keep_with_next=True))
    for sign in signoffs:
        doc.add(Signature(f"{sign.role}:", [f"Name: {sign.name or 'not yet signed'}",
                                            f"Date: {fmt_date(sign.at) if sign.at else 'not yet signed'}"]))
    return doc
