from datetime import date

from asb_desktop.domain import rules
from asb_desktop.domain.identity_rules import (
    Identity,
    anonymous_identity,
    describe_match,
    hidden_cases_note,
    same_person,
)


def test_anonymous_reporter_stores_no_identity() -> None:
    assert anonymous_identity(True).allowed
    assert anonymous_identity(False, "Jane Smith", "1 High St", "0123").allowed
    refused = anonymous_identity(True, "Jane Smith", "", "0123")
    assert not refused.allowed and "Name, phone given" in refused.message and "withhold" in refused.message


def test_same_person_by_name_and_dob_or_address() -> None:
    on_file = Identity("Dean", "Marsh", date(1990, 1, 2), "4 Low Road, Ashford", "TN1 1AA")
    assert same_person(Identity("dean", "MARSH", date(1990, 1, 2)), on_file)
    assert not same_person(Identity("Dean", "Marsh", date(1991, 1, 2), "4 Low Road"), on_file)
    assert same_person(Identity("Dean", "Marsh", None, "4 low road"), on_file)
    assert same_person(Identity("Dean", "Marsh", None, "", "tn1 1aa"), on_file)
    assert not same_person(Identity("Dean", "Marsh"), on_file)
    assert not same_person(Identity("Don", "Marsh", date(1990, 1, 2)), on_file)


def test_messages() -> None:
    assert describe_match("Dean Marsh", date(1990, 1, 2), "4 Low Road") == (
        "This looks like Dean Marsh (born 02/01/1990, 4 Low Road) already on file - use them?")
    assert hidden_cases_note(0, 2) == "alleged perpetrator in 0 cases you can see; 2 further cases you cannot see"
    assert hidden_cases_note(1, 0) == "alleged perpetrator in 1 case you can see"


def test_third_party_disclosure_rule() -> None:
    assert rules.third_party_disclosure(True).allowed and not rules.third_party_disclosure(None).allowed
