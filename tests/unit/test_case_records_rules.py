from datetime import date

from asb_desktop.domain.case_records import (
    police_advice_problems,
    police_report_problems,
    safeguarding_discussion_due,
    safeguarding_discussion_problems,
)
from asb_desktop.domain.partner_sharing import partner_key, sharing_allowed

TODAY = date(2026, 11, 23)


def test_sharing_needs_a_protocol_with_that_partner() -> None:
    assert sharing_allowed("leeds  city council", ["Leeds City Council"]).allowed
    assert sharing_allowed("The Probation Service", ["probation service"]).allowed
    refused = sharing_allowed("West Yorkshire Police", ["Leeds City Council"])
    assert not refused.allowed and "no information-sharing protocol" in refused.message and "12.1" in refused.message
    assert not sharing_allowed("  ", ["Leeds City Council"]).allowed
    assert partner_key("The  NHS Trust") == "nhs trust"


def test_police_records_name_the_missing_field() -> None:
    assert police_advice_problems(TODAY, "PC Ahmed", TODAY) == []
    assert [f for f, _ in police_advice_problems(None, "", TODAY)] == ["date", "advised by"]
    assert police_advice_problems(date(2026, 12, 1), "PC Ahmed", TODAY)[0][0] == "date"
    assert police_report_problems(TODAY, "Siobhan", TODAY, "Report it as harassment", TODAY) == []
    assert [f for f, _ in police_report_problems(TODAY, " ", None, "", TODAY)] == ["manager", "guidance date",
                                                                                   "guidance"]


def test_safeguarding_discussion_rules() -> None:
    assert safeguarding_discussion_problems("Siobhan", TODAY, "Referral to adult social care", TODAY) == []
    assert [f for f, _ in safeguarding_discussion_problems("", None, "", TODAY)] == ["manager", "date", "outcome"]
    assert safeguarding_discussion_due(True, 0)
    assert not safeguarding_discussion_due(True, 1)
    assert not safeguarding_discussion_due(False, 0)
