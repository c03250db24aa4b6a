"""Preflight: every PD 32 / PD 22 requirement a statement draft misses, each with a stable key so the
officer can fix it or knowingly waive it with a reason before the final version."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import plain_text
from .statement import MARK, StatementContent
from .wording import STATEMENT_OF_TRUTH

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_UNITS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
          "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth")
ORDINAL_WORD = rf"(?:(?:twenty|thirty)[- ](?:{_UNITS})|{_UNITS})"
DATE_IN_WORDS = re.compile(
    rf"\b(?:{ORDINAL_WORD})\s+(?:day\s+)?of\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+(?:the\s+)?(?:{ORDINAL_WORD})\b"
    r"|\btwo thousand\b", re.IGNORECASE)
DATE_SUFFIX = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}"
                         r"(?:st|nd|rd|th)\b", re.IGNORECASE)
NUMBER_WORDS = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                          r"eighty|ninety|hundred|thousand)\b", re.IGNORECASE)
REFERS = re.compile(r"\bI (?:refer to|produce|exhibit|attach)\b|\b(?:attached|exhibited|enclosed)\b",
                    re.IGNORECASE)
GAP_MARK = re.compile(r"\[[^\]]{2,60}\]")
OPENING_SPAN = 8  # the opening facts belong in the first paragraphs


@dataclass(frozen=True)
class Finding:
    key: str  # stable: the waiver is recorded against it
    rule: str  # e.g. "PD 32 19.1"
    message: str
    paragraph: int | None = None
    waived: str | None = None  # the reason, when waived


def _contains(text: str, needle: str) -> bool:
    return bool(needle.strip()) and " ".join(needle.split()).casefold() in " ".join(text.split()).casefold()


def check(content: StatementContent, known_marks: set[str]) -> list[Finding]:
    """Everything the draft misses. ``known_marks``: exhibit marks with evidence behind them."""
    out: list[Finding] = []
    p, w = content.proceedings, content.witness
    if not p.court.strip():
        out.append(Finding("title.court", "PD 32 17.1", "The title of proceedings does not name the court."))
    if not p.claim_number.strip():
        out.append(Finding("title.claim_number", "PD 32 17.1", "There is no claim number: the claim has not been "
                           "issued, so the title and every page's endorsement print '[not yet issued]' (PD 32 "
                           "17.1, 19.1). Add the claim number before the statement goes into a bundle."))
    if not p.claimant.strip() or not [d for d in p.defendants if d.strip()]:
        out.append(Finding("title.parties", "PD 32 17.1", "The title of proceedings must name the claimant and "
                           "every defendant."))
    if not content.made_date:
        out.append(Finding("top_right.date", "PD 32 17.2", "The date the statement was made is missing."))
    numbered = content.numbered()
    opening = " ".join(plain_text(par.get("text", "")) for _, par in numbered[:OPENING_SPAN])
    address_line = (w.address.splitlines() or [""])[0].strip(" ,")
    checks = [
        ("opening.name", "PD 32 18.1(1)", _contains(opening, w.full_name), "The opening does not give the "
         "witness's full name."),
        ("opening.address", "PD 32 18.1(2)", _contains(opening, address_line), "The opening does not give "
         "the witness's home address (or, for evidence given in a work capacity, the work address)."),
        ("opening.occupation", "PD 32 18.1(3)", _contains(opening, w.occupation or w.position),
         "The opening does not give the witness's occupation (or position)."),
        ("opening.party", "PD 32 18.1(4)", bool(re.search(r"\bparty\b|\bemploy", opening, re.I)),
         "The opening does not say whether the witness is a party or a party's employee."),
        ("opening.prepared", "PD 32 18.1", bool(re.search(r"\bprepared\b", opening, re.I)),
         "The opening does not say how the statement was prepared (face to face, telephone, interpreter)."),
        ("opening.knowledge", "PD 32 18.2", bool(re.search(r"own knowledge", opening, re.I)) and
         bool(re.search(r"information|belief", opening, re.I)),
         "The opening does not say which facts are from the witness's own knowledge and which are "
         "information or belief, with the source."),
    ]
    out += [Finding(key, rule, msg) for key, rule, ok, msg in checks if not ok]
    if " ".join(content.statement_of_truth.split()) != STATEMENT_OF_TRUTH:
        out.append(Finding("truth", "PD 22 2.1", "The statement of truth is not in the exact wording required "
                           "since 6 April 2020."))
    for index, (number, par) in enumerate(numbered, 1):
        out += _paragraph(index, number, par.get("text", ""), bool(par.get("heading")), known_marks)
    return out + _language(content, opening)


TRANSLATION_RULES = {"original": "PD 32 18.1", "text": "PD 32 23.2", "statement_of_truth_original": "PD 32 20.1",
                     "translator": "PD 32 23.2"}


def _language(content: StatementContent, opening: str) -> list[Finding]:
    """The interpreter named in the opening (18.2); a statement in the witness's own language complete
    in both languages, with its statement of truth and translator (18.1, 20.1, 23.2)."""
    out: list[Finding] = []
    i = content.interpreter or {}
    if i and not (_contains(opening, "interpreter") and _contains(opening, i.get("name", ""))):
        out.append(Finding("opening.interpreter", "PD 32 18.2", "The opening does not say the statement was "
                           f"prepared through an interpreter, {i.get('name', '')}, in {i.get('language', '')}."))
    if content.translated:
        for field, message in content.translation_gaps():
            head = field.split(".")[0]
            rule = TRANSLATION_RULES.get(field.rsplit(".", 1)[-1], TRANSLATION_RULES.get(head, "PD 32 23.2"))
            index = int(head[len("paragraphs["):-1]) if head.startswith("paragraphs[") else None
            out.append(Finding(f"translation.{field}", rule, message[:1].upper() + message[1:] + ".", index))
    return out


def _paragraph(index: int, number: str | None, text: str, heading: bool, known: set[str]) -> list[Finding]:
    where = f"Paragraph {number}" if number else f"Paragraph {index} (unnumbered)"
    key = f"para.{index}"
    out: list[Finding] = []
    if number is None and not heading:
        out.append(Finding(f"{key}.unnumbered", "PD 32 19.1", f"{where} is not numbered.", index))
    if re.search(r"\n\s*\n", text):
        out.append(Finding(f"{key}.split", "PD 32 19.1", f"{where} holds more than one paragraph; give each its "
                           "own number.", index))
    plain = plain_text(text)
    if gap := GAP_MARK.search(plain):
        out.append(Finding(f"{key}.gap", "PD 32 18.1", f"{where} still has a gap to fill "
                           f"(\"{gap.group()}\").", index))
    if in_words := DATE_IN_WORDS.search(plain):
        out.append(Finding(f"{key}.date_words", "PD 32 19.1", f"{where} writes a date in words "
                           f"(\"{in_words.group()}\"); write dates in figures, like "
                           "20 May 2026.", index))
    if suffixed := DATE_SUFFIX.search(plain):
        out.append(Finding(f"{key}.date_format", "PD 32 19.1", f"{where} writes a date as "
                           f"\"{suffixed.group()}\"; write it like 20 May 2026.", index))
    numbers = NUMBER_WORDS.search(plain)
    if numbers:
        out.append(Finding(f"{key}.number_words", "PD 32 19.1", f"{where} writes a number in words "
                           f"(\"{numbers.group()}\"); write numbers in figures.", index))
    marks = MARK.findall(text)
    for mark in dict.fromkeys(marks):
        if mark not in known:
            out.append(Finding(f"{key}.mark.{mark}", "PD 32 18.4", f"{where} refers to exhibit '{mark}', but no "
                               "evidence on the case has that mark for this witness.", index))
        elif f"**{mark}**" not in text:
            out.append(Finding(f"{key}.bold.{mark}", "PD 32 19.1", f"{where}: the exhibit mark '{mark}' should "
                               "be in bold.", index))
    if not marks and REFERS.search(plain):
        out.append(Finding(f"{key}.unmarked", "PD 32 18.4", f"{where} refers to a document or item without an "
                           "exhibit mark; say \"I refer to the ... marked 'AB1'\".", index))
    return out
