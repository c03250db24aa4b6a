"""`asb notice ...` and `asb bundle ...` end to end on a case, as an officer types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from pdf_factory import text_pdf
from support.pdf import pdfinfo_pages

from asb_desktop.cli import main
from asb_desktop.services.kernel.context import Context


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def approved_case(asb, engine, tmp_path: Path) -> str:  # noqa: ANN001
    """A case made through the CLI's single user, its s83 Ground 2 notice approved by a manager."""
    from sqlalchemy import select

    from asb_desktop.domain.enums import Role
    from asb_desktop.services import Services
    from asb_desktop.services.admin.users import sign_in
    from asb_desktop.services.kernel.access import Actor
    from asb_desktop.storage.orm import User

    asb("cases")  # creates the single user
    ref = rich_case(Context(engine, sign_in(engine), tmp_path / "data"))
    with Context(engine, sign_in(engine), tmp_path / "data").session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        boss = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    Services(Context(engine, boss, tmp_path / "data")).notices.approve(ref, "s83_ground2", "Proportionate")
    return ref


def test_notice_and_bundle_commands(asb, engine, tmp_path: Path) -> None:  # noqa: ANN001
    from asb_desktop.services.admin.users import sign_in

    code, _, _ = asb("cases")  # creates the single user
    ref = rich_case(Context(engine, sign_in(engine), tmp_path / "data"))
    code, out, err = asb("notice", "types", ref, "--on", "2026-12-01")
    assert code == 0 and "s83_ground2" in out and "s8_ground14: it applies to assured" in out
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(tmp_path / "pack"))
    assert code == 1 and "No manager approval is recorded" in err and "Traceback" not in err
    code, out, err = asb("notice", "pack", ref, "--type", "no_such", "--out", str(tmp_path / "pack"))
    assert code == 2 and "type: 'no_such' is not a notice type" in err
    code, out, err = asb("notice", "served", ref, "1", "--method", "pigeon", "--at", "2026-11-20 10:00")
    assert code == 2 and "method: 'pigeon'" in err
    code, out, err = asb("notice", "served", ref, "1", "--method", "letterbox", "--at", "2026-11-20 10:00",
                         "--agreement-rule", "Tenancy agreement clause 12.3", "--deemed-on", "31/02/2027")
    assert code == 2 and "--deemed-on: '31/02/2027' is not a real date" in err and "Traceback" not in err, err
    code, out, err = asb("notice", "served", ref, "1", "--method", "letterbox", "--at", "2026-11-20 10:00",
                         "--deemed-on", "21/11/2026")
    assert code == 2 and "--agreement-rule:" in err, err
    code, out, err = asb("bundle", "add", ref, str(tmp_path / "missing.pdf"))
    assert code == 2 and "missing.pdf: no such file" in err
    claim = text_pdf(tmp_path / "claim.pdf", "Claim form", 2)
    code, out, err = asb("bundle", "add", ref, str(claim), "--title", "Claim form N5")
    assert code == 0 and "Added Claim form N5 (2 pages)" in out
    code, out, err = asb("bundle", "build", ref, "--hearing", "possession", "--out", str(tmp_path / "b.pdf"),
                         "--index-json", str(tmp_path / "i.json"))
    assert code == 0, err
    index = json.loads((tmp_path / "i.json").read_text())
    assert index["pages"] == pdfinfo_pages(tmp_path / "b.pdf")
    assert [d["title"] for d in index["documents"]] == ["Chronology (schedule of incidents)", "Claim form N5"]


def test_notice_draft_then_pack_with_the_officers_particulars(asb, engine, tmp_path: Path) -> None:  # noqa: ANN001
    import subprocess

    ref = approved_case(asb, engine, tmp_path)

    code, out, err = asb("notice", "draft", ref, "--type", "s83_ground2")
    assert code == 0 and out.startswith("1. On ") and "小龍" not in out, err
    code, out, err = asb("notice", "draft", ref, "--type", "s8_ground14")
    assert code == 1 and "not offered for this case" in err and "Traceback" not in err
    draft = tmp_path / "particulars.txt"
    code, out, err = asb("notice", "draft", ref, "--type", "s83_ground2", "--out", str(draft))
    assert code == 0 and out == "" and f"Written {draft}" in err
    assert draft.read_text(encoding="utf-8").rstrip("\n") == asb("notice", "draft", ref, "--type", "s83_ground2")[1] \
        .rstrip("\n")

    pack = tmp_path / "pack"
    for missing, said in ((tmp_path / "nothing.txt", "no such file"), (tmp_path, "cannot be read")):
        code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(pack),
                             "--particulars", str(missing))
        assert code == 2 and f"{missing}: {said}" in err and "Traceback" not in err, err
    draft.write_text("李小龍 saw the tenant kick the door.", encoding="utf-8")
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(pack), "--particulars", str(draft))
    assert code == 1 and "the name of the withheld witness (1)" in err and "小龍" not in err and not pack.exists()
    draft.write_text("  \n\n ", encoding="utf-8")
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(pack), "--particulars", str(draft))
    assert code == 2 and "particulars: are empty" in err and not pack.exists()

    draft.write_text("\ufeff1. On 20/11/2026 the tenant kicked the door of Flat 4.\n\n2. Carried on after a warning.\n",
                     encoding="utf-8")  # a byte order mark, as Notepad writes, is not part of the text
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(pack), "--particulars", str(draft))
    assert code == 0 and "Notice 1" in out, err
    notice = subprocess.run(["pdftotext", str(pack / "01-notice.pdf"), "-"], capture_output=True, text=True).stdout
    assert "1. On 20/11/2026 the tenant kicked the door of Flat 4. 2. Carried on after a warning." in " ".join(
        notice.split())
    code, out, err = asb("audit", ref, "--json")
    assert code == 0 and "The particulars of notice 1 were edited by the officer (2 paragraphs)" in out, err


def test_notice_pack_give_up_on(asb, engine, tmp_path: Path) -> None:  # noqa: ANN001
    """`--give-up-on`: a date earlier than a notice to quit given at the planned deemed service could end the
    tenancy (s83(5)), or not a date, is refused (exit 2, the option named, nothing written); a good one is printed
    on the notice with the date twelve months on."""
    import subprocess

    ref = approved_case(asb, engine, tmp_path)
    pack = tmp_path / "pack"
    at = ("--service-method", "first_class_post", "--service-at", "2099-12-04 10:00")  # a Friday: deemed Mon 7th
    for bad, said in (("06/12/2099", "--give-up-on: 06/12/2099 is earlier than 04/01/2100"),
                      ("03/01/2100", "--give-up-on: 03/01/2100 is earlier than 04/01/2100"),
                      ("31/02/2100", "--give-up-on: '31/02/2100' is not a real date")):
        code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(pack), *at,
                             "--give-up-on", bad)
        assert code == 2 and said in err and "Traceback" not in err and not pack.exists(), err
    code, out, err = asb("notice", "list", ref)
    assert "Notice 1" not in out
    code, out, err = asb("notice", "pack", ref, "--type", "s83_ground2", "--out", str(pack), *at,
                         "--give-up-on", "04/01/2100")
    assert code == 0 and "Date sought for giving up possession: 04/01/2100" in out, err
    notice = " ".join(subprocess.run(["pdftotext", str(pack / "01-notice.pdf"), "-"], capture_output=True,
                                     text=True).stdout.split())
    assert "to give up possession of the dwelling-house: 4 January 2100." in notice
    assert "This notice ceases to be in force on 4 January 2101" in notice
