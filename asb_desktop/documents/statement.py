"""A witness statement's content (stored as JSON on each version) and its layout to CPR Part 32,
PD 32 17-19 and PD 22: title of proceedings, page-1 top-right block, A4 with 3.5 cm margins, every
page endorsed with the claim number and witness initials, numbered paragraphs, the statement of truth,
signature, full name and date, and the Annex 1 certificate where the witness cannot read or sign."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ..domain import hearsay as hearsay_rules
from .guard import Identity, ensure_absent
from .model import Block, Document, PageSetup, Para, Signature, Spacer, Table
from .wording import (
    ANNEX_1_CERTIFICATE,
    ANNEX_1_EXHIBITS,
    ANNEX_1_TITLE,
    STATEMENT_OF_TRUTH,
    TRANSLATOR_CERTIFICATE,
    TRANSLATOR_ON_ORIGINAL,
    fmt_date,
    ordinal,
)

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
    # {"text", "numbered", "heading"} and, for a statement in the witness's own language, "original":
    # the witness's words in that language ("text" is then the English translation).
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    interpreter: dict[str, str] | None = None  # name, language, translation_date
    certificate: dict[str, str] | None = None  # Annex 1: authorised person's name and address
    hearsay: dict[str, Any] | None = None  # paragraphs, source, reason (anonymous witness, DOMAIN.md 4)
    statement_of_truth: str = STATEMENT_OF_TRUTH
    language: str = ""  # the witness's own language when the statement is made in it (PD 32 18.1); "" = English
    translator: dict[str, str] | None = None  # name, language, date, qualifications, nrpsi (PD 32 23.2)
    statement_of_truth_original: str = ""  # the statement of truth in the witness's language (PD 32 20.1)

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

    @property
    def translated(self) -> bool:
        """Made in the witness's own language, with an English translation (PD 32 18.1, 23.2)."""
        return bool(self.language.strip())

    def translation_date(self) -> str:
        """The ISO date of the translation: the translator's, else the interpreter's (older records)."""
        if self.translator and self.translator.get("date"):
            return self.translator["date"]
        return (self.interpreter or {}).get("translation_date", "")

    def translation_gaps(self) -> list[tuple[str, str]]:
        """What stops the original and the English translation being filed: (field, plain English).
        Each paragraph needs both its original and its English text."""
        gaps: list[tuple[str, str]] = []
        lang = self.language.strip() or "the witness's language"
        for i, (number, p) in enumerate(self.numbered(), 1):
            name = f"paragraph {number}" if number else f"heading {i} ('{p.get('text') or p.get('original', '')}')"
            if not str(p.get("original", "")).strip():
                gaps.append((f"paragraphs[{i}].original", f"{name} has no {lang} text (the witness's own words)"))
            if not str(p.get("text", "")).strip():
                gaps.append((f"paragraphs[{i}].text", f"{name} has no English translation"))
        if not self.statement_of_truth_original.strip():
            gaps.append(("statement_of_truth_original", f"the statement of truth has not been given in {lang}"))
        t = self.translator or {}
        if not t.get("name", "").strip():
            gaps.append(("translator.name", "the translator's name is not recorded"))
        if not t.get("date", "").strip():
            gaps.append(("translator.date", "the date of the translation is not recorded"))
        return gaps

    def original_gaps(self) -> list[tuple[str, str]]:
        """What stops the witness reading (and signing) the statement in their own language: each
        paragraph's original and the statement of truth in that language (as ``translation_gaps``)."""
        return [g for g in self.translation_gaps() if g[0].endswith(".original") or g[0] ==
                "statement_of_truth_original"] if self.translated else []

    def witness_words(self) -> tuple[list[tuple[str | None, str]], str]:
        """What the witness reads and signs: each paragraph (printed number, text) and the statement of
        truth, in the witness's own language for a statement made in it, else in English."""
        key = "original" if self.translated else "text"
        truth = self.statement_of_truth_original if self.translated else self.statement_of_truth
        return [(n, str(p.get(key, ""))) for n, p in self.numbered()], truth

    def hearsay_items(self) -> list[hearsay_rules.HearsayItem]:
        """Every paragraph that reports what someone else saw or said, with its source (PD 32 18.2):
        those marked in the statement data, and an older draft's anonymous-witness paragraphs."""
        return hearsay_rules.items(self.numbered(), self.hearsay)

    def hearsay_gaps(self) -> list[tuple[str, str]]:
        """PD 32 18.2: a hearsay paragraph whose source is neither named nor withheld with a reason."""
        return hearsay_rules.gaps(self.hearsay_items())

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


