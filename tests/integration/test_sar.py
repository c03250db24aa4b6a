"""Subject access requests (issue 22, UK GDPR Art. 15): a demo person's disclosure holds their own data
and none of 20 identities of other people planted on their cases (as parties, some withheld, and
written into notes), in the PDF's text (pdftotext) or the JSON; the check refuses a disclosure that
would leak; one month to answer shows on Today until it is marked answered. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from asb_desktop.cli import main
from asb_desktop.court.withheld import pdf_pages_text
from asb_desktop.demo.generate import generate
from asb_desktop.domain.sar import sar_due_on
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked, ValidationError
from asb_desktop.services.kernel.inputs import PartyInput, PersonInput
from asb_desktop.storage.orm import AuditEntry, Case, CaseParty, Person

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed")

FIRSTS = ["Ottoline", "Barnaby", "Wilhelmina", "Caspian", "Philippa", "Ignatius", "Rosalind", "Leopold", "Marguerite",
          "Thaddeus", "Clementine", "Ambrose", "Henrietta", "Cornelius", "Euphemia", "Bartholomew", "Seraphina",
          "Peregrine", "Araminta", "Evander"]
SURNAMES = ["Quillfeather", "Pennywhistle", "Ravensworth", "Thistlethwaite", "Applegarth", "Brackenbury",
            "Cattermole", "Dunnigan-Vale", "Featherstonehaugh", "Gallimore", "Hollingdrake", "Inchbald",
            "Jessamy", "Kettleborough", "Loveridge", "Mountjoy", "Nethercott", "Oddingsell", "Prideaux", "Quarrendon"]
STREETS = ["Larkspur Mews", "Orrery Lane", "Saltmarsh Walk", "Tansy Court", "Wherry Row"]


def _planted(i: int) -> dict[str, str]:
    first, surname = FIRSTS[i], SURNAMES[i]
    return {"first": first, "surname": surname, "name": f"{first} {surname}", "phone": f"020 7946 0{100 + i:03d}",
            "email": f"{first.lower()}.{surname.lower()}@planted.example.org",
            "line1": f"{i + 1} {STREETS[i % 5]}", "address": f"{i + 1} {STREETS[i % 5]}\nPlantingham"}


def _subject(ctx: Context) -> tuple[str, str, list[str]]:
    """A demo complainant with an open case: their uid, name and open case references."""
    with ctx.session() as s:
        rows = s.execute(select(Person.uid, Person.first_names, Person.surname, Case.reference)
                         .join(CaseParty, CaseParty.person_id == Person.id).join(Case, Case.id == CaseParty.case_id)
                         .where(CaseParty.role == "complainant", CaseParty.anonymous.is_(False),
                                Case.status != "closed", Person.surname != "", Person.first_names != "",
                                Case.restricted.is_(False))
                         .order_by(Case.id)).all()
    uid, first, surname, _ = rows[0]
    return uid, f"{first} {surname}", [r[3] for r in rows if r[0] == uid]


@pytest.fixture
def planted(ctx: Context) -> tuple[Services, str, str, list[str]]:
    generate(ctx.engine, 200)
    svc = Services(ctx)
    uid, name, refs = _subject(ctx)
    for i in range(20):
        p = _planted(i)
        person = PersonInput(first_names=p["first"], surname=p["surname"], address=p["address"], postcode="ZZ9 9ZZ",
                             phone=p["phone"], email=p["email"])
        ref = refs[i % len(refs)]
        svc.parties.add(ref, PartyInput(role="witness", person=person), withheld=i % 3 == 0, new_person=True)
        svc.activity.add_note(ref, f"Spoke to {p['name']} on {p['phone']}; their e-mail is {p['email']} and they "
                              f"live at {p['line1']}. {p['surname']} saw the incident.", allow_flagged=True)
    return svc, uid, name, refs


def _flat(text: str) -> str:
    return " ".join(text.casefold().split())


def test_a_demo_persons_disclosure_holds_none_of_20_planted_identities(
        planted: tuple[Services, str, str, list[str]], tmp_path: Path) -> None:
    svc, uid, name, refs = planted
    done = svc.sar.export(uid, tmp_path / "sar")
    pdf_text = _flat("\n".join(pdf_pages_text(done.pdf)))
    json_text = _flat(done.json.read_text(encoding="utf-8"))
    data = json.loads(done.json.read_text(encoding="utf-8"))
    for i in range(20):
        p = _planted(i)
        for what in ("name", "surname", "phone", "email", "line1"):
            needle = _flat(p[what])
            assert needle not in pdf_text, f"planted {what} {i} in the PDF"
            assert needle not in json_text, f"planted {what} {i} in the JSON"
        assert re.sub(r"\D", "", p["phone"]) not in json_text and re.sub(r"\D", "", p["phone"]) not in pdf_text
    assert _flat(name) in pdf_text and _flat(name) in json_text  # the requester's own name is there
    assert {c["reference"] for c in data["cases"]} >= set(refs)
    assert "[redacted]" in json_text and "[redacted]" in pdf_text
    assert done.counts["other_people_redacted"] >= 20 and done.counts["notes"] >= 20
    assert done.request.due_on == sar_due_on(done.request.received_on)
    with svc.ctx.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "subject_access",
                                                   AuditEntry.action == "export")).one()
        assert entry.detail["cases"] == done.counts["cases"] and entry.detail["notes"] == done.counts["notes"]
        assert _flat(name) not in _flat(entry.summary + json.dumps(entry.detail, ensure_ascii=False))


def test_a_leak_is_refused_and_nothing_written(planted: tuple[Services, str, str, list[str]], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    svc, uid, _, _ = planted
    monkeypatch.setattr("asb_desktop.services.admin.sar.redact_value", lambda value, people: value)
    with pytest.raises(RuleBlocked, match="not written"):
        svc.sar.export(uid, tmp_path / "sar")
    assert not list((tmp_path / "sar").iterdir())


def test_one_month_on_today_until_answered_and_roles(planted: tuple[Services, str, str, list[str]],
                                                     ctx: Context, tmp_path: Path) -> None:
    svc, uid, name, _ = planted
    with pytest.raises(ValidationError, match="received"):
        svc.sar.export(uid, tmp_path / "x", received_on=date(2099, 1, 1))
    done = svc.sar.export(name if _unique(ctx, name) else uid, tmp_path / "sar", received_on=date(2026, 1, 31))
    assert done.request.due_on == date(2026, 2, 28)
    items = svc.today.today().subject_access
    assert [i.reference for i in items] == [done.request.reference] and "28/02/2026" in items[0].why
    assert name.split()[-1] not in items[0].why
    svc.users.add("olu", "Olu Officer", ["officer"])
    olu = Services(Context(ctx.engine, sign_in(ctx.engine, "olu"), ctx.data_dir, ctx.clock))
    with pytest.raises(PermissionDenied):
        olu.sar.export(uid, tmp_path / "olu")
    assert olu.today.today().subject_access == []
    assert "marked answered" in svc.sar.mark_answered(done.request.reference)
    assert svc.today.today().subject_access == []
    with pytest.raises(ValidationError, match="no open"):
        svc.sar.mark_answered(done.request.reference)


def _unique(ctx: Context, name: str) -> bool:
    first, surname = name.rsplit(" ", 1)
    with ctx.session() as s:
        return len(s.scalars(select(Person.id).where(Person.first_names == first, Person.surname == surname)).all()) == 1


def test_cli(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str], engine) -> None:  # noqa: ANN001
    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert asb("demo", "--cases", "200")[0] == 0
    ctx = Context(engine, sign_in(engine), tmp_path / "data", clock=lambda: datetime(2026, 11, 20, 9, 0))
    uid, _, _ = _subject(ctx)
    code, out, err = asb("sar", uid, "--out", str(tmp_path / "out"), "--received", "20/11/2026")
    assert code == 0, err
    assert "SAR-0001" in out and (tmp_path / "out" / "SAR-0001.pdf").exists()
    assert (tmp_path / "out" / "SAR-0001.json").exists()
    code, out, _ = asb("sar", "--list")
    assert code == 0 and "SAR-0001" in out
    code, _, err = asb("sar", "Nobody Atall-Here", "--out", str(tmp_path / "o2"))
    assert code == 2 and "person" in err
    code, _, err = asb("sar", uid)
    assert code == 2 and "--out" in err
    assert asb("sar", "SAR-0001", "--answered")[0] == 0
