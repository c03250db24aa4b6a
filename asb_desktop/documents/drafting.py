"""Draft a witness statement's paragraphs from the case: the opening facts (PD 32 18.1, 18.2), then
incidents, diary entries and exhibits in chronological order, first person, one topic per paragraph,
dates and numbers in figures, exhibits as "I refer to the ... marked 'AB1'" with the mark in bold.
The officer edits the draft freely afterwards."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .statement import Witness
from .wording import fmt_date, fmt_time

GAP = "[say what happened]"  # preflight refuses a final version that still has a gap
PREPARED = {"face_to_face": "in a meeting face to face", "telephone": "by telephone",
            "video": "by video call", "written": "from my own written account"}


@dataclass
class IncidentFact:
    started_at: datetime
    ended_at: datetime | None = None
    location: str = ""
    description: str = ""
    feelings_then: str = ""
    feelings_since: str = ""


@dataclass
class DiaryFact:
    started_at: datetime
    ended_at: datetime | None = None
    what_happened: str = ""
    place: str = ""
    effect: str = ""
    severity: int | None = None


@dataclass
class ExhibitFact:
    mark: str
    description: str
    made_at: datetime | None = None


@dataclass
class DraftInput:
    witness: Witness
    organisation: str
    taken_by: str  # the officer who took the statement
    prepared: str = "face_to_face"
    interpreter: dict[str, str] | None = None
    incidents: list[IncidentFact] = field(default_factory=list)
    diary: list[DiaryFact] = field(default_factory=list)
    exhibits: list[ExhibitFact] = field(default_factory=list)
    reported: list[tuple[str, IncidentFact]] = field(default_factory=list)  # officer: (source, incident)
    hearsay_source: str = ""  # officer: how an anonymous witness is described


PREPARED_OPENING = "This statement was prepared"
INTERPRETER_CLAUSE = re.compile(r", through an interpreter, .*?(?=\. It is in my own words|\.$|$)")


def interpreter_clause(interpreter: dict[str, str]) -> str:
    """PD 32 18.2: the statement says, in its opening paragraphs, that it was prepared through an
    interpreter, who, and in which language."""
    name, language = interpreter.get("name", "").strip(), interpreter.get("language", "").strip()
    return (f", through an interpreter, {name}, in {language}, and it was read back to me in {language} "
            "before I signed it")


def state_interpreter(paragraphs: list[dict[str, Any]], interpreter: dict[str, str] | None,
                      prepared: str = "face_to_face") -> list[dict[str, Any]]:
    """The paragraphs with the interpreter named in the opening one that says how the statement was
    prepared (added, replaced, or taken out when ``interpreter`` is None). With no such paragraph in
    the first five, one is added after the opening facts."""
    out = [dict(p) for p in paragraphs]
    for p in out[:5]:
        text = str(p.get("text", ""))
        if text.startswith(PREPARED_OPENING):
            bare = INTERPRETER_CLAUSE.sub("", text, count=1)
            if interpreter:
                cut = bare.find(". It is in my own words")
                cut = cut if cut >= 0 else len(bare.rstrip(".")) if bare.endswith(".") else len(bare)
                bare = bare[:cut] + interpreter_clause(interpreter) + bare[cut:]
                bare = bare if bare.endswith(".") else bare + "."
            p["text"] = bare
            return out
    if interpreter:
        how = PREPARED.get(prepared, PREPARED["face_to_face"])
        at = min(3, len(out))
        out.insert(at, {"text": f"{PREPARED_OPENING} {how}{interpreter_clause(interpreter)}.", "numbered": True,
                        "heading": False})
    return out


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _when(start: datetime, end: datetime | None) -> str:
    out = f"on {fmt_date(start)} at {fmt_time(start)}"
    if end is not None:
        out += f" until {fmt_time(end)}" if end.date() == start.date() else \
            f" until {fmt_time(end)} on {fmt_date(end)}"
    return out


def opening(d: DraftInput) -> list[str]:
    w = d.witness
    address = ", ".join(line.strip(" ,") for line in w.address.splitlines() if line.strip())
    if w.role in ("officer", "professional_witness"):
        first = f"My name is {w.full_name}. I am employed by {w.employer or d.organisation} as {w.position}."
        first += f" My work address is {address}." if address else ""
    else:
        first = f"My name is {w.full_name}. I live at {address}." if address else f"My name is {w.full_name}."
    out = [first]
    if w.occupation and w.role not in ("officer",):
        out.append(f"My occupation is {w.occupation}.")
    out.append(w.party_relation or "I am not a party to this claim.")
    if w.role == "officer":
        how = f"I prepared this statement myself from my own notes and the records of {d.organisation}."
    else:
        how = (f"This statement was prepared from what I told {d.taken_by} of {d.organisation} "
               f"{PREPARED.get(d.prepared, PREPARED['face_to_face'])}")
        if d.interpreter:
            how += interpreter_clause(d.interpreter)
        how += ". It is in my own words."
    out.append(how)
    out.append("The facts in this statement are from my own knowledge unless I say otherwise. Where a fact is "
               "information given to me by someone else, I say who gave it to me, and I believe it to be true.")
    return out


def _incident(i: IncidentFact) -> str:
    where = f" at {i.location.strip()}" if i.location.strip() else ""
    what = i.description.strip() or GAP
    text = f"{_sentence(_when(i.started_at, i.ended_at) + where + ': ' + what)}"
    if i.feelings_then.strip():
        text += f" At the time I felt {i.feelings_then.strip().rstrip('.').lower()}."
    return text


def _diary(e: DiaryFact) -> str:
    where = f" ({e.place.strip()})" if e.place.strip() else ""
    text = f"My diary sheet records that {_when(e.started_at, e.ended_at)}{where}: {e.what_happened.strip()}"
    text = _sentence(text)
    if e.effect.strip():
        text += f" The effect on me was: {e.effect.strip().rstrip('.')}."
    if e.severity is not None:
        text += f" I rated it {e.severity} out of 10."
    return text


def _exhibit(x: ExhibitFact) -> str:
    made = f", made {_when(x.made_at, None)}" if x.made_at else ""
    return f"I refer to the {x.description.strip().rstrip('.') or 'item'}{made} marked '**{x.mark}**'."


def draft_paragraphs(d: DraftInput) -> tuple[list[dict[str, Any]], list[int]]:
    """The paragraphs, and the numbers of those that are hearsay from an anonymous witness."""
    texts = opening(d)
    timeline: list[tuple[datetime, int, str, bool]] = []
    for i in d.incidents:
        timeline.append((i.started_at, 0, _incident(i), False))
    for e in d.diary:
        timeline.append((e.started_at, 1, _diary(e), False))
    for x in d.exhibits:
        timeline.append((x.made_at or datetime.max, 2, _exhibit(x), False))
    for source, i in d.reported:
        where = f" at {i.location.strip()}" if i.location.strip() else ""
        text = _sentence(f"{source} reported to me that {_when(i.started_at, i.ended_at)}{where}: "
                         f"{i.description.strip() or GAP}")
        timeline.append((i.started_at, 0, text, source == d.hearsay_source))
    timeline.sort(key=lambda t: (t[0], t[1]))
    hearsay: list[int] = []
    for _, _, text, is_hearsay in timeline:
        texts.append(text)
        if is_hearsay:
            hearsay.append(len(texts))
    since = [i.feelings_since.strip() for i in d.incidents if i.feelings_since.strip()]
    if since:
        texts.append(_sentence(f"Since these events, the effect on me has been: {since[-1]}"))
    return [{"text": t, "numbered": True, "heading": False} for t in texts], hearsay