def top_right(content: StatementContent, part: str = "english") -> list[str]:
    """PD 32 17.2: party, witness initials and surname, statement number, exhibit marks, dates (the date
    of making, and of any translation)."""
    w = content.witness
    marks = content.marks()
    lines = [f"{content.party}", f"{w.initials} {w.surname}".strip() if w.initials else w.full_name,
             f"{ordinal(content.number)} statement",
             f"Exhibits: {', '.join(marks)}" if marks else "Exhibits: none",
             f"Made: {fmt_date(date.fromisoformat(content.made_date)) if content.made_date else '[date]'}"]
    translated_on = content.translation_date()
    if translated_on:
        lines.append(f"Translated: {fmt_date(date.fromisoformat(translated_on))}")
    if content.translated:
        lines.append(f"Original in {content.language}" if part == "original" else
                     f"English translation from {content.language}")
    return lines


def _translator_line(t: dict[str, str]) -> str:
    """The translator as they certify: name, then any qualifications and NRPSI number."""
    extra = [x for x in (t.get("qualifications", "").strip(),
                         f"NRPSI number {t['nrpsi'].strip()}" if t.get("nrpsi", "").strip() else "") if x]
    return t.get("name", "") + (f" ({', '.join(extra)})" if extra else "")


def _iso(value: str) -> str:
    return fmt_date(date.fromisoformat(value)) if value else "[date]"


def build_statement(content: StatementContent, signing: SigningState | None = None,
                    forbidden: list[Identity] | None = None, draft_mark: bool = False,
                    part: str = "english") -> Document:
    """Lay the statement out. ``forbidden`` identities (anonymous or withheld people) must not appear:
    the build is refused if they do. For a statement made in the witness's own language ``part`` is
    "original" (the witness's words, signed by the witness and by the translator, PD 32 23.2) or
    "english" (the translation, with the translator's certificate); otherwise it is always English."""
    w = content.witness
    original = part == "original" and content.translated
    endorsement = f"Claim number: {content.proceedings.claim_number or '[not yet issued]'}   Witness: {w.initials}"
    title = f"{ordinal(content.number)} witness statement of {w.full_name}"
    if content.translated:
        title += f" ({content.language} original)" if original else " (English translation)"
    doc = Document(title=title,
                   setup=PageSetup(margins_cm=(MARGIN_CM,) * 4, header_right=endorsement,
                                   footer_left="DRAFT - not signed" if draft_mark else "", page_numbers=True),
                   top_right=top_right(content, "original" if original else "english"), author=w.full_name)
    doc.add(*_title(content))
    if content.translated:
        doc.add(Para(f"Made in {content.language}" if original else
                     f"English translation of a statement made in {content.language}", "centre"))
    key = "original" if original else "text"
    sources = {item.paragraph: item for item in content.hearsay_items()}
    numbered = content.numbered()
    for index, (number, p) in enumerate(numbered):
        last = index == len(numbered) - 1
        item = sources.get(number or "")
        # PD 32 18.2: a paragraph of information from someone else says where it came from
        doc.add(Para(p.get(key, ""), "heading" if p.get("heading") else "body", number=number,
                     keep_with_next=bool(p.get("heading")) or (last and item is None)))
        if item is not None:
            doc.add(Para(hearsay_rules.source_line(item), "body", italic=True, keep_with_next=last))
    truth = content.statement_of_truth_original if original else content.statement_of_truth
    # the statement of truth and the signature never stand alone on the last page: the last paragraph is
    # kept with them (keep_with_next above)
    doc.add(Para("**Statement of truth**", "heading", keep_with_next=True), Para(truth, keep_with_next=True))
    signing = signing or SigningState()
    signed_date = fmt_date(signing.signed_on) if signing.signed_on else ""
    lines = [f"Full name: {w.full_name}", f"Date of signing: {signed_date}"]
    if signing.typed:
        lines.append("Signed by the witness typing their full name.")
    if content.translated and not original:  # the witness signs the original; the translation says so
        doc.add(Signature(f"Signed (the original, in {content.language}):", lines))
    else:
        doc.add(Signature("Signed:", lines, image_png=signing.signature_png))
    if content.certificate:
        cert = content.certificate
        text = ANNEX_1_CERTIFICATE.format(name=cert.get("name", ""), address=cert.get("address", ""),
                                          exhibits=ANNEX_1_EXHIBITS if content.marks() else "")
        doc.add(Para("**Practice Direction 22, Annex 1**", "heading", keep_with_next=True),
                Para(f"**{ANNEX_1_TITLE}**", keep_with_next=True),
                Para(text, keep_with_next=True),
                Signature("Signed (authorised person):", [f"Full name: {cert.get('name', '')}",
                                                          f"Address: {cert.get('address', '')}",
                                                          f"Date: {signed_date}"]))
    if content.translated:
        t = content.translator or {}
        words = TRANSLATOR_ON_ORIGINAL if original else TRANSLATOR_CERTIFICATE
        doc.add(Para("**Translator**" if original else "**Translator's certificate**", "heading",
                     keep_with_next=True),
                Para(words.format(translator=_translator_line(t), language=content.language,
                                  witness=w.full_name, made=_iso(content.made_date),
                                  date=_iso(content.translation_date())), keep_with_next=True),
                Signature("Signed (translator):", [f"Full name: {t.get('name', '')}", "Date:"]))
    if content.interpreter:
        i = content.interpreter
        doc.add(Para("**Interpreter**", "heading", keep_with_next=True),
                Para(f"This statement was prepared in {i.get('language', '')} through {i.get('name', '')}, "
                     "interpreter, and read back to the witness in that language before signing.", "body"))
    ensure_absent(doc, forbidden or [], "witness statement")
    return doc


