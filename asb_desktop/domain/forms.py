"""Form definitions the organisation edits (``forms/*.toml``), loaded and validated.

The triage and the full risk assessment (Appendix 1) are data, not code: questions, weights and
bands live in TOML so an administrator can change them without a release. A definition that does
not validate is refused with a message naming the file and the field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .enums import RiskBand


class FormError(ValueError):
    pass


def forms_dir() -> Path:
    from ..resources import forms_dir as shipped_or_override

    return shipped_or_override()


def load_toml(name: str, directory: Path | None = None) -> dict:
    path = (directory or forms_dir()) / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise FormError(f"Form definition {path} is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise FormError(f"Form definition {path} is not valid TOML: {exc}") from None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    weight: int = 0
    section: str = ""
    escalate: bool = False


@dataclass(frozen=True)
class RiskForm:
    id: str
    title: str
    version: int
    questions: tuple[Question, ...]
    bands: tuple[tuple[RiskBand, int], ...] = ()
    threshold: int = 0
    actions: tuple[tuple[str, str], ...] = ()

    def question_ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def check_answers(self, answers: Mapping[str, bool | None]) -> None:
        unknown = sorted(set(answers) - set(self.question_ids()))
        if unknown:
            raise FormError(f"{self.title}: unknown question id(s) {', '.join(unknown)}")
        for key, value in answers.items():
            if value is not None and not isinstance(value, bool):
                raise FormError(f"{self.title}: answer to '{key}' must be yes, no or blank")

    def score(self, answers: Mapping[str, bool | None]) -> tuple[int, RiskBand, str]:
        """Total weight of "yes" answers, the band it reaches, and the reason in words."""
        self.check_answers(answers)
        total = sum(q.weight for q in self.questions if answers.get(q.id))
        band = RiskBand.STANDARD
        for candidate, minimum in self.bands:
            if total >= minimum:
                band = candidate
        escalated = [q for q in self.questions if q.escalate and answers.get(q.id)]
        if escalated:
            band = RiskBand.HIGH
            why = f"high because of: {'; '.join(q.text for q in escalated)}"
        else:
            why = f"score {total} reaches the {band.value} band"
        return total, band, f"Risk band {band.label.lower()}: {why} (form '{self.id}' version {self.version})."


def _parse_questions(data: dict, source: str) -> tuple[Question, ...]:
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise FormError(f"{source}: 'questions' must be a non-empty list")
    seen: set[str] = set()
    out = []
    for i, q in enumerate(raw, 1):
        if not isinstance(q, dict) or not q.get("id") or not q.get("text"):
            raise FormError(f"{source}: question {i} needs an 'id' and a 'text'")
        if q["id"] in seen:
            raise FormError(f"{source}: question id '{q['id']}' appears twice")
        seen.add(q["id"])
        weight = q.get("weight", 0)
        if not isinstance(weight, int) or weight < 0:
            raise FormError(f"{source}: question '{q['id']}' weight must be a whole number, 0 or more")
        out.append(Question(q["id"], q["text"], weight, q.get("section", ""), bool(q.get("escalate", False))))
    return tuple(out)


def load_triage(directory: Path | None = None) -> RiskForm:
    data = load_toml("triage.toml", directory)
    questions = _parse_questions(data, "triage.toml")
    threshold = data.get("threshold", 2)
    if not isinstance(threshold, int) or not 1 <= threshold <= len(questions):
        raise FormError(f"triage.toml: 'threshold' must be between 1 and {len(questions)}")
    return RiskForm(data.get("id", "triage"), data.get("title", "Triage"), int(data.get("version", 1)),
                    questions, threshold=threshold)


def load_risk_assessment(directory: Path | None = None) -> RiskForm:
    data = load_toml("risk_assessment.toml", directory)
    questions = _parse_questions(data, "risk_assessment.toml")
    bands = []
    for b in data.get("bands", []):
        try:
            bands.append((RiskBand(b["id"]), int(b["min_score"])))
        except (KeyError, ValueError, TypeError):
            raise FormError(f"risk_assessment.toml: band {b!r} needs an id (standard, medium or high) "
                            "and a whole-number min_score") from None
    if [m for _, m in bands] != sorted(m for _, m in bands) or not bands:
        raise FormError("risk_assessment.toml: bands must be listed from lowest min_score to highest")
    actions = tuple((a["id"], a["text"]) for a in data.get("actions", []))
    return RiskForm(data.get("id", "risk_assessment"), data.get("title", "Risk assessment"),
                    int(data.get("version", 1)), questions, bands=tuple(bands), actions=actions)


def load_categories(directory: Path | None = None) -> list[str]:
    data = load_toml("categories.toml", directory)
    cats = data.get("categories")
    if not isinstance(cats, list) or not all(isinstance(c, str) and c.strip() for c in cats):
        raise FormError("categories.toml: 'categories' must be a list of names")
    return [c.strip() for c in cats]


def load_interview_points(kind: str, directory: Path | None = None) -> tuple[str, list[tuple[str, str]]]:
    data = load_toml("interviews.toml", directory)
    section = data.get(kind)
    if not isinstance(section, dict) or not isinstance(section.get("points"), list):
        raise FormError(f"interviews.toml: section [{kind}] with a 'points' list is missing")
    return section.get("title", kind), [(p["id"], p["text"]) for p in section["points"]]
