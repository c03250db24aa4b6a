"""Diary sheets: the blank fillable form, a filled form read back, scans with entries keyed in beside them."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))

from case_factory import rich_case  # noqa: E402
from media_factory import write_pdf, write_photo  # noqa: E402

from asb_desktop.evidence.diary import DiaryRowsError, check_rows, parse_time  # noqa: E402
from asb_desktop.evidence.diary_sheet import fill_sheet  # noqa: E402
from asb_desktop.services import Services  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.services.kernel.errors import ValidationError  # noqa: E402

REF = "ASB-2026-00007"
NOW = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def svc(ctx: Context) -> Services:
    rich_case(ctx, REF)
    return Services(ctx)


def test_blank_sheet_has_the_case_the_complainant_the_return_date_and_the_columns(svc: Services,
                                                                                 tmp_path: Path) -> None:
    pdf = svc.diary.blank_sheet(REF, tmp_path / "sheet.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Case reference: ASB-2026-00007" in text
    assert "Zoë Ó'Brien-Łukasiewicz" in text
    assert "Please return by: 07/12/2026" in text  # two weeks after 23/11/2026
    reading_order = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                            check=True).stdout.split())
    headings = ("Date Time started Time stopped What happened and its source Room or place affected "
                "Effect (e.g. loss of sleep) Severity 1-10 Who was involved Witnesses")
    assert reading_order.count(headings) == 2  # on both pages
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Form: +AcroForm$", info, re.M) and re.search(r"^Pages: +2$", info, re.M)


def test_filled_sheet_becomes_diary_entries_in_the_timeline(svc: Services, tmp_path: Path) -> None:
    blank = svc.diary.blank_sheet(REF, tmp_path / "sheet.pdf")
    filled = fill_sheet(blank, tmp_path / "filled.pdf", {
        1: {"date": "20/11/2026", "started": "23:30", "stopped": "01:15", "what_happened": "Bass through the wall",
            "place": "Bedroom", "effect": "Loss of sleep", "severity": "8", "who_involved": "Flat 4",
            "witnesses": "My son"},
        14: {"date": "21/11/2026", "started": "7pm", "what_happened": "Shouting on the stairs — «again»"},
    })
    uids = svc.diary.import_sheet(REF, filled)
    assert len(uids) == 2
    entries = svc.evidence.diary_entries(REF)
    assert [(e.started_at, e.ended_at) for e in entries] == [
        (datetime(2026, 11, 20, 23, 30), datetime(2026, 11, 21, 1, 15)), (datetime(2026, 11, 21, 19, 0), None)]
    first = entries[0]
    assert (first.place, first.effect, first.severity, first.who_involved, first.witnesses) == (
        "Bedroom", "Loss of sleep", 8, "Flat 4", "My son")
    assert first.person_name == "Ms Zoë Ó'Brien-Łukasiewicz"
    sheet_item = svc.evidence.item(first.evidence_id)
    assert sheet_item.kind == "diary" and sheet_item.meta["diary_form"]
    events = svc.diary.timeline_events(REF)
    assert events[0].kind == "diary" and "Bass through the wall" in events[0].text
    with pytest.raises(ValidationError, match="imported already"):
        svc.diary.import_sheet(REF, filled)


def test_a_bad_row_names_the_row_and_field_and_saves_nothing(svc: Services, tmp_path: Path) -> None:
    blank = svc.diary.blank_sheet(REF, tmp_path / "sheet.pdf")
    filled = fill_sheet(blank, tmp_path / "filled.pdf", {
        1: {"date": "20/11/2026", "started": "23:30", "what_happened": "Fine"},
        3: {"date": "31/11/2026", "started": "25:00", "what_happened": "Bad", "severity": "11"},
    })
    with pytest.raises(ValidationError) as err:
        svc.diary.import_sheet(REF, filled)
    message = str(err.value)
    assert "row 3, Date: '31/11/2026' is not a date" in message
    assert "row 3, Time started: '25:00' is not a time" in message
    assert "row 3, Severity 1-10" in message and "Nothing was saved" in message
    assert svc.evidence.diary_entries(REF) == []
    assert svc.evidence.list_items(REF) == []


def test_a_sheet_for_another_case_or_a_plain_pdf_is_refused(svc: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a fillable diary sheet"):
        svc.diary.import_sheet(REF, write_pdf(tmp_path / "letter.pdf"))
    other = svc.diary.blank_sheet(REF, tmp_path / "sheet.pdf")
    with pytest.raises(ValidationError, match="is for case ASB-2026-00007"):
        svc.diary.import_sheet("ASB-2026-00099", other)


def test_scanned_sheet_with_entries_keyed_in(svc: Services, tmp_path: Path) -> None:
    scan = write_photo(tmp_path / "scan.jpg")
    svc.diary.add_entries(REF, [{"date": "2026-11-19", "started": "22:00", "stopped": "22:40",
                                 "what_happened": "Dog barking", "severity": "5"}], scan=scan)
    [entry] = svc.evidence.diary_entries(REF)
    assert entry.evidence_id is not None
    item = svc.evidence.item(entry.evidence_id)
    assert item.kind == "diary" and item.original_name == "scan.jpg"


def test_row_checks() -> None:
    assert parse_time("11:15pm").hour == 23 and parse_time("2315").minute == 15 and parse_time("7").hour == 7
    with pytest.raises(DiaryRowsError) as err:
        check_rows([{"date": " ", "started": "", "what_happened": "", "effect": "Scared"}, {}, {"bogus": "x"}], NOW)
    assert err.value.problems[:3] == ["row 1, Date: is empty", "row 1, Time started: is empty",
                                      "row 1, What happened and its source: is empty"]
    assert "row 3: unknown column(s) bogus" in err.value.problems
    with pytest.raises(DiaryRowsError, match="is in the future"):
        check_rows([{"date": "24/11/2026", "started": "10:00", "what_happened": "x"}], NOW)
    assert check_rows([{"date": "1 November 2026", "started": "9.05am", "what_happened": "x"}], NOW)[0].started_at \
        == datetime.combine(date(2026, 11, 1), datetime.min.time()).replace(hour=9, minute=5)
