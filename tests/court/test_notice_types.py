"""Notice types are data: every shipped definition loads; bad ones are refused naming file and field;
the types offered depend on the tenancy type and the date, with reasons for the rest."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from asb_desktop.court.notice_types import load_notice_types, offered_types
from asb_desktop.domain.forms import FormError
from asb_desktop.resources import forms_dir

EXPECTED = {"s8_ground14", "s8_ground7a", "s83_ground2", "s83za_absolute", "s128_introductory", "demotion_s82a",
            "demotion_s6a", "injunction_part1"}


def test_every_shipped_type_loads_with_its_rules() -> None:
    types = {t.id: t for t in load_notice_types()}
    assert set(types) >= EXPECTED
    assert types["s8_ground14"].period_periodic.immediate and types["s8_ground14"].lapse.months == 12
    assert types["s83za_absolute"].period_periodic.days == 28 and types["s83za_absolute"].period_fixed.months == 1
    assert "7 days" in types["s83za_absolute"].review_rights
    assert "14 days" in types["s128_introductory"].review_rights and types["s128_introductory"].lapse is None
    assert types["injunction_part1"].kind == "application"


def test_offered_for_a_secure_tenancy_with_reasons_for_the_rest() -> None:
    offer = offered_types(load_notice_types(), "secure", date(2026, 12, 1))
    ids = {t.id for t in offer.offered}
    assert ids == {"s83_ground2", "s83za_absolute", "demotion_s82a", "injunction_part1"}
    refused = {r.id: r.reasons for r in offer.not_offered}
    assert "applies to assured, assured shorthold / starter tenancies, not secure" in refused["s8_ground14"][0]
    assert "introductory" in refused["s128_introductory"][0]


def test_offered_for_introductory_and_assured() -> None:
    intro = {t.id for t in offered_types(load_notice_types(), "introductory", date(2026, 12, 1)).offered}
    assert intro == {"s128_introductory", "injunction_part1"}
    assured = {t.id for t in offered_types(load_notice_types(), "assured", date(2026, 12, 1)).offered}
    assert assured == {"s8_ground14", "s8_ground7a", "demotion_s6a", "injunction_part1"}


def test_dates_in_force_decide_too() -> None:
    offer = offered_types(load_notice_types(), "assured", date(2014, 6, 1))
    refused = {r.id: r.reasons for r in offer.not_offered}
    assert "not in force until 20 October 2014" in refused["s8_ground7a"][0]
    assert "s8_ground14" in {t.id for t in offer.offered}


def test_unknown_tenancy_offers_no_notice_and_says_ask_a_manager() -> None:
    offer = offered_types(load_notice_types(), None, date(2026, 12, 1))
    assert {t.id for t in offer.offered} == {"injunction_part1"}
    assert all("tenancy type is not recorded" in r.reasons[0] for r in offer.not_offered)


@pytest.fixture
def forms_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    dest = tmp_path / "forms"
    shutil.copytree(forms_dir(), dest)
    monkeypatch.setenv("ASB_FORMS_DIR", str(dest))
    return dest


def test_a_law_change_is_a_data_edit(forms_copy: Path) -> None:
    path = forms_copy / "notices" / "demotion_s6a.toml"
    path.write_text(path.read_text().replace("valid_from = 2004-06-30", "valid_from = 2004-06-30\nvalid_to = 2026-04-30"))
    offer = offered_types(load_notice_types(), "assured", date(2026, 12, 1))
    refused = {r.id: r.reasons for r in offer.not_offered}
    assert refused["demotion_s6a"] == ["it stopped being in force after 30 April 2026"]


@pytest.mark.parametrize(("old", "new", "message"), [
    ('tenancy_types = ["secure"]', 'tenancy_types = ["council"]', "notices/s83_ground2.toml: field 'tenancy_types' has 'council'"),
    ("valid_from = 1997-02-12", 'valid_from = "1997"', "notices/s83_ground2.toml: field 'valid_from' must be a date"),
    ("periodic = { days = 0 }", "periodic = { weeks = 2 }", "notices/s83_ground2.toml: field 'period.periodic'"),
    ('id = "s83_ground2"', 'id = "other"', "notices/s83_ground2.toml: field 'id' is 'other'"),
    ("months = 12", "months = -1", "notices/s83_ground2.toml: field 'lapse'"),
    ("prescribed_wording = ", "prescribed_wordin = ", "field 'prescribed_wording' must be non-empty text"),
])
def test_a_bad_definition_is_refused_naming_file_and_field(forms_copy: Path, old: str, new: str, message: str) -> None:
    path = forms_copy / "notices" / "s83_ground2.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(FormError) as err:
        load_notice_types()
    assert message in str(err.value)
