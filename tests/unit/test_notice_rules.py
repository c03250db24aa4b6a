"""Who may sign a statutory notice; --tenancy never overrides the recorded tenancy (domain/notice_rules.py)."""

from __future__ import annotations

from asb_desktop.domain.notice_rules import (
    Signatory,
    signing_refusals,
    tenancy_for_notice,
    tenancy_refusals,
    wrong_tenancy,
)


def test_a_named_officer_manager_or_team_leader_may_sign() -> None:
    for role in ("officer", "team_leader", "manager"):
        assert signing_refusals(Signatory("jo.bloggs", "Jo Bloggs", (role,))) == []


def test_default_system_unnamed_inactive_or_unauthorised_accounts_may_not_sign() -> None:
    assert "default or system account" in signing_refusals(Signatory("root", "Root", ("officer", "administrator")))[0]
    assert "default or system account" in signing_refusals(Signatory("system", "System", ("manager",)))[0]
    assert "not a full name" in signing_refusals(Signatory("jo", "Jo", ("officer",)))[0]
    assert "not active" in signing_refusals(Signatory("jo.b", "Jo Bloggs", ("officer",), active=False))[0]
    said = signing_refusals(Signatory("it.admin", "Ian Tech", ("administrator",)))
    assert said == ["Ian Tech holds administrator; a notice is signed by an officer, team leader or manager"]


def test_tenancy_override_only_fills_a_gap() -> None:
    assert tenancy_refusals("secure", "introductory")[0].startswith("The case records a secure tenancy; --tenancy "
                                                                    "introductory cannot override it.")
    assert tenancy_refusals("secure", "secure") == [] and tenancy_refusals(None, "assured") == []
    assert tenancy_refusals("secure", None) == []
    assert tenancy_for_notice("secure", None) == "secure" and tenancy_for_notice(None, "assured") == "assured"


def test_a_notice_for_the_wrong_tenancy_type_is_refused_with_a_reason() -> None:
    assert wrong_tenancy(("introductory",), "secure") == ["it applies to introductory tenancies, not secure"]
    assert wrong_tenancy(("secure", "introductory"), "secure") == []
    assert "not recorded" in wrong_tenancy(("secure",), None)[0]
