"""Who a person is, and who may learn it (2024 4.1, 5.6, 5.7-5.8). Pure functions, no storage.

- A truly anonymous reporter (5.7) stores no identity: no name, address or phone. A complainant who
  gives their identity in confidence is not anonymous: their identity is *withheld from the
  perpetrator* (the party's ``withheld`` flag).
- Retyping a person already on file must not silently make a duplicate (4.1): same name and date of
  birth, or same name and address, is offered as a match first.
- An officer's view of someone's ASB history says how many cases are hidden from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .enums import PartyRole
from .rules import Check

ANONYMOUS_REFUSAL = ("an anonymous reporter stores no name, address or phone. If they gave their identity "
                     "in confidence, record them as a complainant (not anonymous) and withhold their "
                     "identity from the perpetrator instead")


def anonymous_identity(anonymous: bool, name: str = "", address: str = "", phone: str = "") -> Check:
    """5.7: an anonymous party may carry no name, address or phone."""
    if not anonymous:
        return Check(True, [])
    given = [what for what, value in (("name", name), ("address", address), ("phone", phone)) if value.strip()]
    if given:
        return Check(False, [f"{', '.join(given).capitalize()} given: {ANONYMOUS_REFUSAL}."])
    return Check(True, ["An anonymous reporter: no identity is recorded."])


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


@dataclass(frozen=True)
class Identity:
    first_names: str
    surname: str
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""


def same_person(new: Identity, on_file: Identity) -> bool:
    """4.1: same name and date of birth, or same name and address (first line or postcode)."""
    if not new.surname.strip() or _fold(new.surname) != _fold(on_file.surname):
        return False
    if _fold(new.first_names) != _fold(on_file.first_names):
        return False
    if new.date_of_birth and on_file.date_of_birth:
        return new.date_of_birth == on_file.date_of_birth
    if new.postcode.strip() and on_file.postcode.strip() and _fold(new.postcode) == _fold(on_file.postcode):
        return True
    first_line = _fold(new.address.split(",")[0].split("\n")[0])
    return bool(first_line) and first_line == _fold(on_file.address.split(",")[0].split("\n")[0])


def describe_match(name: str, date_of_birth: date | None, address: str) -> str:
    """"This looks like NAME (dob, address) already on file - use them?"""
    bits = [f"born {date_of_birth:%d/%m/%Y}" if date_of_birth else "", address.replace("\n", ", ").strip()]
    inside = ", ".join(b for b in bits if b)
    return f"This looks like {name}" + (f" ({inside})" if inside else "") + " already on file - use them?"


def hidden_cases_note(visible: int, hidden: int) -> str:
    """4.1: an officer's view of a person's ASB history says how many cases they cannot see."""
    text = f"alleged perpetrator in {visible} case{'s' if visible != 1 else ''} you can see"
    if hidden:
        text += f"; {hidden} further case{'s' if hidden != 1 else ''} you cannot see"
    return text


# The court and the defendant must know who is accused; everyone else may be kept out of court papers.
NEVER_WITHHELD = frozenset({PartyRole.ALLEGED_PERPETRATOR.value})
PERPETRATOR_NOT_WITHHELD = ("An alleged perpetrator's identity cannot be withheld: the court and the "
                            "defendant must know who is accused.")
ANONYMOUS_STAYS_WITHHELD = ("This complainant reported anonymously: their identity stays out of "
                            "every document the court or the perpetrator could receive.")


def withholding_check(role: str, withheld: bool, anonymous: bool) -> Check:
    """2024 5.6-5.7: an alleged perpetrator's identity is never withheld from court documents, and an
    anonymous complainant's always is. ``role`` is a ``PartyRole`` value."""
    if withheld and role in NEVER_WITHHELD:
        return Check(False, [PERPETRATOR_NOT_WITHHELD])
    if not withheld and anonymous:
        return Check(False, [ANONYMOUS_STAYS_WITHHELD])
    return Check(True, [])


def identity_withheld(anonymous: bool, withheld: bool) -> bool:
    """2024 5.6-5.7: whose identity stays out of every document the court, the perpetrator or another
    witness could receive (notices, bundles, statements, complaint packs, disclosures): an anonymous
    reporter's, and that of anyone whose identity is withheld."""
    return anonymous or withheld


def withheld_identity_check(opening: str, found: Sequence[str], closing: str) -> Check:
    """2024 5.6-5.7: a document is refused, and nothing written, while it holds a withheld or anonymous
    person's identity. ``found`` names each identity found in words that never repeat it ("the name of
    the withheld witness (1) on page 3"); the refusal reads ``opening`` + the finds + ``closing``."""
    if not found:
        return Check(True, [])
    return Check(False, [f"{opening}{'; '.join(found)}{closing}"])


# ------------------------------------------------------------------ who gives a witness statement
# The roles that give their own statement, and the statement's name for each.
STATEMENT_ROLES = {PartyRole.COMPLAINANT.value: "complainant", PartyRole.WITNESS.value: "witness",
                   PartyRole.PROFESSIONAL_WITNESS.value: "professional_witness"}


def statement_witness_check(anonymous: bool, withheld: bool) -> Check:
    """A witness statement names its witness, so an anonymous or withheld person does not give one: their
    account goes into an officer's statement as hearsay, with a hearsay notice."""
    if not identity_withheld(anonymous, withheld):
        return Check(True, [])
    return Check(False, [f"This witness's identity is {'anonymous' if anonymous else 'withheld'}: their account "
                         "goes into an officer's statement as hearsay, with a hearsay notice (Civil Evidence Act "
                         "1995). Draft the officer's statement instead."])


def statement_role_problem(role: str) -> str | None:
    """Why a party of ``role`` (a ``PartyRole`` value) gives no witness statement, e.g. the alleged
    perpetrator; None for a complainant, witness or professional witness."""
    if role in STATEMENT_ROLES:
        return None
    return f"the {PartyRole(role).label.lower()} on this case, not a witness"


# ------------------------------------------------------------------ 2024 5.7: the anonymous checklist
ANONYMOUS_CHECKLIST = {
    "reassured": "their identity will not be given to the alleged perpetrator without consent",
    "information_gathered": "as much information as possible about the incidents was gathered",
    "action_discussed": "the action we can take, and the support and protection available, was discussed",
    "no_pressure": "no undue pressure was put on them to give a name or address",
    "limitations_explained": "anonymity limits the investigation and no feedback can be given",
}
NO_CHECKLIST = "This case has no anonymous complainant, so there is no 5.7 checklist."


def checklist_points_problem(points: Iterable[str]) -> str | None:
    """Why these 5.7 checklist points are refused (none given, or not the checklist's own); None if fine."""
    given = list(points)
    unknown = [p for p in given if p not in ANONYMOUS_CHECKLIST]
    if unknown or not given:
        return (f"choose from {', '.join(ANONYMOUS_CHECKLIST)}"
                + (f" (not {', '.join(unknown)})" if unknown else ""))
    return None


def checklist_allowed(anonymous_party: bool) -> Check:
    """2024 5.7: the checklist is kept only on a case with an anonymous complainant."""
    return Check(True, []) if anonymous_party else Check(False, [NO_CHECKLIST])


def checklist_missing(done: Mapping[str, object]) -> list[str]:
    """The 5.7 points not yet explained to the anonymous complainant, in the checklist's words and order."""
    return [text for key, text in ANONYMOUS_CHECKLIST.items() if not done.get(key)]
