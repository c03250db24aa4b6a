"""Withheld identities: removed from the text we generate, and searched for in the final PDF.

A complainant or witness the officer marks as withheld (or who is anonymous) must not appear in
anything a court or the alleged perpetrator receives. Generated text has their names, address,
phone and e-mail really removed (replaced by a neutral phrase); before a bundle is exported the
text of the finished PDF is searched for each of them, and a hit stops the export.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPLACEMENT = "[withheld]"
MIN_CHARS = 2


@dataclass(frozen=True)
class WithheldPerson:
    """Who is withheld (a label never containing their identity, e.g. "witness 2") and the strings
    that would identify them."""

    label: str
    names: tuple[str, ...]
    addresses: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()

    def terms(self) -> list[str]:
        return [t for t in (*self.names, *self.addresses, *self.contacts) if len(_norm(t)) >= MIN_CHARS]


def person_terms(first_names: str, surname: str, title: str = "") -> tuple[str, ...]:
    """Every way a name is likely to be written: with and without title, no space between
    the parts (as CJK names often are), and the surname alone."""
    full = " ".join(p for p in (first_names, surname) if p).strip()
    out = [" ".join(p for p in (title, first_names, surname) if p), full, f"{first_names}{surname}", surname]
    return tuple(dict.fromkeys(t for t in out if t.strip()))


def address_terms(address: str) -> tuple[str, ...]:
    """The first line of the address (flat and street): later lines are shared with neighbours. When
    that line is "Flat 9, Æthelred Court", "Flat 9" alone identifies them too (people write it so)."""
    lines = [line.strip(" ,") for line in address.splitlines() if line.strip(" ,")]
    if not lines:
        return ()
    number = lines[0].split(",")[0].strip()
    return (lines[0], number) if number != lines[0] and any(c.isdigit() for c in number) else (lines[0],)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@lru_cache(maxsize=1024)  # the export check tries every term on every page
def _pattern(term: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in _norm(term).split(" ")]
    body = r"\s+".join(parts)
    word = term[:1].isalnum() and term[:1].isascii()
    return re.compile((r"(?<!\w)" if word else "") + body + (r"(?!\w)" if word else ""), re.IGNORECASE)


def redact(text: str, people: Iterable[WithheldPerson]) -> str:
    """``text`` with every identifying string of ``people`` removed, longest first."""
    terms = sorted({t for p in people for t in p.terms()}, key=len, reverse=True)
    out = unicodedata.normalize("NFC", text)
    for term in terms:
        out = _pattern(term).sub(REPLACEMENT, out)
    return out


@dataclass(frozen=True)
class Hit:
    page: int  # 1-based
    label: str
    what: str  # "name", "address" or "contact details"


def pdf_pages_text(path: Path) -> list[str]:
    """Each page's text, by pdftotext (poppler)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"pdftotext could not read {path}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode("utf-8", errors="replace").split("\f")


def search_pdf(path: Path, people: Sequence[WithheldPerson]) -> list[Hit]:
    """Every page on which a withheld person's name, address or contact details appear."""
    if not people:
        return []
    hits = [h for number, text in enumerate(pdf_pages_text(path), 1) for h in search_text(text, people, number)]
    return list(dict.fromkeys(hits))


def search_text(text: str, people: Sequence[WithheldPerson], page: int = 1) -> list[Hit]:
    """Each withheld person's name, address or contact details found in ``text`` (once per kind)."""
    flat = _norm(text)
    return [Hit(page, p.label, kind) for p in people
            for kind, terms in (("name", p.names), ("address", p.addresses), ("contact details", p.contacts))
            if any(_pattern(t).search(flat) for t in terms if len(_norm(t)) >= MIN_CHARS)]


def hit_phrases(hits: Sequence[Hit], where: dict[int, str] | None = None) -> list[str]:
    """Each hit in plain words, e.g. "the name of witness 2 on page 3 (Notice)" (never the identity)."""
    return [f"the {h.what} of {h.label} on page {h.page}" + (f" ({where[h.page]})" if where and h.page in where
                                                              else "") for h in hits]

