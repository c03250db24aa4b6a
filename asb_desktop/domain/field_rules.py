"""How a typed date and an e-mail address are read, for the window and the command line alike.

Pure rules: each returns a plain-English problem (without the field's name, which the caller adds) or
the value read. A date is written the UK way, 21/11/1984 (or 21-11-1984, 21.11.1984), or 1984-11-21; a
day that does not exist says why ("31/02/1990 is not a date: February 1990 has 28 days")."""

from __future__ import annotations

import calendar
import re
from datetime import date

_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_EMAIL_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


class NotADate(ValueError):
    """``str(error)`` says what is wrong with the text, fit to show after the field's name."""


def read_day(text: str) -> date | None:
    """The date written in ``text``; None if blank. Raises NotADate saying why it is not one."""
    text = text.strip()
    if not text:
        return None
    uk, iso = _UK.match(text), _ISO.match(text)
    if uk:
        day, month, year = (int(g) for g in uk.groups())
    elif iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        raise NotADate(f"'{text}' is not a real date; write it like 21/11/1984")
    if year < 1:
        raise NotADate(f"{text} is not a date: there is no year 0")
    if not 1 <= month <= 12:
        raise NotADate(f"{text} is not a date: there is no month {month}, months run from 1 to 12")
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        raise NotADate(f"{text} is not a date: there is no day 0")
    if day > days:
        raise NotADate(f"{text} is not a date: {calendar.month_name[month]} {year} has {days} days")
    return date(year, month, day)


def email_problem(text: str) -> str | None:
    """Why ``text`` is not a usable e-mail address, or None if it is one (or is blank). A sanity check,
    not proof the mailbox exists: one @, something before it, a domain with a dot after it, no spaces."""
    text = text.strip()
    if not text:
        return None
    example = "write it like name@example.org"
    if " " in text or text.count("@") != 1:
        return f"'{text}' is not an e-mail address; {example}"
    local, domain = text.split("@")
    labels = domain.split(".")
    if not local or not _EMAIL_LOCAL.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return f"'{text}' is not an e-mail address: the part before the @ is not valid; {example}"
    if len(labels) < 2 or not all(_EMAIL_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return f"'{text}' is not an e-mail address: '{domain}' is not a mail domain; {example}"
    return None


MIN_PASSWORD = 8


def password_problem(password: str) -> str | None:
    """Why ``password`` may not be used (for signing in or a database role), or None."""
    return f"must be at least {MIN_PASSWORD} characters" if len(password) < MIN_PASSWORD else None
