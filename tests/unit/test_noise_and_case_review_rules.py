"""Issue 22: the noise triage (ASB procedure or Good Neighbourhood Management) and the ASB case review
(Community Trigger) thresholds, as pure rules over the shipped data."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from asb_desktop.domain import case_review, noise_triage
from asb_desktop.domain.case_review import ReportFact, Threshold
from asb_desktop.domain.enums import NoiseTrack
from asb_desktop.domain.forms import FormError


@pytest.fixture(scope="module")
def checklist() -> noise_triage.NoiseChecklist:
    return noise_triage.load_noise_checklist()


def test_night_window_crosses_midnight() -> None:
    assert noise_triage.is_night(time(23, 0)) and noise_triage.is_night(time(2, 30))
    assert not noise_triage.is_night(time(7, 0)) and not noise_triage.is_night(time(22, 59))


def test_everyday_living_noise_goes_to_gnm(checklist: noise_triage.NoiseChecklist) -> None:
    decision = noise_triage.decide(checklist, {"footsteps": "yes", "children_playing": True, "time": "18:30",
                                               "times_per_week": 7})
    assert decision.track == NoiseTrack.GNM
    assert "Footsteps" in decision.reason and "frequent" in decision.reason and "mediation" in decision.reason


def test_everyday_noise_at_night_alone_is_still_gnm(checklist: noise_triage.NoiseChecklist) -> None:
    assert noise_triage.decide(checklist, {"appliances": True, "time": "23:30", "times_per_week": 1}).track \
        == NoiseTrack.GNM


def test_everyday_noise_at_night_and_frequent_goes_to_asb(checklist: noise_triage.NoiseChecklist) -> None:
    decision = noise_triage.decide(checklist, {"doors": True, "time": "02:00", "times_per_week": 5})
    assert decision.track == NoiseTrack.ASB and "at night" in decision.reason and "frequent" in decision.reason


def test_deliberate_or_targeted_noise_is_asb_whatever_it_is(checklist: noise_triage.NoiseChecklist) -> None:
    decision = noise_triage.decide(checklist, {"footsteps": True, "targeted": "yes", "time": "14:00"})
    assert decision.track == NoiseTrack.ASB and "deliberate or targeted" in decision.reason


def test_loud_music_is_not_everyday_living_noise(checklist: noise_triage.NoiseChecklist) -> None:
    decision = noise_triage.decide(checklist, {"loud_music": True, "time": "15:00"})
    assert decision.track == NoiseTrack.ASB and "not everyday living noise" in decision.reason


def test_no_kind_of_noise_stays_with_asb(checklist: noise_triage.NoiseChecklist) -> None:
    assert noise_triage.decide(checklist, {}).track == NoiseTrack.ASB


@pytest.mark.parametrize(("answers", "field"), [({"stomping": True}, "stomping"), ({"time": "25:00"}, "time"),
                                                ({"times_per_week": "often"}, "times_per_week"),
                                                ({"doors": "maybe"}, "doors")])
def test_bad_answers_name_the_field(checklist: noise_triage.NoiseChecklist, answers: dict, field: str) -> None:
    with pytest.raises(FormError, match=field):
        noise_triage.decide(checklist, answers)


def test_checklist_is_configurable(tmp_path: Path) -> None:
    (tmp_path / "noise_triage.toml").write_text(
        'everyday_to_asb_when = []\nnight_starts = "22:00"\n[[everyday]]\nid = "doors"\ntext = "Doors"\n',
        encoding="utf-8")
    custom = noise_triage.load_noise_checklist(tmp_path)
    assert custom.night_starts == time(22, 0)
    assert noise_triage.decide(custom, {"doors": True, "time": "03:00", "times_per_week": 9}).track == NoiseTrack.GNM
    (tmp_path / "noise_triage.toml").write_text('everyday_to_asb_when = ["loud"]\n[[everyday]]\nid = "a"\ntext = "A"\n',
                                                encoding="utf-8")
    with pytest.raises(FormError, match="everyday_to_asb_when"):
        noise_triage.load_noise_checklist(tmp_path)


# ------------------------------------------------------------------------------------ case review
def _r(ref: str, when: str, who: int | None = 1, place: int | None = None, complainant: str = "c1",
       hate: bool = False) -> ReportFact:
    return ReportFact(ref, datetime.fromisoformat(when), frozenset({who} if who else set()), place,
                      frozenset({complainant}), hate)


ENGLAND = Threshold("ENG", "England", 3, 6, True, 0)


def test_three_reports_about_the_same_person_in_six_months() -> None:
    earlier = [_r("A", "2026-01-10"), _r("B", "2026-04-01")]
    reasons = case_review.check(ENGLAND, _r("C", "2026-07-09"), earlier)
    assert len(reasons) == 1 and "3 reports" in reasons[0] and "A, B, C" in reasons[0]


def test_a_report_outside_the_window_does_not_count() -> None:
    earlier = [_r("A", "2026-01-09"), _r("B", "2026-04-01")]
    assert case_review.check(ENGLAND, _r("C", "2026-07-10"), earlier) == []


def test_same_address_counts_with_different_perpetrators() -> None:
    earlier = [_r("A", "2026-05-01", who=7, place=3), _r("B", "2026-05-02", who=8, place=3),
               _r("X", "2026-05-03", who=9, place=4)]
    assert case_review.check(ENGLAND, _r("C", "2026-05-05", who=None, place=3), earlier)
    assert case_review.check(ENGLAND, _r("D", "2026-05-05", who=10, place=5), earlier) == []


def test_one_hate_incident_in_england_but_not_in_the_wales_profile() -> None:
    profiles = case_review.load_thresholds()
    assert case_review.check(profiles["ENG"], _r("H", "2026-05-05", hate=True), []) != []
    assert case_review.check(profiles["WLS"], _r("H", "2026-05-05", hate=True), []) == []
    assert case_review.threshold_for("SCT") == profiles["ENG"]


def test_wales_profile_counts_different_complainants() -> None:
    wales = case_review.load_thresholds()["WLS"]
    earlier = [_r(f"R{i}", f"2026-0{i}-01", who=None, place=2, complainant=f"p{i}") for i in range(1, 5)]
    new = _r("R5", "2026-05-20", who=None, place=2, complainant="p5")
    reasons = case_review.check(Threshold("WLS", "w", 99, 6, False, 5), new, earlier)
    assert reasons and "5 different people" in reasons[0]
    assert case_review.check(wales, new, earlier)  # and 5 reports at one address is over 3 anyway


def test_months_before_the_end_of_a_month() -> None:
    assert case_review.months_before(datetime(2026, 8, 31, 9), 6) == datetime(2026, 2, 28, 9)


def test_bad_threshold_data_is_named(tmp_path: Path) -> None:
    (tmp_path / "case_review.toml").write_text("[profiles.ENG]\ncomplaints = 0\n", encoding="utf-8")
    with pytest.raises(FormError, match="complaints"):
        case_review.load_thresholds(tmp_path)
