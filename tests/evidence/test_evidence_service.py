"""The evidence service on SQLite and PostgreSQL: the store, the inbox, custody, verify, exhibit marks."""

from __future__ import annotations

import os
import stat
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))

from case_factory import minimal_case, rich_case  # noqa: E402
from media_factory import tone, write_audio, write_pdf, write_photo  # noqa: E402

from asb_desktop.services.evidence.evidence import EvidenceService  # noqa: E402
from asb_desktop.services.kernel.context import Context  # noqa: E402
from asb_desktop.services.kernel.errors import NotFound, ValidationError  # noqa: E402
from asb_desktop.storage.orm import AuditEntry, Person, Setting  # noqa: E402
from asb_desktop.storage.orm_evidence import EvidenceItem  # noqa: E402

REF = "ASB-2026-00007"


@pytest.fixture
def svc(ctx: Context) -> EvidenceService:
    rich_case(ctx, REF)
    return EvidenceService(ctx)


def people(ctx: Context) -> dict[str, Person]:
    with ctx.session() as s:
        return {p.surname: p for p in s.scalars(select(Person))}


def test_add_stores_each_file_once_read_only_under_its_hash(svc: EvidenceService, tmp_path: Path) -> None:
    rec = write_audio(tmp_path / "in" / "2026-11-20 23-14-05.wav", tone(2, noise=0.05))
    copy = tmp_path / "in" / "copy of it.wav"
    copy.write_bytes(rec.read_bytes())
    report = svc.add_files(REF, [rec], source="complainant")
    assert report.ok and len(report.stored) == 1
    item = report.stored[0]
    stored = svc.store().path_for(item.sha256)
    assert stored == svc.ctx.data_dir / "evidence" / item.sha256[:2] / item.sha256[2:4] / item.sha256
    assert stored.read_bytes() == rec.read_bytes()
    assert not os.stat(stored).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert item.kind == "noise" and item.made_at == datetime(2026, 11, 20, 23, 14, 5)
    assert item.source == "complainant" and item.cases == (REF,)
    again = svc.add_files(REF, [copy])
    assert not again.stored and [i.uid for i in again.already_held] == [item.uid]
    assert [p.sha256 for p in svc.store().walk()] == [item.sha256]
    assert len(svc.list_items(REF)) == 1


def test_inbox_link_custody_and_audit(svc: EvidenceService, tmp_path: Path) -> None:
    photo = write_photo(tmp_path / "door.jpg", datetime(2026, 11, 19, 8, 30))
    item = svc.add_files(None, [photo]).stored[0]
    assert [i.uid for i in svc.list_items(None)] == [item.uid]
    assert svc.list_items(REF) == []
    svc.link(item.uid, REF)
    assert svc.list_items(None) == []
    svc.set_description(item.uid, "Front door, kicked in")
    svc.item(item.uid)
    out = svc.export(item.uid, tmp_path / "out.jpg", REF)
    assert out.read_bytes() == photo.read_bytes()
    actions = [c.action for c in svc.custody(item.uid)]
    assert actions == ["create", "link", "change", "view", "export"]
    with svc.ctx.session() as s:
        audited = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "evidence",
                                                                        AuditEntry.entity_id == item.uid))]
    assert {"create", "link", "change", "view", "export"} <= set(audited)


