"""Fixed legal wording and the small formatting rules every court document shares."""

from __future__ import annotations

import re
from datetime import date, datetime

# PD 22 2.1-2.2, exact wording since 6 April 2020 (DOMAIN.md 3).
STATEMENT_OF_TRUTH = (
    "I believe that the facts stated in this witness statement are true. I understand that proceedings for "
    "contempt of court may be brought against anyone who makes, or causes to be made, a false statement in a "
    "document verified by a statement of truth without an honest belief in its truth."
)

# PD 22 Annex 1: certificate where the witness cannot read or sign (other than by language alone).
ANNEX_1_CERTIFICATE = (
    "I certify that I, {name}, of {address}, have read over the contents of this document and the declaration "
    "of truth to the person signing the document{exhibits} who appeared to understand (a) the document and "
    "approved its content as accurate and (b) the declaration of truth and the consequences of making a false "
    "declaration, and made their mark in my presence."
)
ANNEX_1_EXHIBITS = " and explained the nature and effect of the exhibits referred to in it"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(d: date | datetime | None) -> str:
    """A date with its numbers in figures (PD 32 19.1): 20 November 2026."""
    if d is None:
        return ""
    return f"{d.day} {d:%B %Y}"


def fmt_time(d: datetime) -> str:
    return f"{d:%H:%M}"


def initials_of(first_names: str, surname: str) -> str:
    """Witness initials: the first letter of each first name and of each part of the surname."""
    words = re.split(r"[\s]+", first_names.strip()) + re.split(r"[\s\-]+", surname.strip())
    letters = []
    for word in words:
        for ch in word:
            if ch.isalpha():
                letters.append(ch.upper())
                break
    return "".join(letters)
