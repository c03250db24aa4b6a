"""s8 Housing Act 1988 notices: the Form 3 in force on the date of service, in the form's order (intention to
begin proceedings, s8(3)(a); the ground in full; particulars; the earliest date), read from the rendered PDF."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from asb_desktop.court import notice_pack
from asb_desktop.court.dates import ServiceMethod, notice_dates
from asb_desktop.court.notice_types import load_notice_types, offered_types, parse_notice_type
from asb_desktop.domain.absolute_ground import ConditionFact
from asb_desktop.domain.forms import FormError


def facts(nt, served: datetime) -> notice_pack.PackFacts:  # noqa: ANN001
    planned = notice_dates(ServiceMethod.BY_HAND, served, nt.period_for(False), nt.lapse, "ENG",
                           after=bool(nt.proceedings_after))
    return notice_pack.PackFacts(
        reference="ASB-2026-00001", number=1, organisation="Northgate Homes", organisation_address="1 High St",
        tenants=("Sam Tenant",), property_address="Flat 4, 2 Low Rd", tenancy_label="assured", fixed_term=False,
        officer="Ann Officer", prepared_on=served.date(), approved_by="Bea Manager", non_legal=(), legal_basis="",
        incidents=(notice_pack.IncidentFact(datetime(2026, 11, 20, 22, 0), None, "Flat 4", "Loud music"),),
        planned=planned, signatory="Ann Officer", signatory_role="officer")


def text_of(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_ground_14_notice_follows_form_3_in_force_on_the_date_of_service(tmp_path: Path) -> None:
    nt = {t.id: t for t in load_notice_types()}["s8_ground14"]
    text = text_of(notice_pack.notice(nt, facts(nt, datetime(2026, 12, 7, 10, 0)), tmp_path / "n.pdf"))
    assert "Form 3 (Assured Tenancies and Agricultural Occupancies (Forms) (England) Regulations 2015" in text
    order = [text.index("The landlord intends to begin proceedings for possession of the dwelling-house"),
             text.index("Ground 14:"), text.index("1. On 20/11/2026 at 22:00 at Flat 4: Loud music."),
             text.index("Proceedings may be begun")]
    assert order == sorted(order)


def test_ground_7a_notice_states_the_condition_not_a_menu(tmp_path: Path) -> None:
    nt = {t.id: t for t in load_notice_types()}["s8_ground7a"]
    f = replace(facts(nt, datetime(2026, 12, 7, 10, 0)),
                condition=ConditionFact(3, "Leeds Magistrates' Court", date(2026, 10, 1), "Breach of a CBO", "CBO"))
    text = text_of(notice_pack.notice(nt, f, tmp_path / "n.pdf"))
    assert "The landlord intends to begin proceedings for possession of the dwelling-house on Ground 7A" in text
    assert "Condition 3 (section 84A(5))" in text and "Court: Leeds Magistrates' Court. Date: 1 October 2026." in text
    assert "closure order" not in text and "serious offence" not in text and "one of the five" not in text
    order = [text.index("Ground 7A"), text.index("Condition 3"), text.index("The landlord's reasons"),
             text.index("may be begun")]
    assert order == sorted(order)


@pytest.mark.parametrize("type_id", ["s83za_absolute", "s8_ground7a"])
def test_condition_2_is_printed_in_the_statute_s_words(type_id: str, tmp_path: Path) -> None:
    """s84A(4) Housing Act 1985 / Ground 7A condition 2, as inserted by ss94 and 97 of the 2014 Act (read on
    legislation.gov.uk): the limbs (a) and (b)(i)-(ii), "conduct that is capable of causing", "(of whatever
    description)", read from the rendered notice."""
    nt = {t.id: t for t in load_notice_types()}[type_id]
    f = replace(facts(nt, datetime(2026, 12, 7, 10, 0)),
                condition=ConditionFact(2, "Leeds County Court", date(2026, 10, 1), "Breach of paragraph 2", "Order"))
    text = text_of(notice_pack.notice(nt, f, tmp_path / "n.pdf"))
    assert ("other than a provision requiring a person to participate in a particular activity, and (a) the breach "
            "occurred in, or in the locality of, the dwelling-house, or (b) the breach occurred elsewhere and the "
            "provision breached was a provision intended to prevent (i) conduct that is capable of causing nuisance or "
            "annoyance to a person with a right (of whatever description) to reside in, or occupy housing "
            "accommodation in the locality of, the dwelling-house, or (ii) conduct that is capable of causing "
            "nuisance or annoyance to the landlord of the dwelling-house") in text
    assert "prevent conduct capable of causing" not in text  # the former paraphrase


def test_types_are_offered_only_while_a_form_version_is_in_force() -> None:
    types = load_notice_types()
    nt = next(t for t in types if t.id == "s8_ground14")
    assert nt.form_on(date(2015, 4, 5)).name.startswith("Form 3 (Assured Tenancies and Agricultural Occupancies "
                                                        "(Forms) Regulations 1997")
    ended = replace(nt, form_versions=(replace(nt.form_versions[0], valid_to=date(2015, 4, 5)),))
    refused = offered_types([ended], "assured", date(2026, 12, 1)).not_offered
    assert "no version of its prescribed form is in force on 01 December 2026" in refused[0].reasons[0]


def test_overlapping_form_versions_are_refused() -> None:
    data = {"id": "x", "title": "T", "remedy": "r", "legal_basis": "b", "tenancy_types": ["assured"],
            "valid_from": date(1997, 1, 1), "required_contents": ["a"], "prescribed_wording": "w",
            "period": {"periodic": {"days": 0}},
            "form_versions": [{"name": "A", "valid_from": date(2000, 1, 1)}, {"name": "B", "valid_from": date(2010, 1, 1)}]}
    with pytest.raises(FormError, match="form versions 'A' and 'B' overlap"):
        parse_notice_type(data, "notices/x.toml")
