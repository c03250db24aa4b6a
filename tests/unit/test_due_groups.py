from datetime import datetime

import pytest

from asb_desktop.domain.due import DueGroup, due_group

NOW = datetime(2026, 12, 4, 9, 30)


@pytest.mark.parametrize(("due", "group"), [
    (datetime(2026, 12, 4, 9, 29), DueGroup.OVERDUE),
    (datetime(2026, 11, 1), DueGroup.OVERDUE),
    (datetime(2026, 12, 4, 9, 30), DueGroup.TODAY),
    (datetime(2026, 12, 4, 23, 59), DueGroup.TODAY),
    (datetime(2026, 12, 5, 0, 0), DueGroup.THIS_WEEK),
    (datetime(2026, 12, 10, 23, 59), DueGroup.THIS_WEEK),
    (datetime(2026, 12, 11, 0, 0), DueGroup.LATER),
])
def test_a_deadline_falls_in_one_group(due: datetime, group: DueGroup) -> None:
    assert due_group(due, NOW) is group


def test_every_due_kind_has_a_name() -> None:
    from asb_desktop.domain.due import due_kind_label

    assert due_kind_label("new_tenant_contact") == "New-tenant contact"
    assert due_kind_label("complainant_contact") == "Complainant contact"
    assert due_kind_label("full_risk_assessment") == "Full risk assessment"
    assert due_kind_label("something_new") == "Something new"