def build_hearsay_notice(content: StatementContent, forbidden: list[Identity], on: date) -> Document:
    """Hearsay notice (Civil Evidence Act 1995 s2(1)(a), CPR 33.2(3)): identifies each item of hearsay
    evidence in the statement (paragraph and source), states that the party intends to rely on it and
    why each source will not be called. A withheld or anonymous source is described, never named."""
    found = content.hearsay_items()
    p = content.proceedings
    made = fmt_date(date.fromisoformat(content.made_date)) if content.made_date else "[date]"
    doc = Document(title="Hearsay notice", setup=PageSetup(margins_cm=(MARGIN_CM,) * 4,
                   header_right=f"Claim number: {p.claim_number or '[not yet issued]'}"))
    doc.add(*_title(content)[:-1])
    w = content.witness
    who = f"{w.full_name}, {w.position} of {w.employer}" if w.position and w.employer else w.full_name
    doc.add(Para("HEARSAY NOTICE", "title"),
            Para("Civil Evidence Act 1995, section 2, and Civil Procedure Rules 33.2", "centre"),
            Para(f"TAKE NOTICE that the {content.party} intends to rely on hearsay evidence at the hearing of "
                 "this claim.", number="1"),
            Para(f"The hearsay evidence is contained in the {ordinal(content.number)} witness statement of {who}, "
                 f"dated {made}, at the paragraphs listed below. Each is a matter of information, not of the "
                 "witness's own knowledge, and the source of each is given.", number="2"),
            Table([["Paragraph", "Source of the information", "Why the source will not be called"]] +
                  [[item.paragraph, item.describe() if not item.withheld else
                    f"{item.source or 'A person'} (identity withheld)",
                    (f"Their identity is withheld because {item.reason}." if item.withheld else
                     "The evidence is given through this statement; the source may be called if the court "
                     "directs.")] for item in found],
                  widths=[0.14, 0.43, 0.43]),
            Para(f"The {content.party} relies on this evidence as evidence of the matters stated. Any party may "
                 "apply to the court for permission to call the maker of a statement for cross-examination "
                 "(CPR 33.4) or give notice that it intends to attack that person's credibility (CPR 33.5).",
                 number="3"),
            Spacer(0.5), Signature("Signed:", [f"On behalf of the {content.party}", f"Date: {fmt_date(on)}"]))
    ensure_absent(doc, forbidden, "hearsay notice")
    return doc
