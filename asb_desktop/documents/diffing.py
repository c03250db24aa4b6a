"""A readable difference between two versions of a statement, paragraph by paragraph."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import plain_text


@dataclass(frozen=True)
class ParagraphChange:
    kind: str  # added | removed | changed
    old_number: int | None
    new_number: int | None
    old: str
    new: str

    def describe(self) -> str:
        if self.kind == "added":
            return f"Paragraph {self.new_number} added:\n  + {self.new}"
        if self.kind == "removed":
            return f"Paragraph {self.old_number} removed:\n  - {self.old}"
        label = (f"Paragraph {self.old_number}" if self.old_number == self.new_number
                 else f"Paragraph {self.old_number} (now {self.new_number})")
        return f"{label} changed:\n  - {self.old}\n  + {self.new}"


def diff_paragraphs(old: list[str], new: list[str]) -> list[ParagraphChange]:
    a, b = [plain_text(t) for t in old], [plain_text(t) for t in new]
    out: list[ParagraphChange] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            out.append(ParagraphChange("changed", i1 + k + 1, j1 + k + 1, a[i1 + k], b[j1 + k]))
        for i in range(i1 + pairs, i2):
            out.append(ParagraphChange("removed", i + 1, None, a[i], ""))
        for j in range(j1 + pairs, j2):
            out.append(ParagraphChange("added", None, j + 1, "", b[j]))
    return out


def describe(changes: list[ParagraphChange]) -> str:
    return "\n".join(c.describe() for c in changes) or "No differences."
