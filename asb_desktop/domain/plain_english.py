"""The 7.5 check: notes are plain English, without abbreviations or slang.

The word lists are data (``forms/plain_english.toml``) so the organisation can extend them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .forms import forms_dir, load_toml
from .rules import Check

_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


@dataclass(frozen=True)
class Finding:
    word: str
    suggestion: str
    kind: str  # abbreviation | slang | acronym

    @property
    def message(self) -> str:
        return f"'{self.word}' is {'slang' if self.kind == 'slang' else 'an abbreviation'}: {self.suggestion}"


@lru_cache(maxsize=4)
def _lists(directory: str) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    from pathlib import Path

    data = load_toml("plain_english.toml", Path(directory))
    return (dict(data.get("abbreviations", {})), dict(data.get("slang", {})),
            frozenset(data.get("allowed", [])))


def check_plain_english(text: str) -> list[Finding]:
    """Every flagged word or phrase in ``text``, once each, in the order they appear."""
    abbreviations, slang, allowed = _lists(str(forms_dir()))
    found: dict[str, tuple[int, Finding]] = {}
    lowered = text.lower()
    for table, kind in ((abbreviations, "abbreviation"), (slang, "slang")):
        for word, suggestion in table.items():
            pattern = r"(?<![\w/])" + re.escape(word.lower()) + r"(?![\w/])"
            match = re.search(pattern, lowered)
            if match and word not in found:
                found[word] = (match.start(), Finding(text[match.start():match.end()], f"write '{suggestion}'", kind))
    for match in _ACRONYM.finditer(text):
        token = match.group()
        if token not in allowed and token.lower() not in found and not _is_reference(text, match):
            found.setdefault(token, (match.start(), Finding(token, "write it out in full", "acronym")))
    return [f for _, f in sorted(found.values(), key=lambda item: item[0])]


def _is_reference(text: str, match: re.Match[str]) -> bool:
    """Case references (ASB-2026-00042) and postcodes are not abbreviations."""
    tail = text[match.end():match.end() + 2]
    return tail[:1] == "-" or tail[:1].isdigit()


def notes_check(text: str, allow_flagged: bool) -> Check:
    """7.5: notes are in plain English; a flagged word is refused unless the officer keeps it on purpose."""
    findings = check_plain_english(text)
    if findings and not allow_flagged:
        return Check(False, ["Notes must be in plain English without abbreviations or slang (7.5): "
                             + "; ".join(f.message for f in findings) + "."])
    return Check(True, [])
