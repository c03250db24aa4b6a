"""Issue 22: the noise triage recorded on a case (ASB procedure or Good Neighbourhood Management, with
the GNM letters), the ASB case review (Community Trigger) flag raised at intake, on reopening and on a
counter-allegation, shown on Today and counted in the reports; the CLI over the demo database, whose
household-noise reports the triage routes to GNM. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from asb_desktop.cli import main
from asb_desktop.demo.data import HOUSEHOLD_NOISE
from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Case, Setting


def _report(received: str, perpetrator: dict[str, object] | None, *, hate: bool = False,
            complainant: str = "Zoë", address: str | None = None) -> ReportInput:
    parties: list[dict[str, object]] = [{"role": "complainant", "new_person": True,
                                         "person": {"first_names": complainant, "surname": "Ó'Brien"}}]
    if perpetrator is not None:
        parties.append({"role": "alleged_perpetrator", "person": perpetrator, "new_person": True})
    data: dict[str, object] = {"channel": "telephone", "received_at": received, "categories": ["Noise"],
                               "hate_related": hate, "parties": parties}
    if address:
        data["property"] = {"address": address, "postcode": "M1 1AA"}
    return ReportInput.from_dict(data)


@pytest.fixture
def clocked(ctx: Context) -> tuple[Services, list[datetime]]:
    clock = [datetime(2026, 1, 5, 9, 0)]
    return Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: clock[0])), clock


def _perpetrator_uid(svc: Services, reference: str) -> str:
    detail = svc.queries.case_detail(reference)
    return next(p.person.uid for p in detail.parties if p.role == "alleged_perpetrator")


def test_noise_triage_is_recorded_with_its_reason_and_gnm_letters(clocked: tuple[Services, list[datetime]],
                                                                  ctx: Context) -> None:
    svc, _ = clocked
    ref = svc.cases.report(_report("2026-01-05 09:00", {"first_names": "Kim", "surname": "Upstairs"})).reference
    decision = svc.noise.triage(ref, {"footsteps": "yes", "children_playing": "yes", "time": "17:30",
                                      "times_per_week": "5"})
    assert decision.track.value == "gnm"
    detail = svc.queries.case_detail(ref)
    assert detail.noise_track == "gnm" and "everyday living noise" in detail.noise_reason
    assert detail.noise_answers == {"footsteps": True, "children_playing": True, "time": "17:30",
                                       "times_per_week": 5}
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.case_reference == ref, AuditEntry.summary.like("Noise triage%"))) == 1
    for kind in ("gnm_advice_neighbour", "gnm_mediation_offer", "gnm_advice_complainant",
                 "gnm_mediation_offer_complainant"):
        svc.documents.letter(ref, kind, "pdf")
    with pytest.raises(ValidationError) as err:
        svc.noise.triage(ref, {"stomping": "yes"})
    assert err.value.field == "answers" and "stomping" in str(err.value)
    again = svc.noise.triage(ref, {"footsteps": True, "deliberate": True})
    assert again.track.value == "asb" and svc.queries.case_detail(ref).noise_track == "asb"
    tracks = svc.noise.tracks()
    assert tracks.counts == {"asb": 1}


def test_three_reports_about_one_person_in_six_months(clocked: tuple[Services, list[datetime]]) -> None:
    svc, clock = clocked
    first = svc.cases.report(_report("2026-01-05 09:00", {"first_names": "Dean", "surname": "Marsh"}))
    marsh = _perpetrator_uid(svc, first.reference)
    clock[0] = datetime(2026, 3, 1, 9)
    second = svc.cases.report(_report("2026-03-01 09:00", {"existing_uid": marsh}, complainant="Amy"))
    assert not svc.queries.case_detail(second.reference).case_review_at
    clock[0] = datetime(2026, 7, 6, 9)  # first is more than six months before: two in the window
    third = svc.cases.report(_report("2026-07-06 09:00", {"existing_uid": marsh}, complainant="Bea"))
    assert not svc.queries.case_detail(third.reference).case_review_at
    clock[0] = datetime(2026, 8, 1, 9)
    fourth = svc.cases.report(_report("2026-08-01 09:00", {"existing_uid": marsh}, complainant="Cal"))
    detail = svc.queries.case_detail(fourth.reference)
    assert detail.case_review_at == datetime(2026, 8, 1, 9, 0)
    assert "3 reports" in detail.case_review_reason and first.reference not in detail.case_review_reason
    assert any("case review" in a for a in fourth.actions)
    svc.users.add("tia", "Tia Leader", ["team_leader"])
    leader = Services(Context(svc.ctx.engine, sign_in(svc.ctx.engine, "tia"), svc.ctx.data_dir, svc.ctx.clock))
    today = leader.today.today()
    assert [i.reference for i in today.case_reviews] == [fourth.reference]
    assert svc.case_reviews.flagged().count == 1
    counts = {r.measure: r.cases for r in svc.reports.run("noise_and_case_reviews")}  # the Reports page
    assert counts["Cases that met the ASB case review threshold"] == 1
    assert counts["Noise reports: not triaged yet"] == 4


def test_same_address_hate_incident_and_reopening(clocked: tuple[Services, list[datetime]], ctx: Context) -> None:
    svc, clock = clocked
    hate = svc.cases.report(_report("2026-01-05 09:00", None, hate=True))
    assert svc.queries.case_detail(hate.reference).case_review_at  # England: one hate incident is enough
    a = svc.cases.report(_report("2026-01-05 09:00", {"first_names": "Ann", "surname": "One"}, address="5 Oak Row"))
    b = svc.cases.report(_report("2026-01-05 09:00", {"first_names": "Ben", "surname": "Two"}, complainant="Al",
                                 address="5 Oak Row"))
    assert not svc.queries.case_detail(b.reference).case_review_at
    clock[0] = datetime(2026, 2, 1, 9)
    svc.activity.log_contact(a.reference, "telephone", "spoke", clock[0])
    svc.cases.close(a.reference, "nuisance_ceased")
    reopened = svc.cases.reopen(a.reference)  # the third report at 5 Oak Row in six months
    assert "3 reports" in svc.queries.case_detail(reopened.reference).case_review_reason
    counter = svc.cases.counter_allegation(b.reference)  # the fourth
    assert "4 reports" in svc.queries.case_detail(counter.reference).case_review_reason
    with ctx.session() as s:  # Wales: the shipped profile does not trigger on one hate incident
        s.merge(Setting(key="bank_holiday_region", value={"v": "WLS"}))
    other = svc.cases.report(_report("2026-02-01 09:00", None, hate=True, complainant="Di"))
    assert not svc.queries.case_detail(other.reference).case_review_at
    assert svc.case_reviews.flagged().count == 3


def test_cli_over_the_demo_database(tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str],
                                    engine) -> None:  # noqa: ANN001
    def asb(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db_url, "--data-dir", str(tmp_path / "data"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert asb("demo", "--cases", "200")[0] == 0
    household = {summary.split("{p}")[0] for summary, _, _ in HOUSEHOLD_NOISE}
    with engine.connect() as conn:
        rows = conn.execute(select(Case.reference, Case.summary, Case.noise_track)
                            .where(Case.noise_track.is_not(None))).all()
    gnm = [r for r in rows if any(r.summary.startswith(h) for h in household)]
    assert gnm and all(r.noise_track == "gnm" for r in gnm)  # every household-noise report goes to GNM
    assert {r.noise_track for r in rows if r not in gnm} == {"asb"}
    code, out, err = asb("report", "noise-tracks")
    assert code == 0, err
    assert f"Good Neighbourhood Management  {len(gnm)}" in out
    assert f"ASB procedure                  {len(rows) - len(gnm)}" in out
    ref = rows[0].reference
    code, out, err = asb("case", "noise-triage", ref, "--answers", "doors=yes", "time=10:00")
    assert code == 0, err
    assert "Good Neighbourhood Management" in out and "gnm_advice_neighbour" in out
    code, _, err = asb("case", "noise-triage", ref, "--answers", "time=26:00")
    assert code == 2 and "time" in err and "Traceback" not in err
    code, _, err = asb("report", "noise-tracks", "--since", "yesterday")
    assert code == 2 and "since" in err
    with engine.connect() as conn:  # the demo ran the case review check as each report arrived
        flagged = conn.scalar(select(func.count()).select_from(Case).where(Case.case_review_at.is_not(None)))
        hate = conn.scalar(select(func.count()).select_from(Case).where(Case.hate_related.is_(True)))
    assert flagged >= hate > 0
    code, out, err = asb("report", "case-reviews")
    assert code == 0 and f"Cases that met the ASB case review threshold: {flagged}" in out
