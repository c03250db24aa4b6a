"""The particulars of a notice in the officer's own words: drafted from the incidents, edited, and
refused when a withheld person's name is typed back in (services and `asb notice draft|pack
--particulars`, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from sqlalchemy import func, select
from support.pdf import page_text, pdfinfo_pages

from asb_desktop.cli import main
from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm import AuditEntry, Case, Incident, User
from asb_desktop.storage.orm_court import Notice

WITHHELD = "李小龍"  # the rich case's withheld witness


def approved_case(ctx: Context) -> str:
    ref = rich_case(ctx)
    with ctx.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == ref))
        s.add(Incident(case_id=case_id, created_at=datetime(2026, 11, 21, 9), started_at=datetime(2026, 11, 20, 22, 5),
                       location="Outside Flat 4", description=f"Music played loudly; {WITHHELD} saw it from the landing"))
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        boss = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    Services(Context(ctx.engine, boss, ctx.data_dir, clock=ctx.clock)).notices.approve(ref, "s83_ground2", "ok")
    return ref


def notices_on(ctx: Context, ref: str) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count(Notice.id)).join(Case, Case.id == Notice.case_id)
                        .where(Case.reference == ref))


def test_drafted_then_edited_particulars_go_into_the_notice(ctx: Context, tmp_path: Path) -> None:
    ref = approved_case(ctx)
    svc = Services(ctx)
    draft = svc.notices.draft_particulars(ref, "s83_ground2")
    assert "[withheld] saw it from the landing" in draft and WITHHELD not in draft
    assert [p.split(".")[0] for p in draft.split("\n\n")] == ["1", "2", "3", "4"]  # one paragraph per incident

    with pytest.raises(RuleBlocked, match=r"contain the name of the withheld witness \(\d\)"):
        svc.notices.pack(ref, "s83_ground2", tmp_path / "refused", particulars=draft.replace("[withheld]", WITHHELD))
    with pytest.raises(ValidationError, match="particulars: are empty"):
        svc.notices.pack(ref, "s83_ground2", tmp_path / "refused", particulars=" \n\n ")
    assert notices_on(ctx, ref) == 0 and not (tmp_path / "refused").exists()

    own = "1. On 20/11/2026 at 22:05 the tenant played music so loud that a neighbour could not sleep.\n\n" \
          "2. The tenant was warned in writing and carried on."
    info = svc.notices.pack(ref, "s83_ground2", tmp_path / "pack", particulars=own)
    notice = " ".join(" ".join(page_text(tmp_path / "pack" / "01-notice.pdf", n).split())
                      for n in range(1, pdfinfo_pages(tmp_path / "pack" / "01-notice.pdf") + 1))
    assert "a neighbour could not sleep. 2. The tenant was warned in writing and carried on." in notice
    assert "saw it from the landing" not in notice  # the draft was replaced, not added to
    schedule = " ".join(page_text(tmp_path / "pack" / "03-schedule-of-incidents.pdf", 1).split())
    assert "[withheld] saw it from the landing" in schedule  # the schedule still lists every incident
    with ctx.session() as s:
        summaries = list(s.scalars(select(AuditEntry.summary).where(AuditEntry.case_reference == ref)))
    assert f"Notice pack {info.number} generated: {info.title} (particulars written by the officer)" in summaries


def test_notice_draft_and_pack_with_a_particulars_file(ctx: Context, db_url: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    ref = approved_case(ctx)

    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(ctx.data_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = asb("notice", "draft", ref, "--type", "s83_ground2", "--out", str(tmp_path / "p.txt"))
    assert code == 0, err
    text = (tmp_path / "p.txt").read_text(encoding="utf-8")
    assert "[withheld] saw it" in text
    (tmp_path / "p.txt").write_text(text.replace("[withheld]", WITHHELD), encoding="utf-8")
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(tmp_path / "pack"),
                         "--particulars", str(tmp_path / "p.txt"))
    assert code == 1 and "withheld witness" in err and WITHHELD not in err and "Traceback" not in err
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(tmp_path / "pack"),
                         "--particulars", str(tmp_path / "nothing.txt"))
    assert code == 2 and "nothing.txt" in err and "Traceback" not in err
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 noise".encode("latin-1"))
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(tmp_path / "pack"),
                         "--particulars", str(tmp_path / "latin1.txt"))
    assert code == 2 and "is not a UTF-8 text file" in err
    (tmp_path / "p.txt").write_text("The tenant played music until 3am on 20/11/2026.\n", encoding="utf-8")
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(tmp_path / "pack"),
                         "--particulars", str(tmp_path / "p.txt"))
    assert code == 0, err
    assert "The tenant played music until 3am" in " ".join(page_text(tmp_path / "pack" / "01-notice.pdf", 1).split())
