"""An incident that runs past midnight shows its start and end on the timeline and in the court chronology."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

from integration.case_factory import rich_case
from sqlalchemy import select

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm import Case, Incident

SPAN = "23:30 on 15/11/2026 to 01:00 on 16/11/2026"


def _overnight(ctx: Context) -> str:
    ref = rich_case(ctx)
    with ctx.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == ref))
        s.add(Incident(case_id=case_id, created_at=datetime(2026, 11, 16, 9), started_at=datetime(2026, 11, 15, 23, 30),
                       ended_at=datetime(2026, 11, 16, 1, 0), location="Stairwell",
                       description="Party music through the night"))
    return ref


def test_timeline_and_chronology_show_start_and_end(ctx: Context, tmp_path: Path) -> None:
    ref = _overnight(ctx)
    svc = Services(ctx)
    detail = svc.queries.case_detail(ref)
    lines = [e.text for e in detail.timeline if e.kind == "incident"]
    assert f"{SPAN}: Party music through the night" in lines
    out = tmp_path / "bundle.pdf"
    svc.bundles.build(ref, "possession", out)
    raw = subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout
    chronology = " ".join(raw.split("Chronology (schedule of incidents)", 2)[-1].split())
    assert f"{SPAN} Incident report Party music through the night" in chronology
