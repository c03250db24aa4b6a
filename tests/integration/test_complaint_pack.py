"""The complaint pack (issue 22) for the court-ready demo case and for a case whose deadlines were
missed: an index whose page numbers are the pages the parts start on, each deadline met or missed with
days late and its clause, no withheld identity anywhere, team leaders and above only, audited.
Read from the rendered PDF. SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.demo import generate as demo
from asb_desktop.demo.court_case import WITNESS, prepare_court_case
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry


def pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return out.split("\f")[:-1]


def test_court_ready_case_pack_has_a_true_index_and_no_withheld_identity(ctx: Context, tmp_path: Path) -> None:
    demo.generate(ctx.engine, 3, seed=7, today=ctx.now().date())
    ref = prepare_court_case(ctx)
    info = Services(ctx).complaint_pack.build(ref, tmp_path / "pack.pdf")
    text = pages(info.path)
    assert len(text) == info.pages >= 3 and all(f"Page {n} of {info.pages}" in t for n, t in enumerate(text, 1))
    index = {line.rsplit(maxsplit=1)[0].strip(): int(line.rsplit(maxsplit=1)[1])
             for line in text[0].splitlines() if line.strip()[:2] in {f"{n}." for n in range(1, 8)}}
    assert len(index) == 7
    for heading, page in index.items():  # each part starts on the page the index gives
        assert any(line.strip() == heading for line in text[page - 1].splitlines()), heading
        assert not any(line.strip() == heading for t in text[1:page - 1] for line in t.splitlines())
    whole = "\n".join(text)
    assert "First response to the" in whole and "Met" in whole and "5.3, 6.2" in whole
    assert "[withheld] saw Mr Marsh kick" in " ".join(whole.split())
    for identity in (WITNESS.surname, WITNESS.phone, "Flat 9"):
        assert identity not in whole
    with ctx.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.case_reference == ref, AuditEntry.action == "export")
                         .order_by(AuditEntry.id.desc()))
        assert entry is not None and "Complaint pack" in entry.summary


def test_missed_deadlines_show_days_late_and_the_clause(ctx: Context, tmp_path: Path) -> None:
    svc = Services(ctx)
    ref = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-02 09:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}]})).reference
    svc.cases.record_response(ref, datetime(2026, 11, 10, 9, 0))  # due Thursday 5 November: late
    info = svc.complaint_pack.build(ref, tmp_path / "late.pdf")
    whole = "\n".join(pages(info.path))
    row = next(line for line in whole.splitlines() if "First response to the" in line)
    assert row.split()[-6:] == ["05/11/2026", "10/11/2026", "Missed", "5", "5.3,", "6.2"]
    assert info.missed == 1 and "1 missed or overdue (5 days late in all)" in " ".join(whole.split())


def test_officers_cannot_and_bad_paths_are_refused(ctx: Context, tmp_path: Path, db_url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    svc = Services(ctx)
    svc.users.add("olu", "Olu Officer", ["officer"])
    ref = svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 09:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee"}}]})).reference
    olu = Services(Context(ctx.engine, sign_in(ctx.engine, "olu"), ctx.data_dir, ctx.clock))
    with pytest.raises(PermissionDenied):
        olu.complaint_pack.build(ref, tmp_path / "x.pdf")
    with pytest.raises(ValidationError, match="out"):
        svc.complaint_pack.build(ref, tmp_path / "x.docx")
    code = main(["--db", db_url, "--data-dir", str(ctx.data_dir), "case", "complaint-pack", ref,
                 "--out", str(tmp_path / "missing" / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    assert not list(tmp_path.glob("**/*.pdf*"))


def test_case_review_pack_says_why_the_threshold_was_met(ctx: Context, tmp_path: Path, db_url: str,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    ref = Services(ctx).cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 09:00", "categories": ["Hate-related incident"],
        "hate_related": True,
        "parties": [{"role": "complainant", "person": {"first_names": "Ann", "surname": "Lee"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}]})).reference
    out = tmp_path / "review.pdf"
    code = main(["--db", db_url, "--data-dir", str(ctx.data_dir), "case", "review-pack", ref, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    whole = " ".join("\n".join(pages(out)).split())
    assert f"ASB case review pack: ASB case {ref}" in whole and "Threshold met on 23/11/2026" in whole
    assert "prepared for an ASB case review" in whole and "Complaint pack" not in whole
