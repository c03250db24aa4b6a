from pathlib import Path

import pytest

from asb_desktop.domain.enums import RiskBand
from asb_desktop.domain.forms import FormError, load_risk_assessment, load_triage
from asb_desktop.domain.plain_english import check_plain_english


def test_triage_form_has_three_questions_and_threshold_two() -> None:
    form = load_triage()
    assert len(form.questions) == 3 and form.threshold == 2


def test_risk_bands_come_from_the_form_definition(tmp_path: Path) -> None:
    form = load_risk_assessment()
    assert form.score({})[1] == RiskBand.STANDARD
    assert form.score({"targeted": True, "repeat": True, "fear": True})[1] == RiskBand.MEDIUM
    assert form.score({"violence": True})[1] == RiskBand.HIGH  # escalates whatever the score
    # Change the definition, not the code: a lower threshold makes the same answers high.
    text = (Path(__file__).parents[2] / "forms" / "risk_assessment.toml").read_text()
    (tmp_path / "risk_assessment.toml").write_text(text.replace("min_score = 16", "min_score = 9"))
    edited = load_risk_assessment(tmp_path)
    assert edited.score({"targeted": True, "repeat": True, "fear": True})[1] == RiskBand.HIGH


def test_broken_form_definition_is_refused_with_the_field_named(tmp_path: Path) -> None:
    (tmp_path / "risk_assessment.toml").write_text('[[questions]]\nid = "a"\ntext = "A"\nweight = -1\n'
                                                   '[[bands]]\nid = "standard"\nmin_score = 0\n')
    with pytest.raises(FormError, match="weight"):
        load_risk_assessment(tmp_path)
    (tmp_path / "risk_assessment.toml").write_text("questions = [")
    with pytest.raises(FormError, match="not valid TOML"):
        load_risk_assessment(tmp_path)
    with pytest.raises(FormError, match="unknown question"):
        load_risk_assessment().score({"nonsense": True})


def test_plain_english_flags_abbreviations_and_slang() -> None:
    words = [f.word for f in check_plain_english("Comp says the perp was gonna come back asap, NFA by PC.")]
    assert words == ["Comp", "perp", "gonna", "asap", "NFA", "PC"]
    clean = "Spoke to the complainant at 14:30 about ASB-2026-00042 near SW1A 1AA; CCTV requested from the MARAC."
    assert check_plain_english(clean) == []
