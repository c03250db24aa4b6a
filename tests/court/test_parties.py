"""Adding a witness to an existing case and withholding (or allowing) their identity, through the
services and `asb party ...`, on SQLite and PostgreSQL: a withheld name is removed from the notice pack."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from court.test_court_services import manager
from integration.case_factory import rich_case
from sqlalchemy import select
from support.pdf import page_text

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import NotFound, RuleBlocked, ValidationError
from asb_desktop.services.kernel.inputs import IncidentInput, PartyInput, PersonInput
from asb_desktop.storage.orm import AuditEntry


def test_a_witness_added_later_and_withheld_is_removed_from_the_notice(ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    svc = Services(ctx)
    rows = svc.parties.list(ref)
    assert [(r.role, r.withheld) for r in rows if r.role == "witness"] == [("witness", True)]
    uid = svc.parties.add(ref, PartyInput(role="witness", person=PersonInput(
        first_names="Gráinne", surname="O'Hara", address="Flat 9, Æthelred Court", postcode="E1 6AN")))
    assert svc.parties.list(ref)[-1].name == "Gráinne O'Hara" and not svc.parties.list(ref)[-1].withheld
    svc.activity.add_incident(ref, IncidentInput(started_at=datetime(2026, 11, 22, 23, 10), location="Landing",
                                                 description="Gráinne O'Hara of Flat 9 heard the shouting"))
    message = svc.parties.set_withheld(ref, uid, True)
    assert "now withheld" in message and "regenerate any that name them" in message
    manager(ctx).notices.approve(ref, "s83_ground2")
    svc.notices.pack(ref, "s83_ground2", tmp_path / "pack")
    notice = " ".join(page_text(tmp_path / "pack" / "01-notice.pdf", 1).split())
    assert "[withheld] of [withheld] heard the shouting" in notice and "Gráinne" not in notice

    with pytest.raises(ValidationError, match="say why"):
        svc.parties.set_withheld(ref, uid, False)
    assert "may now appear" in svc.parties.set_withheld(ref, uid, False, "Agreed in writing to give evidence")
    assert svc.parties.set_withheld(ref, uid, False, "again").startswith("No change")
    with ctx.session() as s:
        trail = list(s.scalars(select(AuditEntry.summary).where(AuditEntry.entity == "party",
                                                                AuditEntry.action != "view")))
    assert trail == ["Added a witness", "Withheld a witness's identity from court documents",
                     "Allowed a witness's identity in court documents: Agreed in writing to give evidence"]


def test_the_rules_for_who_can_be_withheld(ctx: Context) -> None:
    ref = rich_case(ctx)
    svc = Services(ctx)
    perpetrator = next(r for r in svc.parties.list(ref) if r.role == "alleged_perpetrator")
    with pytest.raises(RuleBlocked, match="the court and the defendant must know who is accused"):
        svc.parties.set_withheld(ref, perpetrator.uid, True)
    anon = svc.parties.add(ref, PartyInput(role="complainant", anonymous=True))
    assert next(r for r in svc.parties.list(ref) if r.uid == anon).withheld
    with pytest.raises(RuleBlocked, match="reported anonymously"):
        svc.parties.set_withheld(ref, anon, False, "asked to")
    with pytest.raises(ValidationError, match="only a complainant can be anonymous"):
        svc.parties.add(ref, PartyInput(role="witness", anonymous=True))
    with pytest.raises(ValidationError, match="role: 'neighbour'"):
        svc.parties.add(ref, PartyInput(role="neighbour", person=PersonInput(first_names="A")))
    with pytest.raises(ValidationError, match="give at least a first name or a surname"):
        svc.parties.add(ref, PartyInput(role="witness", person=PersonInput()))
    with pytest.raises(NotFound, match="asb party list"):
        svc.parties.set_withheld(ref, "no-such-id", True)


def test_party_commands(tmp_path: Path, db_url: str, engine, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    from asb_desktop.services.admin.users import sign_in

    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    asb("cases")  # creates the single user
    ref = rich_case(Context(engine, sign_in(engine), tmp_path / "data"))
    code, out, err = asb("party", "add", ref, "--role", "witness", "--name", "Gráinne O'Hara", "--withheld")
    assert code == 0 and "identity withheld" in out, err
    uid = out.split("(id ")[1].split(")")[0]
    code, out, _ = asb("party", "list", ref)
    assert code == 0 and "Gráinne O'Hara" in out and uid in out
    assert [line.split()[-1] for line in out.splitlines() if "Gráinne" in line] == ["withheld"]
    with pytest.raises(SystemExit):  # argparse: --reason is required
        asb("party", "allow", ref, uid)
    assert "the following arguments are required: --reason" in capsys.readouterr().err
    code, out, err = asb("party", "allow", ref, uid, "--reason", "Agreed to give evidence openly")
    assert code == 0 and "may now appear" in out
    code, out, err = asb("party", "withhold", ref, "nope")
    assert code == 1 and "not on case" in err and "Traceback" not in err
    code, out, err = asb("party", "add", ref, "--role", "alleged_perpetrator", "--name", "X Y", "--withheld")
    assert code == 1 and "must know who is accused" in err
