"""The bundle check knows the hearing, through the service (SQLite and PostgreSQL): possession wants the
served notice and its certificate, committal the order, its penal notice and proof of service; evidence
on the case that is not exhibited is listed. All warnings: the bundle is still built."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from evidence.media_factory import write_photo
from pdf_factory import text_pdf
from sqlalchemy import update
from test_court_services import case, manager  # noqa: F401 - the fixture

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm_court import Notice


def _warnings(svc: Services, ref: str, hearing: str) -> list[str]:
    issues = svc.bundles.preflight(ref, hearing)
    assert not [i for i in issues if i.severity == "stop"], issues
    return [f"{i.document}: {i.problem}" for i in issues]


def test_possession_wants_the_served_notice_and_its_certificate(ctx: Context, case: str,  # noqa: F811
                                                                tmp_path: Path) -> None:
    svc = Services(ctx)
    assert any("no notice seeking possession has been served" in w for w in _warnings(svc, case, "possession"))
    manager(ctx).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2")
    unserved = _warnings(svc, case, "possession")
    assert any(w.startswith("Notice 1 (") and "service is not recorded" in w for w in unserved)
    svc.notices.served(case, 1, "first_class_post", datetime(2026, 11, 20, 10, 0), "Sam Server")
    served = _warnings(svc, case, "possession")
    assert not [w for w in served if "Notice 1" in w or "notice seeking possession" in w]
    build = svc.bundles.build(case, "possession", tmp_path / "b.pdf", ocr=False)
    assert not [w for w in build.warnings if "Notice 1" in w]


def test_a_ground_2_notice_made_without_the_date_sought_is_warned_about(ctx: Context, case: str) -> None:  # noqa: F811
    """A notice made before the app asked for the date sought (migration 0013g left it empty) fails s83(3)."""
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2")
    svc.notices.served(case, 1, "first_class_post", datetime(2026, 11, 20, 10, 0), "Sam Server")
    assert not [w for w in _warnings(svc, case, "possession") if "date sought" in w]
    with ctx.session() as s:
        s.execute(update(Notice).values(give_up_on=None))
        s.commit()
    said = [w for w in _warnings(svc, case, "possession") if w.startswith("Notice 1 (")]
    assert len(said) == 1 and "names no date sought for giving up possession, which section 83(3)(a)(ii)" in said[0]
    assert "make, serve and use a new notice" in said[0]


def test_committal_wants_the_order_its_penal_notice_and_proof_of_service(ctx: Context, case: str,  # noqa: F811
                                                                         tmp_path: Path) -> None:
    svc = Services(ctx)
    before = " | ".join(_warnings(svc, case, "committal"))
    assert "order said to have been breached" in before and "no penal notice" in before
    assert "no proof that the order was served" in before
    order = text_pdf(tmp_path / "order.pdf", "PENAL NOTICE If you do not comply with this order", 1)
    svc.bundles.add(case, [order], title="Injunction order of 3 March 2026")
    middle = " | ".join(_warnings(svc, case, "committal"))
    assert "order said to have been breached" not in middle and "no penal notice" not in middle
    assert "no proof that the order was served" in middle
    proof = text_pdf(tmp_path / "proof.pdf", "Certificate of service N215", 1)
    svc.bundles.add(case, [proof], title="Certificate of service of the injunction order")
    after = _warnings(svc, case, "committal")
    assert not [w for w in after if "order said" in w or "penal notice" in w or "proof that the order" in w], after


def test_evidence_not_exhibited_is_listed(ctx: Context, case: str, tmp_path: Path) -> None:  # noqa: F811
    svc = Services(ctx)
    photo = write_photo(tmp_path / "stairwell.jpg")
    svc.evidence.add_files(case, [photo], kind="photo")
    listed = [w for w in _warnings(svc, case, "injunction") if "not exhibited" in w]
    assert len(listed) == 1 and "stairwell.jpg" in listed[0]


def test_every_exhibit_opens_on_a_front_sheet_with_mark_witness_statement_and_sha(ctx: Context,
                                                                                   tmp_path: Path) -> None:
    import subprocess

    from test_tampered_exhibits import _case_with_exhibits

    ref, marks = _case_with_exhibits(ctx, tmp_path)
    svc = Services(ctx)
    photo = write_photo(tmp_path / "door.jpg")
    item = svc.evidence.add_files(ref, [photo], kind="photo").stored[0]
    person = svc.queries.case_detail(ref).parties[0].person.uid
    marks["photo"] = svc.evidence.assign_exhibit(ref, item.uid, person).mark
    out = tmp_path / "bundle.pdf"
    build = svc.bundles.build(ref, "injunction", out, ocr=False)
    exhibits = {x.mark: x for x in svc.evidence.exhibits(ref)}

    def text(page: int) -> str:
        return " ".join(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(out), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())

    for kind, mark in marks.items():
        entry = next(e for e in build.entries if e["title"].startswith(f"Exhibit {mark}:"))
        front = text(entry["first_page"])
        assert f"Exhibit {mark}" in front and "Exhibited by Ann Lee" in front, (kind, front)
        assert "Not yet referred to in a signed statement" in front
        assert exhibits[mark].sha256 in front.replace(" ", ""), kind
        if kind != "noise":  # the recording is on the disc; a document or photo follows its sheet
            assert entry["last_page"] == entry["first_page"] + 1
    letter = next(e for e in build.entries if e["title"].startswith(f"Exhibit {marks['document']}:"))
    assert "Letter" in text(letter["last_page"])
