"""Identity guard: a document is refused when it contains a protected person's identity.

Used for anything an alleged perpetrator or a court could receive: a complainant's name, address,
phone or e-mail in a letter to the alleged perpetrator; an anonymous or withheld witness in a
statement or hearsay notice; the text of a confidential note. Enforced where documents are built,
so no officer care is needed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.errors import RuleBlocked
from ..domain.identity_rules import withheld_identity_check
from .model import Document

MIN_LENGTH = 3  # shorter strings ("Li") would match inside ordinary words too often


@dataclass(frozen=True)
class Identity:
    """A string that must not appear, and what it is (said in the refusal, never the string itself)."""

    text: str
    what: str


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def person_identities(what: str, full_name: str = "", first_names: str = "", surname: str = "",
                      address: str = "", phone: str = "", email: str = "") -> list[Identity]:
    """The strings that identify a person: names, each address line, phone and e-mail."""
    out = [Identity(full_name, f"{what}'s name"), Identity(surname, f"{what}'s surname"),
           Identity(f"{first_names} {surname}", f"{what}'s name")]
    out += [Identity(w, f"{what}'s first name") for w in first_names.split()]
    out += [Identity(line.strip(" ,"), f"{what}'s address") for line in address.splitlines()]
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 6:
        out.append(Identity(phone, f"{what}'s phone number"))
    out.append(Identity(email, f"{what}'s e-mail address"))
    return [i for i in out if len(i.text.strip()) >= MIN_LENGTH]


def find(text: str, identities: Iterable[Identity]) -> list[Identity]:
    """The identities that occur in ``text`` as whole words (case-insensitive, Unicode-normalised)."""
    haystack = _norm(text)
    hits = []
    for ident in identities:
        needle = _norm(ident.text)
        if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack):
            hits.append(ident)
    return hits


def ensure_absent(doc: Document, identities: Iterable[Identity], what: str) -> None:
    """Refuse (RuleBlocked) if the document contains any of the identities."""
    kinds = sorted({h.what for h in find(doc.full_text(), identities)})
    check = withheld_identity_check(f"The {what} was not produced: it contains the ",
                                    [", ".join(kinds)] if kinds else [],
                                    ", which must not appear in it. Remove it from the text (incident descriptions, "
                                    "paragraphs or extra wording) and try again.")
    if not check.allowed:
        raise RuleBlocked(check.reasons)
