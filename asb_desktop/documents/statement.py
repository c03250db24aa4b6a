"""A witness statement's content (stored as JSON on each version) and its layout to CPR Part 32,
PD 32 17-19 and PD 22: title of proceedings, page-1 top-right block, A4 with 3.5 cm margins, every
page endorsed with the claim number and witness initials, numbered paragraphs, the statement of truth,
signature, full name and date, and the Annex 1 certificate where the witness cannot read or sign."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .guard import Identity, ensure_absent
from .model import Block, Document, PageSetup, Para, Signature, Spacer
from .wording import ANNEX_1_CERTIFICATE, ANNEX_1_EXHIBITS, STATEMENT_OF_TRUTH, fmt_date, ordinal

MARGIN_CM = 3.5
MARK = re.compile(r"'\*{0,2}([A-Z\u00C0-\u024F]{1,6}\d{1,3})\*{0,2}'")


@dataclass
class Proceedings:
    court: str = ""
    claim_number: str = ""
    claimant: str = ""
    defendants: list[str] = field(default_factory=list)


@dataclass
class Witness:
    full_name: str
    first_names: str
    surname: str
    initials: str
    role: str  # complainant | witness | professional_witness | officer
    address: str = ""  # home address, or the work address for someone giving evidence in a work capacity
    occupation: str = ""
    position: str = ""  # officer or professional witness: job title
    employer: str = ""
    party_relation: str = ""  # "I am employed by the Claimant" / "I am not a party to this claim"


@dataclass
class StatementContent:
    proceedings: Proceedings
    witness: Witness
    party: str = "Claimant"  # on whose behalf the statement is made
    number: int = 1
    made_date: str = ""  # ISO date the statement was made
    prepared: str = "face_to_face"  # face_to_face | telephone | video | written
    paragraphs: list[dict[str, Any]] = field(default_factory=list)  # {"text", "numbered", "heading"}
    interpreter: dict[str, str] | None = None  # name, language, translation_date
    certificate: dict[str, str] | None = None  # Annex 1: authorised person's name and address
    hearsay: dict[str, Any] | None = None  # paragraphs, source, reason (anonymous witness, DOMAIN.md 4)
    statement_of_truth: str = STATEMENT_OF_TRUTH

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StatementContent:
        data = dict(data)
        data["proceedings"] = Proceedings(**data["proceedings"])
        data["witness"] = Witness(**data["witness"])
        return cls(**data)

    def numbered(self) -> list[tuple[str | None, dict[str, Any]]]:
        """Each paragraph with the number it prints with (headings and unnumbered text get none)."""
        out: list[tuple[str | None, dict[str, Any]]] = []
        n = 0
        for p in self.paragraphs:
            if p.get("numbered", True) and not p.get("heading"):
                n += 1
                out.append((str(n), p))
            else:
                out.append((None, p))
        return out

    def marks(self) -> list[str]:
        """Exhibit marks the paragraphs refer to, in order of their numbers."""
        found = {m for p in self.paragraphs for m in MARK.findall(p.get("text", ""))}
        return sorted(found, key=lambda m: (re.sub(r"\d+$", "", m), int(re.sub(r"^\D*", "", m) or 0)))


@dataclass
class SigningState:
    signed_on: date | None = None
    signature_png: bytes | None = None
    wet: bool = False
    typed: bool = False  # the witness signed by typing their full name (shown as the signature image)


def _title(content: StatementContent) -> list[Block]:
    p = content.proceedings
    out: list[Block] = [Para(f"**{(p.court or '[court not yet given]').upper()}**", "centre"),
           Para(f"Claim number: **{p.claim_number or '[not yet issued]'}**", "centre"),
           Para("BETWEEN", "centre"),
           Para(f"**{p.claimant or '[claimant]'}**", "centre"), Para("Claimant", "centre")]
    out.append(Para("and", "centre"))
    for name in p.defendants or ["[defendant]"]:
        out.append(Para(f"**{name}**", "centre"))
    out.append(Para("Defendant" if len(p.defendants) <= 1 else "Defendants", "centre"))
    w = content.witness
    out.append(Spacer(0.3))
    out.append(Para(f"{ordinal(content.number).upper()} WITNESS STATEMENT OF {w.full_name.upper()}", "title"))
    return out


def top_right(content: StatementContent) -> list[str]:
    """PD 32 17.2: party, witness initials and surname, statement number, exhibit marks, dates."""
    w = content.witness
    marks = content.marks()
    lines = [f"{content.party}", f"{w.initials} {w.surname}".strip() if w.initials else w.full_name,
             f"{ordinal(content.number)} statement",
             f"Exhibits: {', '.join(marks)}" if marks else "Exhibits: none",
             f"Made: {fmt_date(date.fromisoformat(content.made_date)) if content.made_date else '[date]'}"]
    if content.interpreter and content.interpreter.get("translation_date"):
        lines.append(f"Translated: {fmt_date(date.fromisoformat(content.interpreter['translation_date']))}")
    return lines


def build_statement(content: StatementContent, signing: SigningState | None = None,
                    forbidden: list[Identity] | None = None, draft_mark: bool = False) -> Document:
    """Lay the statement out. ``forbidden`` identities (anonymous or withheld people) must not appear:
    the build is refused if they do."""
    w = content.witness
    endorsement = f"Claim number: {content.proceedings.claim_number or '[not yet issued]'}   Witness: {w.initials}"
    doc = Document(title=f"{ordinal(content.number)} witness statement of {w.full_name}",
                   setup=PageSetup(margins_cm=(MARGIN_CM,) * 4, header_right=endorsement,
                                   footer_left="DRAFT - not signed" if draft_mark else "", page_numbers=True),
                   top_right=top_right(content), author=w.full_name)
    doc.add(*_title(content))
    for number, p in content.numbered():
        doc.add(Para(p.get("text", ""), "heading" if p.get("heading") else "body", number=number,
                     keep_with_next=bool(p.get("heading"))))
    doc.add(Para("**Statement of truth**", "heading", keep_with_next=True),
            Para(content.statement_of_truth, keep_with_next=True))
    signing = signing or SigningState()
    signed_date = fmt_date(signing.signed_on) if signing.signed_on else ""
    lines = [f"Full name: {w.full_name}", f"Date of signing: {signed_date}"]
    if signing.typed:
        lines.append("Signed by the witness typing their full name.")
    doc.add(Signature("Signed:", lines, image_png=signing.signature_png))
    if content.certificate:
        cert = content.certificate
        text = ANNEX_1_CERTIFICATE.format(name=cert.get("name", ""), address=cert.get("address", ""),
                                          exhibits=ANNEX_1_EXHIBITS if content.marks() else "")
        doc.add(Para("**Certificate (Practice Direction 22, Annex 1)**", "heading", keep_with_next=True),
                Para(text, keep_with_next=True),
                Signature("Signed (authorised person):", [f"Full name: {cert.get('name', '')}",
                                                          f"Date: {signed_date}"]))
    if content.interpreter:
        i = content.interpreter
        doc.add(Para("**Interpreter**", "heading", keep_with_next=True),
                Para(f"This statement was prepared in {i.get('language', '')} through {i.get('name', '')}, "
                     "interpreter, and read back to the witness in that language before signing.", "body"))
    ensure_absent(doc, forbidden or [], "witness statement")
    return doc


def build_hearsay_notice(content: StatementContent, forbidden: list[Identity], on: date) -> Document:
    """Hearsay notice (Civil Evidence Act 1995 s2, CPR 33.2) for an anonymous witness's account given
    through this officer's statement. The anonymous witness is described, never named."""
    h = content.hearsay or {}
    paras = ", ".join(str(n) for n in h.get("paragraphs", [])) or "[paragraphs]"
    p = content.proceedings
    doc = Document(title="Hearsay notice", setup=PageSetup(margins_cm=(MARGIN_CM,) * 4,
                   header_right=f"Claim number: {p.claim_number or '[not yet issued]'}"))
    doc.add(*_title(content)[:-1])
    doc.add(Para("HEARSAY NOTICE", "title"),
            Para("Civil Evidence Act 1995, section 2, and Civil Procedure Rules 33.2", "centre"),
            Para(f"TAKE NOTICE that the {content.party} intends to rely on hearsay evidence at the hearing of "
                 "this claim.", number="1"),
            Para(f"The hearsay evidence is contained in paragraphs {paras} of the {ordinal(content.number)} "
                 f"witness statement of {content.witness.full_name}, "
                 f"{content.witness.position or 'officer'} of {content.witness.employer}, dated "
                 f"{fmt_date(date.fromisoformat(content.made_date)) if content.made_date else '[date]'}.",
                 number="2"),
            Para(f"The evidence is the account given by {h.get('source', 'a person whose identity is withheld')}.",
                 number="3"),
            Para(f"The {content.party} relies on it because it is evidence of the matters stated, and that person "
                 f"will not be called as a witness because {h.get('reason', 'they fear reprisals')}.", number="4"),
            Spacer(0.5), Signature("Signed:", [f"On behalf of the {content.party}", f"Date: {fmt_date(on)}"]))
    ensure_absent(doc, forbidden, "hearsay notice")
    return doc
