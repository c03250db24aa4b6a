"""What an edit changed on a case, so the workspace re-reads the case once and refreshes only the tabs
that show those parts (Anki's "operation changes"). The header and the Summary (its timeline shows
every record) are refreshed after any change."""

from __future__ import annotations

from enum import Flag, auto


class Changes(Flag):
    """The parts of a case an edit changed. Combine with ``|``; ``ALL`` for a full reload (F5, a conflict)."""

    CASE = auto()  # the case's own fields: summary, officer, categories, status, response dates
    NOTES = auto()
    TASKS = auto()
    CONTACTS = auto()
    PARTIES = auto()
    INCIDENTS = auto()
    RISK = auto()
    INTERVIEWS = auto()
    REMEDIES = auto()
    RECORDS = auto()  # police, safeguarding and partner-sharing records
    EVIDENCE = auto()
    DOCUMENTS = auto()
    COURT = auto()
    CLOSURE = auto()  # closure, reopening and linked cases
    ALL = (CASE | NOTES | TASKS | CONTACTS | PARTIES | INCIDENTS | RISK | INTERVIEWS | REMEDIES | RECORDS
           | EVIDENCE | DOCUMENTS | COURT | CLOSURE)
