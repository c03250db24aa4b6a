"""Hearsay in witness statements (PD 32 para 18.2; CPR 33.2; Civil Evidence Act 1995 s2).

A paragraph that reports what someone else saw or said is marked in the statement data with its
source: ``{"hearsay": {"source": "Mr A Patel, 3 Elm Road"}}`` or, for a withheld or anonymous witness,
``{"hearsay": {"withheld": true, "source": "a neighbour", "reason": "they fear reprisals"}}``. The mark,
not the officer's choice of words, decides what is hearsay; common phrasings are only *suggested*.
Pure functions: no database, no Qt."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Phrasings that usually mean the witness reports what someone else saw or said. A suggestion only.
_PHRASES = [
    r"\btold me\b", r"\bI was told\b", r"\bwas told by\b", r"\binformed me\b", r"\bI was informed\b",
    r"\breported (?:to me )?that\b", r"\b(?:she|he|they) said (?:that )?\b", r"\bsaid to me\b",
    r"\baccording to\b", r"\bI am told\b", r"\bI understand from\b", r"\bhas told\b", r"\bhad told\b",
    r"\bexplained (?:to me )?that\b", r"\bcomplained (?:to me )?that\b", r"\b(?:she|he|they) saw\b",
    r"\b(?:she|he|they) heard\b", r"\bwho saw\b", r"\bwho heard\b", r"\b(?:she|he|they) witnessed\b",
]
_SUGGEST = re.compile("|".join(_PHRASES), re.IGNORECASE)


@dataclass(frozen=True)
class HearsayItem:
    """One paragraph of hearsay: its printed number, who the information came from, and whether that
    person's identity is withheld (and why)."""

    paragraph: str
    source: str
    withheld: bool
    reason: str

    def describe(self) -> str:
        """How the statement and the notice name the source (PD 32 18.2)."""
        if self.withheld:
            who = self.source or "a person"
            return f"{who}, whose identity is withheld because {self.reason}"
        return self.source


def suggests_hearsay(text: str) -> bool:
    """Whether a paragraph's wording suggests it reports what someone else saw or said (a prompt to
    mark it, never a decision)."""
    return bool(_SUGGEST.search(text or ""))


def mark_of(paragraph: Mapping[str, Any]) -> dict[str, Any] | None:
    mark = paragraph.get("hearsay")
    return dict(mark) if isinstance(mark, Mapping) else None


def items(numbered: Iterable[tuple[str | None, Mapping[str, Any]]],
          legacy: Mapping[str, Any] | None = None) -> list[HearsayItem]:
    """Every hearsay item of a statement, in paragraph order: the paragraphs marked hearsay, and the
    paragraphs an older draft listed in its statement-wide ``hearsay`` record (an anonymous witness)."""
    legacy = legacy or {}
    old = {str(n) for n in legacy.get("paragraphs", []) or []}
    out: list[HearsayItem] = []
    for number, p in numbered:
        if number is None:
            continue
        mark = mark_of(p)
        if mark is None and number in old:
            mark = {"source": legacy.get("source", ""), "withheld": True, "reason": legacy.get("reason", "")}
        if mark is None:
            continue
        out.append(HearsayItem(number, str(mark.get("source", "") or "").strip(), bool(mark.get("withheld")),
                               str(mark.get("reason", "") or "").strip()))
    return out


def gaps(found: Iterable[HearsayItem]) -> list[tuple[str, str]]:
    """PD 32 18.2: each hearsay paragraph names its source, or says the source is withheld and why.
    Returns (field, plain English) for each gap."""
    out: list[tuple[str, str]] = []
    for item in found:
        if item.withheld and not item.reason:
            out.append((f"paragraph {item.paragraph}.hearsay.reason",
                        f"paragraph {item.paragraph} is hearsay from a person whose identity is withheld: "
                        "say why it is withheld (PD 32 18.2)"))
        elif not item.withheld and not item.source:
            out.append((f"paragraph {item.paragraph}.hearsay.source",
                        f"paragraph {item.paragraph} is hearsay: name the person the information came from, "
                        "or mark the source as withheld and say why (PD 32 18.2)"))
    return out


def suggestions(numbered: Iterable[tuple[str | None, Mapping[str, Any]]],
                found: Iterable[HearsayItem]) -> list[str]:
    """Numbers of unmarked paragraphs whose wording suggests hearsay (to prompt the officer)."""
    marked = {i.paragraph for i in found}
    return [n for n, p in numbered if n is not None and n not in marked and suggests_hearsay(str(p.get("text", "")))]


def source_line(item: HearsayItem) -> str:
    """The sentence the statement prints under a hearsay paragraph (PD 32 18.2(2))."""
    if item.withheld:
        who = item.source or "a person"
        return (f"This paragraph is not from my own knowledge: the information came from {who}, whose identity "
                f"is withheld because {item.reason or '[reason not given]'}.")
    return (f"This paragraph is not from my own knowledge: the information came from "
            f"{item.source or '[source not given]'}.")
