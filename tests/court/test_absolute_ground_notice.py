"""The absolute-ground notice (s83ZA / s84A Housing Act 1985): refused without a recorded, evidenced condition
served in time; the rendered notice states only the condition relied on, the order sought and the review right."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.orm import User


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_absolute_ground_notice_needs_a_recorded_condition_in_time(asb, engine, tmp_path: Path) -> None:  # noqa: ANN001
    asb("cases")  # creates the single user
    ref = rich_case(Context(engine, sign_in(engine), tmp_path / "data"))
    with Context(engine, sign_in(engine), tmp_path / "data").session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        boss = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    Services(Context(engine, boss, tmp_path / "data")).notices.approve(ref, "s83za_absolute", "Proportionate")
    pack = tmp_path / "pack"
    code, out, err = asb("notice", "pack", ref, "--type", "s83za_absolute", "--out", str(pack))
    assert code == 1 and "No condition of the absolute ground" in err and not pack.exists(), err

    today = date.today()
    for args, said in ((("--condition", "7"), "--condition: 7 is not a condition"),
                       (("--condition", "x"), "--condition: 'x' is not a condition number"),
                       (("--condition", "1", "--date", "31/02/2026"), "--date: '31/02/2026' is not a real date"),
                       (("--condition", "1", "--court", " "), "--court: name the court")):
        full = {"--condition": "1", "--court": "Leeds Crown Court", "--date": f"{today:%d/%m/%Y}",
                "--details": "Wounding with intent"}
        full.update(dict(zip(args[::2], args[1::2], strict=True)))
        code, out, err = asb("notice", "condition", ref, *[x for kv in full.items() for x in kv])
        assert code == 2 and said in err and "Traceback" not in err, err

    old = today - timedelta(days=400)
    code, out, err = asb("notice", "condition", ref, "--condition", "1", "--court", "Leeds Crown Court",
                         "--date", f"{old:%d/%m/%Y}", "--details", "Wounding with intent",
                         "--evidence", "Certificate of conviction")
    assert code == 0 and "must be served within 12 months" in out, err
    code, out, err = asb("notice", "pack", ref, "--type", "s83za_absolute", "--out", str(pack))
    assert code == 1 and "after the time limit in section 83ZA Housing Act 1985 for condition 1" in err, err
    assert "12 months beginning with the date of the conviction" in err and not pack.exists()

    closure = today - timedelta(days=20)
    code, out, err = asb("notice", "condition", ref, "--condition", "4", "--court", "Leeds Magistrates' Court",
                         "--date", f"{closure:%d/%m/%Y}", "--details", "Closure order for 3 months")
    assert code == 0 and "No evidence given" in out, err
    code, out, err = asb("notice", "pack", ref, "--type", "s83za_absolute", "--out", str(pack))
    assert code == 1 and "recorded without evidence" in err, err

    code, out, err = asb("notice", "condition", ref, "--condition", "4", "--court", "Leeds Magistrates' Court",
                         "--date", f"{closure:%d/%m/%Y}", "--details", "Closure order under section 80 for 3 months",
                         "--evidence", "Sealed closure order")
    assert code == 0, err
    code, out, err = asb("notice", "pack", ref, "--type", "s83za_absolute", "--out", str(pack),
                         "--service-method", "by_hand", "--service-at", f"{today:%Y-%m-%d} 23:59")
    assert code == 0, err
    text = " ".join(subprocess.run(["pdftotext", str(pack / "01-notice.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "The court will be asked to make an order under section 84A of the Housing Act 1985" in text
    assert "Condition 4 (section 84A(6)): The dwelling-house is or has been subject to a closure order" in text
    assert f"Court: Leeds Magistrates' Court. Date: {closure.day} {closure:%B %Y}." in text
    assert "Closure order under section 80 for 3 months" in text and "Evidence: Sealed closure order." in text
    assert "The landlord's reasons for applying for the order" in text
    for other in ("convicted of a serious offence", "criminal behaviour order", "Environmental Protection Act",
                  "one of the five conditions"):
        assert other not in text  # only the condition relied on, no menu
    # a housing association (the default): s85ZA gives its tenants no statutory review, and the notice says so
    assert "Your landlord is neither, so that statutory right does not apply to you" in text
    assert "Your right to a review" not in text and "last day to ask for a review" not in text

    code, out, err = asb("settings", "--landlord-kind", "council")
    assert code == 2 and "landlord: 'council' is not one of: private_registered_provider" in err, err
    code, out, err = asb("settings", "--landlord-kind", "local_housing_authority")
    assert code == 0, err
    council = tmp_path / "council"
    code, out, err = asb("notice", "pack", ref, "--type", "s83za_absolute", "--out", str(council),
                         "--service-method", "by_hand", "--service-at", f"{today:%Y-%m-%d} 23:59")
    assert code == 0, err
    text = " ".join(subprocess.run(["pdftotext", str(council / "01-notice.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Your right to a review" in text and "statutory right does not apply" not in text
    assert "within 7 days beginning with the day on which this notice is served" in text
    assert "so the last day to ask for a review is" in text
