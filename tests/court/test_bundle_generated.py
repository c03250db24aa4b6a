"""The bundle takes the documents area's letters and assessments, and a later version appends new
chronology rows as an addendum while every earlier page stays as it was (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from sqlalchemy import select
from support.pdf import page_text

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked
from asb_desktop.storage.orm import Case, Incident


def all_text(path: Path, first: int, last: int) -> str:
    return " ".join(" ".join(page_text(path, n).split()) for n in range(first, last + 1))


def test_letters_and_assessments_from_the_documents_area_are_bundled(ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    svc = Services(ctx)
    svc.documents.risk_assessment(ref, "pdf")
    svc.documents.risk_assessment(ref, "pdf")  # regenerated: only the latest goes in
    letter = svc.documents.letter(ref, "warning_letter", "pdf").document
    svc.documents.letter(ref, "warning_letter", "docx")  # the Word copy is not bundled twice
    with_kinds = svc.bundles.build(ref, "possession", tmp_path / "b.pdf", ocr=False).entries
    generated = [e for e in with_kinds if e["key"].startswith("document:")]
    assert sorted(e["kind"] for e in generated) == ["assessment", "letter"]
    assert {e["section"] for e in generated} == {"Assessments and correspondence"}
    entry = next(e for e in generated if e["kind"] == "letter")
    assert entry["key"] == f"document:{letter.uid}" and entry["title"] == letter.title
    text = all_text(tmp_path / "b.pdf", entry["first_page"], entry["last_page"])
    assert "We have received reports of anti-social behaviour" in text
    assert "Warning letter" in all_text(tmp_path / "b.pdf", 1, 1)  # listed in the index


def test_a_later_version_appends_new_chronology_rows_and_keeps_page_numbers(ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    svc = Services(ctx)
    v1 = svc.bundles.build(ref, "possession", tmp_path / "v1.pdf", ocr=False)
    chron = next(e for e in v1.entries if e["kind"] == "chronology")
    assert len(chron["rows"]) == 3  # the three incidents of the rich case
    with ctx.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == ref))
        s.add(Incident(case_id=case_id, created_at=datetime(2026, 11, 22, 9), started_at=datetime(2026, 11, 22, 1, 15),
                       location="Car park", description="Car alarm set off deliberately at 1am"))
    v2 = svc.bundles.build(ref, "possession", tmp_path / "v2.pdf", ocr=False)
    assert v2.appended and v2.version == 2
    for n in range(1, v1.pages + 1):
        assert page_text(tmp_path / "v2.pdf", n) == page_text(tmp_path / "v1.pdf", n)
    added = [e for e in v2.entries if e["version"] == 2]
    assert [e["title"] for e in added] == ["Chronology addendum: entries added in version 2"]
    assert added[0]["first_page"] == v1.pages + 2  # after the supplementary index, numbered on
    addendum = all_text(tmp_path / "v2.pdf", added[0]["first_page"], added[0]["last_page"])
    assert "22/11/2026" in addendum and "01:15" in addendum and "Car alarm set off deliberately" in addendum
    assert "Shouting in the car park" not in addendum  # already in version 1's chronology
    assert f"{v1.pages + 2}" in all_text(tmp_path / "v2.pdf", v2.pages, v2.pages).split()  # stamped on
    with pytest.raises(RuleBlocked, match="already holds every document and chronology entry"):
        svc.bundles.build(ref, "possession", tmp_path / "v3.pdf", ocr=False)
