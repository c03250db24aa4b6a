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
