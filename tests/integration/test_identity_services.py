"""2024 4.1, 5.6, 5.7 through the services and the CLI, on SQLite and PostgreSQL: an anonymous
reporter stores no identity, a retyped person is offered as a match, the 5.7 checklist after intake,
hidden cases counted, and consent shown through the one disclosure rule."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from asb_desktop.cli import main
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.services.kernel.identity import PossibleDuplicate
from asb_desktop.services.kernel.inputs import PartyInput, PersonInput, ReportInput
from asb_desktop.storage.orm import Case, Person

NOW = datetime(2026, 11, 23, 10, 0)


def report(**extra: object) -> ReportInput:
    data = {
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "anonymous": True},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh",
                                                               "date_of_birth": "1990-01-02",
                                                               "address": "4 Low Road, Ashford"}}],
        "incidents": [{"started_at": "2026-11-19 23:30", "description": "Loud bass music"}],
    }
    data.update(extra)
    return ReportInput.from_dict(data)


@pytest.fixture
def svc(ctx: Context) -> Services:
    admin = Services(ctx)
    admin.users.add("olu", "Olu Officer", ["officer"])
    return Services(Context(ctx.engine, sign_in(ctx.engine, "olu"), ctx.data_dir, ctx.clock))


def test_anonymous_reporter_with_a_name_is_refused_everywhere(svc: Services, ctx: Context) -> None:
    named = report(parties=[{"role": "complainant", "anonymous": True,
                             "person": {"first_names": "Jane", "surname": "Smith", "phone": "0123"}}])
    with pytest.raises(ValidationError) as exc:
        svc.cases.report(named)
    assert exc.value.field == "parties[0].anonymous" and "withhold" in exc.value.problem
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
    ref = svc.cases.report(report()).reference
    with pytest.raises(ValidationError):
        svc.parties.add(ref, PartyInput(role="complainant", anonymous=True,
                                        person=PersonInput(first_names="Jane", surname="Smith")))
    detail = svc.queries.case_detail(ref)
    anon = next(p for p in detail.parties if p.anonymous)
    assert anon.person is None and anon.name == "Anonymous"


def test_person_search_never_returns_an_anonymous_reporter(svc: Services, ctx: Context) -> None:
    ref = svc.cases.report(report()).reference
    with ctx.session() as s:  # a legacy row: an anonymous party that kept a person
        from asb_desktop.storage.orm import CaseParty
        person = Person(first_names="Secret", surname="Reporter", address="9 Hidden Lane", created_at=NOW)
        s.add(person)
        s.flush()
        case = s.scalar(select(Case).where(Case.reference == ref))
        s.add(CaseParty(case_id=case.id, person_id=person.id, role="complainant", anonymous=True, withheld=True))
    assert svc.queries.find_people("Reporter") == []
    assert svc.queries.find_people("Hidden Lane") == []
    assert [p.name for p in svc.queries.find_people("Marsh")] == ["Dean Marsh"]


def test_checklist_completed_after_intake(svc: Services) -> None:
    ref = svc.cases.report(report()).reference
    assert "Still to explain" in svc.parties.complete_anonymous_checklist(ref, ["reassured"])
    with pytest.raises(ValidationError):
        svc.parties.complete_anonymous_checklist(ref, ["made_up"])
    message = svc.parties.complete_anonymous_checklist(
        ref, ["information_gathered", "action_discussed", "no_pressure", "limitations_explained"])
    assert message == "5.7 checklist complete."
    assert all(svc.queries.case_detail(ref).anonymous_checklist.values())
    named = report(parties=[{"role": "complainant", "person": {"first_names": "Zoe", "surname": "Smith"}}])
    other = svc.cases.report(named).reference
    with pytest.raises(RuleBlocked):
        svc.parties.complete_anonymous_checklist(other, ["reassured"])


def test_intake_keeps_the_checklist_only_for_an_anonymous_complainant(svc: Services) -> None:
    named = [{"role": "complainant", "person": {"first_names": "Zoe", "surname": "Smith"}}]
    with pytest.raises(ValidationError, match="^anonymous_checklist: This case has no anonymous complainant"):
        svc.cases.report(report(parties=named, anonymous_checklist={"reassured": True}))
    with pytest.raises(ValidationError, match=r"^anonymous_checklist: choose from .* \(not made_up\)"):
        svc.cases.report(report(anonymous_checklist={"made_up": True}))
    ref = svc.cases.report(report(anonymous_checklist={"reassured": True})).reference
    assert svc.queries.case_detail(ref).anonymous_checklist == {"reassured": True}
    assert svc.cases.report(report(parties=named, anonymous_checklist={"reassured": False})).reference


def test_retyped_person_offers_the_match(svc: Services) -> None:
    ref = svc.cases.report(report()).reference
    again = PersonInput(first_names="dean", surname="marsh", date_of_birth=datetime(1990, 1, 2).date())
    matches = svc.parties.matches(again)
    assert len(matches) == 1 and matches[0].question.startswith("This looks like Dean Marsh (born 02/01/1990")
    with pytest.raises(PossibleDuplicate) as exc:
        svc.parties.add(ref, PartyInput(role="witness", person=again))
    assert exc.value.matches[0].uid == matches[0].uid
    svc.parties.add(ref, PartyInput(role="witness", person=PersonInput(existing_uid=matches[0].uid)))
    svc.parties.add(ref, PartyInput(role="witness", person=again), new_person=True)
    assert len(svc.queries.find_people("Marsh")) == 2


def test_history_counts_hidden_cases_and_consent_shown(svc: Services, ctx: Context) -> None:
    third = report(channel="third_party", parties=[
        {"role": "complainant", "person": {"first_names": "Zoe", "surname": "Smith"}},
        {"role": "third_party_reporter", "organisation": "Ashford Advice", "third_party_kind": "other",
         "consent_to_share": False},
        {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh",
                                                   "date_of_birth": "1990-01-02"}}])
    ref = svc.cases.report(third).reference
    tp = next(p for p in svc.queries.case_detail(ref).parties if p.role == "third_party_reporter")
    assert tp.third_party_disclosure.allowed is False and "consent" in tp.third_party_disclosure.reasons[0]
    svc.cases.report(report(parties=[{"role": "alleged_perpetrator", "person": {
        "existing_uid": svc.queries.find_people("Marsh")[0].uid}}]))
    with ctx.session() as s:
        s.execute(update(Case).where(Case.reference == ref).values(restricted=True, assigned_officer_id=None))
    history = svc.queries.open_person_history(svc.queries.find_people("Marsh")[0].uid)
    assert len(history.as_alleged_perpetrator) == 1 and history.hidden_cases == 1
    assert "1 further case you cannot see" in history.summary


@pytest.fixture
def asb(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]):  # noqa: ANN201
    from asb_desktop.storage.db import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine, tmp_path / "backups")
    Services(Context(engine, sign_in(engine), tmp_path / "data")).users.add("olu", "Olu Officer", ["officer"])
    engine.dispose()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), "--user", "olu", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_party_add_refuses_a_match_and_checklist(asb, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "report.json"
    data = {"channel": "telephone", "received_at": "2026-11-16 10:00", "categories": ["Noise"],
            "parties": [{"role": "complainant", "anonymous": True},
                        {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh",
                                                                   "address": "4 Low Road, Ashford"}}],
            "incidents": [{"started_at": "2026-11-15 23:30", "description": "Loud music"}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert asb("case", "new", str(path))[0] == 0
    ref = "ASB-2026-00001"
    code, out, err = asb("party", "add", ref, "--role", "witness", "--name", "Dean Marsh", "--address", "4 Low Road")
    assert code == 2 and out == "" and "already on file" in err and "Dean Marsh, 4 Low Road, Ashford (id " in err
    assert len(json.loads(asb("party", "list", ref, "--json")[1])) == 2
    uid = json.loads(asb("person", "find", "Marsh", "--json")[1])[0]["uid"]
    assert asb("party", "add", ref, "--role", "witness", "--name", "x", "--person", uid)[0] == 0
    assert asb("party", "add", ref, "--role", "witness", "--name", "Dean Marsh", "--new-person")[0] == 0
    code, out, _ = asb("party", "checklist", ref, "reassured", "no_pressure")
    assert code == 0 and "Still to explain" in out
    code, _, err = asb("party", "checklist", ref, "nonsense")
    assert code == 2 and "points" in err
    code, out, _ = asb("person", "history", uid)
    assert code == 0 and "alleged perpetrator in 1 case you can see" in out
    data["parties"][0] = {"role": "complainant", "anonymous": True, "person": {"first_names": "Jane",
                                                                                "surname": "Smith"}}
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = asb("case", "new", str(path))
    assert code == 2 and "anonymous" in err and "Name given" in err


def test_import_refuses_an_anonymous_party_with_a_person(ctx: Context) -> None:
    from case_factory import rich_case, row_counts

    from asb_desktop.services.exchange.exchange import ExchangeService

    ref = rich_case(ctx)
    doc = ExchangeService(ctx).export_case(ref)
    complainant = next(i for i, p in enumerate(doc["parties"]) if p["role"] == "complainant")
    doc["parties"][complainant]["anonymous"] = True
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as exc:
        ExchangeService(ctx).import_case(doc, new_reference=True)
    assert exc.value.field == f"parties[{complainant}].person_uid" and "withhold" in exc.value.problem
    assert row_counts(ctx.engine) == before


def test_import_refuses_a_57_checklist_with_no_anonymous_complainant(ctx: Context) -> None:
    from case_factory import rich_case, row_counts

    from asb_desktop.services.exchange.exchange import ExchangeService

    doc = ExchangeService(ctx).export_case(rich_case(ctx))
    doc["case"]["anonymous_checklist"] = {"reassured": True}
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as exc:
        ExchangeService(ctx).import_case(doc, new_reference=True)
    assert exc.value.field == "case.anonymous_checklist" and "no 5.7 checklist" in exc.value.problem
    assert row_counts(ctx.engine) == before


def test_intake_refuses_a_person_who_looks_like_someone_on_file(svc: Services, ctx: Context) -> None:
    """4.1 at intake (the wizard and `asb case new`): the one rule, domain.identity_rules.same_person."""
    svc.cases.report(report())
    with ctx.session() as s:
        people, cases = s.scalar(select(func.count()).select_from(Person)), s.scalar(select(func.count(Case.id)))
    with pytest.raises(PossibleDuplicate) as exc:
        svc.cases.report(report())
    assert exc.value.field == "parties[1].person"
    assert "Dean Marsh, born 02/01/1990, 4 Low Road, Ashford (id " in exc.value.problem
    assert '"existing_uid"' in exc.value.problem and '"new_person": true' in exc.value.problem
    with ctx.session() as s:  # nothing written
        assert s.scalar(select(func.count()).select_from(Person)) == people
        assert s.scalar(select(func.count(Case.id))) == cases
    # the same name at the same address, no date of birth: still the same person
    by_address = report(parties=[{"role": "complainant", "anonymous": True},
                                 {"role": "alleged_perpetrator", "person": {
                                     "first_names": "DEAN", "surname": "Marsh", "address": "4 Low Road, Kent"}}])
    with pytest.raises(PossibleDuplicate):
        svc.cases.report(by_address)
    uid = exc.value.matches[0].uid
    linked = report(parties=[{"role": "complainant", "anonymous": True},
                             {"role": "alleged_perpetrator", "person": {"existing_uid": uid}}])
    svc.cases.report(linked)
    anyway = report(parties=[{"role": "complainant", "anonymous": True},
                             {"role": "alleged_perpetrator", "new_person": True, "person": {
                                 "first_names": "Dean", "surname": "Marsh", "date_of_birth": "1990-01-02",
                                 "address": "4 Low Road, Ashford"}}])
    svc.cases.report(anyway)
    svc.cases.report(report(), new_people=True)
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Person).where(Person.surname == "Marsh")) == 3


def test_cli_case_new_refuses_a_match_until_linked_or_new(asb, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "r.json"
    data = {"channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
            "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Ó'Brien",
                                                           "date_of_birth": "1984-11-21"}}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert asb("case", "new", str(path))[0] == 0
    code, out, err = asb("case", "new", str(path))
    assert code == 2 and not out and err.count("\n") == 1
    assert "parties[0].person" in err and "Zoë Ó'Brien, born 21/11/1984 (id " in err
    assert "existing_uid" in err and "--new-person" in err
    uid = json.loads(asb("person", "find", "Brien", "--json")[1])[0]["uid"]
    data["parties"][0]["person"] = {"existing_uid": uid}
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = asb("case", "new", str(path))
    assert code == 0 and "Logged ASB-2026-00002." in out  # the refused report wrote nothing
    data["parties"][0]["person"] = {"first_names": "Zoë", "surname": "Ó'Brien", "date_of_birth": "1984-11-21"}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert asb("case", "new", str(path), "--new-person")[0] == 0
    assert len(json.loads(asb("person", "find", "Brien", "--json")[1])) == 2
