"""The pure pieces: wording rules, preflight patterns, the identity guard, the paragraph diff, and a
document with every kind of block rendered by both renderers."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_helpers import libreoffice_to_pdf, pdf_text

from asb_desktop.documents.diffing import describe, diff_paragraphs
from asb_desktop.documents.guard import ensure_absent, person_identities
from asb_desktop.documents.model import Document, Para, Signature, Table, runs_of
from asb_desktop.documents.preflight import DATE_IN_WORDS, DATE_SUFFIX, NUMBER_WORDS
from asb_desktop.documents.render_docx import render
from asb_desktop.documents.wording import initials_of, ordinal
from asb_desktop.services.kernel.errors import RuleBlocked


def test_wording_rules() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert initials_of("Zoë", "Ó'Brien-Łukasiewicz") == "ZÓŁ"
    assert initials_of("Ana María", "Ñúñez") == "AMÑ"
    assert [(r.text, r.bold) for r in runs_of("marked '**AB1**' here")] == [("marked '", False), ("AB1", True),
                                                                             ("' here", False)]


@pytest.mark.parametrize("text, pattern", [
    ("on the twentieth of May", DATE_IN_WORDS), ("May the twenty-first", DATE_IN_WORDS),
    ("in two thousand and twenty six", DATE_IN_WORDS), ("on May 20th", DATE_SUFFIX), ("the 3rd of June", DATE_SUFFIX),
    ("three times", NUMBER_WORDS)])
def test_preflight_patterns_find(text: str, pattern) -> None:  # noqa: ANN001
    assert pattern.search(text)


@pytest.mark.parametrize("text", ["On 20 May 2026 at 23:30 I heard 3 bangs.", "I was the first to arrive.",
                                  "One of them shouted."])
def test_preflight_patterns_leave_figures_alone(text: str) -> None:
    assert not (DATE_IN_WORDS.search(text) or DATE_SUFFIX.search(text) or NUMBER_WORDS.search(text))


def test_guard_matches_whole_words_whatever_the_case_or_accents() -> None:
    ids = person_identities("complainant", "Zoë Ó'Brien", "Zoë", "Ó'Brien", "Flat 3, Ship Lane", "07700 900123")
    ensure_absent(Document("x", [Para("Zoey and Flat 30 are fine; so is O'Brien without the accent")]), ids, "x")
    for bad in ("ZOË was there", "flat 3, ship lane", "call 07700 900123"):
        with pytest.raises(RuleBlocked):
            ensure_absent(Document("x", [Para(bad)]), ids, "letter")


def test_diff_by_paragraph() -> None:
    changes = diff_paragraphs(["a", "b", "c"], ["a", "B", "c", "d"])
    assert [(c.kind, c.old_number, c.new_number) for c in changes] == [("changed", 2, 2), ("added", None, 4)]
    assert "Paragraph 2 changed" in describe(changes) and describe([]) == "No differences."


def test_every_block_renders_in_both_formats(tmp_path: Path) -> None:
    doc = Document("Blocks", [Para("Heading", "heading"), Para("Numbered **bold** Łódź", number="1"),
                              Table([["Head", "Second"], ["cell ő", "cell Ø"]]),
                              Signature("Signed:", ["Full name: Zoë"])], top_right=["Top right"])
    pdf = tmp_path / "blocks.pdf"
    pdf.write_bytes(render(doc, "pdf"))
    docx = tmp_path / "blocks.docx"
    docx.write_bytes(render(doc, "docx"))
    (converted,) = libreoffice_to_pdf([docx], tmp_path / "lo")
    for path in (pdf, converted):
        text = " ".join(pdf_text(path).split())
        for expected in ("Top right", "Numbered bold Łódź", "cell ő", "cell Ø", "Full name: Zoë", "Page 1 of 1"):
            assert expected in text, (path.name, expected)
    with pytest.raises(ValueError, match="format"):
        render(doc, "odt")