def test_bad_files_are_refused_and_the_batch_carries_on(svc: EvidenceService, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    write_audio(folder / "good.flac", tone(1))
    (folder / "empty.wav").write_bytes(b"")
    (folder / "picture.wav").write_bytes(write_photo(tmp_path / "p.jpg").read_bytes())
    (folder / "cut.wav").write_bytes(write_audio(tmp_path / "w.wav", tone(3)).read_bytes()[:20000])
    write_pdf(folder / "locked.pdf", password="secret")
    report = svc.add_files(REF, [folder, tmp_path / "not-there.wav"])
    assert [i.original_name for i in report.stored] == ["good.flac"]
    reasons = {Path(r.path).name: r.reason for r in report.refused}
    assert "empty" in reasons["empty.wav"]
    assert "picture" in reasons["picture.wav"]
    assert "cut short" in reasons["cut.wav"]
    assert "password" in reasons["locked.pdf"]
    assert "no such file" in reasons["not-there.wav"]
    assert len(list(svc.store().walk())) == 1
    assert not svc.store().leftovers()


def test_verify_finds_missing_altered_and_orphaned(svc: EvidenceService, tmp_path: Path) -> None:
    a = svc.add_files(REF, [write_pdf(tmp_path / "a.pdf", text="A")]).stored[0]
    b = svc.add_files(REF, [write_pdf(tmp_path / "b.pdf", text="B")]).stored[0]
    assert svc.verify().ok and svc.verify().checked == 2
    path_a = svc.store().path_for(a.sha256)
    os.chmod(path_a, 0o644)
    path_a.write_bytes(path_a.read_bytes() + b"%tampered")
    svc.store().path_for(b.sha256).unlink()
    orphan = svc.store().put(write_pdf(tmp_path / "c.pdf", text="C"))  # a crash after the copy, before the row
    report = svc.verify()
    assert not report.ok
    assert report.altered == [f"{a.sha256} (a.pdf)"]
    assert report.missing == [f"{b.sha256} (b.pdf)"]
    assert report.orphaned == [str(orphan.path)]


def test_evidence_root_setting_moves_the_store(svc: EvidenceService, tmp_path: Path) -> None:
    share = tmp_path / "team share"
    with svc.ctx.session() as s:
        s.add(Setting(key="evidence_root", value={"v": str(share)}))
    item = svc.add_files(REF, [write_pdf(tmp_path / "a.pdf")]).stored[0]
    assert (share / item.sha256[:2] / item.sha256[2:4] / item.sha256).is_file()


def test_exhibit_marks_run_on_per_witness(svc: EvidenceService, tmp_path: Path) -> None:
    who = people(svc.ctx)
    zoe, witness = who["Ó'Brien-Łukasiewicz"], who["小龍"]
    items = [svc.add_files(REF, [write_pdf(tmp_path / f"{i}.pdf", text=str(i))]).stored[0] for i in range(4)]
    marks = [svc.assign_exhibit(REF, items[0].uid, zoe.id).mark, svc.assign_exhibit(REF, items[1].uid, zoe.uid).mark,
             svc.assign_exhibit(REF, items[2].uid, witness.id).mark, svc.assign_exhibit(REF, items[3].uid, zoe.id).mark]
    assert marks == ["ZÓ1", "ZÓ2", "李小1", "ZÓ3"]
    assert svc.assign_exhibit(REF, items[0].uid, zoe.id).mark == "ZÓ1"  # asking again gives the same mark
    with pytest.raises(ValidationError, match="already exhibit ZÓ1"):
        svc.assign_exhibit(REF, items[0].uid, witness.id)
    mine = svc.exhibits(REF, zoe.id)
    assert [(e.mark, e.evidence_id, e.person_id) for e in mine] == [
        ("ZÓ1", items[0].uid, zoe.id), ("ZÓ2", items[1].uid, zoe.id), ("ZÓ3", items[3].uid, zoe.id)]
    theirs = svc.exhibits(REF, witness.uid)
    assert theirs[0].withheld and not mine[0].withheld
    assert mine[0].sha256 == items[0].sha256 and mine[0].original_name == "0.pdf" and mine[0].kind == "document"
    assert [e.mark for e in svc.exhibits(REF)] == ["ZÓ1", "ZÓ2", "ZÓ3", "李小1"]
    assert "ZÓ1" in svc.list_items(REF)[0].exhibit_marks
    with pytest.raises(NotFound):
        svc.assign_exhibit(REF, "no-such-item", zoe.id)


def test_witnesses_with_the_same_initials_get_distinct_marks(ctx: Context, tmp_path: Path) -> None:
    minimal_case(ctx, REF)
    with ctx.session() as s:
        case_id = s.scalar(select(EvidenceItem.id))  # no items yet
        assert case_id is None
        from asb_desktop.storage.orm import Case, CaseParty

        case = s.scalar(select(Case))
        for first, last in (("Anne", "Brown"), ("Alan", "Bell")):
            p = Person(first_names=first, surname=last, created_at=datetime(2026, 1, 1))
            s.add(p)
            s.flush()
            s.add(CaseParty(case_id=case.id, person_id=p.id, role="witness"))
    svc = EvidenceService(ctx)
    who = people(ctx)
    a = svc.add_files(REF, [write_pdf(tmp_path / "a.pdf", text="a")]).stored[0]
    b = svc.add_files(REF, [write_pdf(tmp_path / "b.pdf", text="b")]).stored[0]
    assert svc.assign_exhibit(REF, a.uid, who["Brown"].id).mark == "AB1"
    assert svc.assign_exhibit(REF, b.uid, who["Bell"].id).mark == "ABE1"


def test_two_users_assigning_at_once_get_unique_marks(svc: EvidenceService, tmp_path: Path) -> None:
    zoe = people(svc.ctx)["Ó'Brien-Łukasiewicz"]
    items = [svc.add_files(REF, [write_pdf(tmp_path / f"{i}.pdf", text=f"x{i}")]).stored[0] for i in range(8)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(mine: list[str]) -> None:
        other = EvidenceService(Context(svc.ctx.engine, svc.ctx.actor, svc.ctx.data_dir, clock=svc.ctx.clock))
        barrier.wait()
        for uid in mine:
            try:
                other.assign_exhibit(REF, uid, zoe.id)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=([i.uid for i in items[n::2]],)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    marks = sorted(e.mark for e in svc.exhibits(REF))
    assert marks == sorted(f"ZÓ{n}" for n in range(1, 9))
