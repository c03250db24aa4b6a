"""Retention (issue 22, UK GDPR Art. 5(1)(e)): a run deletes exactly the cases the schedule says are due
- with their rows, their evidence items, the stored files nobody else holds and the people only on
them - and nothing under a legal hold, an order in force or a served notice that has not lapsed; the
run's audit entry holds counts and references, no names; the earlier audit entries of a deleted case
are kept (the audit trail is append-only). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Case, Incident, Note, Person, Remedy
from asb_desktop.storage.orm_court import Notice
from asb_desktop.storage.orm_evidence import EvidenceItem

NOW = datetime(2026, 11, 20, 9, 0)


def _report(received: str, complainant: str, perpetrator: dict[str, object]) -> ReportInput:
    first, surname = complainant.split()
    return ReportInput.from_dict({
        "channel": "telephone", "received_at": received, "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": first, "surname": surname,
                                                        "phone": "020 7946 0777", "email": f"{first}@retain.example.org"},
                     "new_person": True},
                    {"role": "alleged_perpetrator", "person": perpetrator, "new_person": True}]})


@pytest.fixture
def cases(ctx: Context, tmp_path: Path) -> tuple[Services, dict[str, str]]:
    clock = [datetime(2019, 6, 1, 9, 0)]
    svc = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: clock[0]))
    refs: dict[str, str] = {}
    names = {"A": "Albertina Dueforth", "B": "Bertram Keepling", "C": "Cordelia Heldmann", "D": "Dorian Orderby",
             "E": "Esmerelda Openshaw", "F": "Fenwick Noticed"}
    for key, name in names.items():
        perp: dict[str, object] = {"first_names": "Gideon", "surname": f"Perp{key.lower()}ington"}
        refs[key] = svc.cases.report(_report("2019-06-01 09:00", name, perp)).reference
        svc.activity.add_note(refs[key], f"Spoke to {name} about the noise.")
    svc.cases.update(refs["A"], {"summary": "Albertina reports loud music most nights."})
    shared, only_a = tmp_path / "shared.txt", tmp_path / "only_a.txt"
    shared.write_text("the same file on two cases", encoding="utf-8")
    only_a.write_text("a file only case A holds", encoding="utf-8")
    added = svc.evidence.add_files(refs["A"], [shared, only_a])
    assert added.ok and len(added.stored) == 2, added.refused
    assert svc.evidence.add_files(refs["B"], [shared]).ok
    for key in ("A", "B", "C", "D", "F"):
        clock[0] = datetime(2020, 1, 10, 9, 0) if key != "B" else datetime(2021, 1, 10, 9, 0)
        svc.activity.log_contact(refs[key], "telephone", "spoke", clock[0])
        svc.cases.close(refs[key], "nuisance_ceased")
    clock[0] = NOW
    svc.retention.set_hold(refs["C"], "Disrepair claim issued against the landlord")
    with ctx.session() as s:
        d = s.scalars(select(Case).where(Case.reference == refs["D"])).one()
        s.add(Remedy(case_id=d.id, kind="injunction", legal=True, status="in_place", decided_at=datetime(2019, 12, 1),
                     created_at=datetime(2019, 12, 1)))
        f = s.scalars(select(Case).where(Case.reference == refs["F"])).one()
        s.add(Notice(case_id=f.id, number=1, notice_type="s8_ground14", title="Notice", folder="notices/x", files=[],
                     served_at=datetime(2026, 10, 1), lapses_on=date(2027, 10, 1), created_at=NOW))
    return svc, refs


def test_a_run_deletes_exactly_what_the_schedule_says(cases: tuple[Services, dict[str, str]], ctx: Context,
                                                      tmp_path: Path) -> None:
    svc, refs = cases
    decisions = {d.reference: d for d in svc.retention.report()}
    assert [r for r, d in decisions.items() if d.due] == [refs["A"]]
    assert "kept until 10/01/2027" in decisions[refs["B"]].reason
    assert decisions[refs["C"]].blocked and "legal hold" in decisions[refs["C"]].reason
    assert "order is in force" in decisions[refs["D"]].reason
    assert decisions[refs["E"]].reason == "the case is open"
    assert decisions[refs["F"]].blocked and "notice" in decisions[refs["F"]].reason
    store = svc.evidence.store()
    with ctx.session() as s:
        a_id = s.scalar(select(Case.id).where(Case.reference == refs["A"]))
        shas = {i.original_name: i.sha256 for i in s.scalars(select(EvidenceItem))}
        before = {t: s.scalars(select(func.count()).select_from(t)).one() for t in (Case, Incident, Note, EvidenceItem, Person)}
    with pytest.raises(ValidationError, match="confirm"):
        svc.retention.delete_due()
    cached = svc.evidence.cache_dir() / shas["only_a.txt"][:2] / shas["only_a.txt"]
    cached.mkdir(parents=True)
    (cached / "thumbnail.png").write_bytes(b"a derived picture")
    ocr = ctx.data_dir / "cache" / "ocr" / "page-fingerprint.pdf"  # OCR'd pages may be from the deleted case
    ocr.parent.mkdir(parents=True)
    ocr.write_bytes(b"%PDF an OCR'd scan")
    done = svc.retention.delete_due(confirm=True)
    assert not ocr.exists()
    assert done.references == [refs["A"]] and done.cases == 1 and done.kept_blocked == 2
    with ctx.session() as s:
        after = {t: s.scalars(select(func.count()).select_from(t)).one() for t in (Case, Incident, Note, EvidenceItem, Person)}
        assert after[Case] == before[Case] - 1 and after[EvidenceItem] == before[EvidenceItem] - 2
        assert s.scalar(select(func.count()).select_from(Note).where(Note.case_id == a_id)) == 0
        assert after[Person] == before[Person] - 2  # A's complainant and alleged perpetrator were only on A
        assert s.scalar(select(Person.id).where(Person.surname == "Dueforth")) is None
        assert s.scalar(select(Person.id).where(Person.surname == "Keepling")) is not None
        assert {c for c in s.scalars(select(Case.reference))} >= {refs[k] for k in "BCDEF"}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "retention",
                                                   AuditEntry.action == "delete")).one()
        text = entry.summary + json.dumps(entry.detail, ensure_ascii=False)
        assert entry.detail["cases"] == 1 and entry.detail["rows"]["people"] == 2 and refs["A"] in text
        assert "Dueforth" not in text and "Albertina" not in text
        # the audit trail is append-only: the deleted case's earlier entries are kept, and name no one
        kept = list(s.scalars(select(AuditEntry).where(AuditEntry.case_reference == refs["A"])))
        assert kept and entry.detail["audit_entries_kept"] == len(kept)
        for e in kept:
            assert "Dueforth" not in e.summary + json.dumps(e.detail, ensure_ascii=False), e.summary
        # but free text the officer wrote stays in a kept entry's before/after values (reported, not changed)
        summary_change = [e for e in kept if e.summary.startswith("Changed summary")]
        assert len(summary_change) == 1 and "Albertina" in json.dumps(summary_change[0].detail)
    assert not store.path_for(shas["only_a.txt"]).exists()  # nobody else held it
    assert not (svc.evidence.cache_dir() / shas["only_a.txt"][:2] / shas["only_a.txt"]).exists()
    assert store.path_for(shas["shared.txt"]).exists()  # case B still holds the same file
    assert svc.retention.delete_due(confirm=True).cases == 0  # nothing more is due
    svc.retention.clear_hold(refs["C"], "Claim settled")
    with ctx.session() as s:  # C's complainant has asked for their data: C is kept until that is answered
        uid = s.scalars(select(Person.uid).where(Person.surname == "Heldmann")).one()
    svc.sar.export(uid, tmp_path / "sar")
    assert "subject access" in {d.reference: d for d in svc.retention.report()}[refs["C"]].reason
    assert svc.retention.delete_due(confirm=True).cases == 0
    svc.sar.mark_answered(uid)
    assert svc.retention.delete_due(confirm=True).references == [refs["C"]]


def test_holds_and_roles(cases: tuple[Services, dict[str, str]], ctx: Context) -> None:
    svc, refs = cases
    with pytest.raises(RuleBlocked, match="already"):
        svc.retention.set_hold(refs["C"], "again")
    with pytest.raises(ValidationError, match="reason"):
        svc.retention.set_hold(refs["B"], " ")
    with pytest.raises(ValidationError, match="no legal hold"):
        svc.retention.clear_hold(refs["B"])
    svc.users.add("tess", "Tess Leader", ["team_leader"])
    tess = Services(Context(ctx.engine, sign_in(ctx.engine, "tess"), ctx.data_dir, lambda: NOW))
    assert any(d.due for d in tess.retention.report())
    tess.retention.set_hold(refs["A"], "Subject access request being answered")
    with pytest.raises(PermissionDenied):
        tess.retention.delete_due(confirm=True)
    assert svc.retention.delete_due(confirm=True).cases == 0  # A is held now
    with ctx.session() as s:
        held = s.scalars(select(AuditEntry).where(AuditEntry.entity == "legal_hold")).all()
        assert len(held) == 2 and all(e.case_reference in (refs["A"], refs["C"]) for e in held)


def test_cli(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert asb("demo", "--cases", "200")[0] == 0
    code, out, err = asb("retention", "report")
    assert code == 0 and "cases are due for deletion" in out, err
    code, _, err = asb("retention", "delete")
    assert code == 2 and "confirm" in err
    code, out, err = asb("retention", "hold", "ASB-1999-00001", "--reason", "claim")
    assert code == 2 and "reference" in err
    code, out, err = asb("retention", "delete", "--confirm")
    assert code == 0 and "Deleted" in out, err
