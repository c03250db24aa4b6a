"""Letters from templates the organisation may reword (forms/letters/*.toml).

A template is TOML: id, title, recipient ("complainant" or "alleged_perpetrator"), subject, body
(paragraphs separated by a blank line) and optional ``needs`` (extra values the officer gives when
generating, e.g. the interview time). Fields are ``$name`` or ``${name}`` (string.Template). Loading
refuses a template that uses a field that does not exist, naming the template and the field.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from ..domain.forms import FormError, forms_dir, load_toml
from .model import Document, Letterhead, PageSetup, Para, Signature, Spacer

COMMON_FIELDS = {
    "recipient_name": "the person the letter is to",
    "date": "today's date",
    "case_reference": "the case reference",
    "officer_name": "the officer's name",
    "officer_title": "the officer's job title",
    "organisation_name": "the organisation's name",
}
RECIPIENT_FIELDS = {
    "complainant": {
        "agreed_actions": "the agreed actions recorded on the case (6.5)",
        "contact_attempts": "the dates of the failed contact attempts (7.6)",
        "closure_reason": "why the case is being closed (16.1)",
    },
    "alleged_perpetrator": {
        "allegations": "the reported incidents: date, time, place and what happened (no complainant details)",
    },
}
RECIPIENTS = tuple(RECIPIENT_FIELDS)


@dataclass(frozen=True)
class LetterTemplate:
    id: str
    title: str
    recipient: str
    subject: str
    body: str
    needs: dict[str, str]
    source: str

    def fields(self) -> set[str]:
        return set(COMMON_FIELDS) | set(RECIPIENT_FIELDS[self.recipient]) | set(self.needs)


def used_fields(text: str, source: str) -> set[str]:
    out: set[str] = set()
    for m in string.Template.pattern.finditer(text):
        if m.group("invalid") is not None:
            raise FormError(f"{source}: a '$' that is not a field, near \"{text[m.start():m.start() + 20]}\"; "
                            "write $$ for a dollar sign")
        name = m.group("named") or m.group("braced")
        if name:
            out.add(name)
    return out


def parse_template(data: dict, source: str) -> LetterTemplate:
    for key in ("id", "title", "recipient", "subject", "body"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise FormError(f"{source}: '{key}' is missing")
    if data["recipient"] not in RECIPIENTS:
        raise FormError(f"{source}: recipient '{data['recipient']}' is not one of {', '.join(RECIPIENTS)}")
    needs = data.get("needs", {})
    if not isinstance(needs, dict) or not all(isinstance(v, str) for v in needs.values()):
        raise FormError(f"{source}: 'needs' must be a table of field = \"what it is\"")
    template = LetterTemplate(data["id"], data["title"], data["recipient"], data["subject"], data["body"],
                              dict(needs), source)
    allowed = template.fields()
    for name in sorted(used_fields(template.subject, source) | used_fields(template.body, source)):
        if name not in allowed:
            raise FormError(f"Letter template {source} uses the field '${name}', which does not exist for a "
                            f"letter to the {template.recipient.replace('_', ' ')}. Fields it can use: "
                            + ", ".join(sorted(allowed)))
    return template


def load_letter_templates(directory: Path | None = None) -> dict[str, LetterTemplate]:
    folder = directory or forms_dir() / "letters"
    out: dict[str, LetterTemplate] = {}
    for path in sorted(folder.glob("*.toml")):
        template = parse_template(load_toml(path.name, folder), f"letters/{path.name}")
        if template.id in out:
            raise FormError(f"letters/{path.name}: letter id '{template.id}' is used twice")
        out[template.id] = template
    if not out:
        raise FormError(f"No letter templates in {folder}.")
    return out


def build_letter(template: LetterTemplate, values: dict[str, str], recipient_address: str,
                 letterhead: Letterhead | None) -> Document:
    """Fill the template. Every field it uses has a value by now (the service checks ``needs``)."""
    subject = string.Template(template.subject).substitute(values)
    body = string.Template(template.body).substitute(values)
    doc = Document(title=f"{template.title}: {values.get('case_reference', '')}",
                   setup=PageSetup(margins_cm=(2.0, 2.5, 2.5, 2.5), page_numbers=True), letterhead=letterhead,
                   author=values.get("officer_name", ""))
    doc.add(Para(values.get("date", "")), Para(values.get("recipient_name", ""), "body"))
    for line in recipient_address.splitlines():
        if line.strip():
            doc.add(Para(line.strip()))
    doc.add(Spacer(0.3), Para(f"Our reference: {values.get('case_reference', '')}"),
            Para(f"**{subject}**", "heading"))
    for chunk in body.strip().split("\n\n"):
        if chunk.strip():
            doc.add(Para(" ".join(line.strip() for line in chunk.strip().splitlines() if line.strip())
                         if not chunk.lstrip().startswith("- ") else chunk.strip()))
    doc.add(Spacer(0.3), Signature("Yours sincerely,", [values.get("officer_name", ""),
                                                        values.get("officer_title", ""),
                                                        values.get("organisation_name", "")]))
    return doc
