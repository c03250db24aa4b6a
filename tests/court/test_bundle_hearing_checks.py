"""The bundle check knows the hearing, through the service (SQLite and PostgreSQL): possession wants the
served notice and its certificate, committal the order, its penal notice and proof of service; evidence
on the case that is not exhibited is listed. All warnings: the bundle is still built."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from evidence.media_factory import write_photo
from pdf_factory import text_pdf
from test_court_services import case, manager  # noqa: F401 - the fixture

from asb_desktop.services import Services
from asb_desktop.services.context import Context


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
