"""The date sought for giving up possession on a section 83 Ground 2 notice (s83(3) Housing Act 1985), read
from the rendered PDFs: the notice states that proceedings may be begun immediately, the date sought and the
date, twelve months after it, when the notice ceases to be in force; service counts the lapse from that date."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from sqlalchemy import select
from support.pdf import page_text, pdfinfo_pages

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm import User


def manager(ctx: Context) -> Services:
    with ctx.session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        actor = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    return Services(Context(ctx.engine, actor, ctx.data_dir, clock=ctx.clock))


def text_of(path: Path) -> str:
    return " ".join(" ".join(page_text(path, n) for n in range(1, pdfinfo_pages(path) + 1)).split())


@pytest.fixture
def case(ctx: Context) -> str:
    ref = rich_case(ctx)
    manager(ctx).notices.approve(ref, "s83_ground2")
    return ref


def test_the_notice_states_the_date_sought_and_lapses_twelve_months_after_it(ctx: Context, case: str,
                                                                              tmp_path: Path) -> None:
    svc = Services(ctx)
    info = svc.notices.pack(case, "s83_ground2", tmp_path / "pack", service_method="first_class_post",
                            service_at="2026-12-04 10:00", give_up_on="08/01/2027")
    assert info.give_up_on == date(2027, 1, 8)
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert "Proceedings for the possession of the dwelling-house may be begun immediately." in notice
    assert ("The date sought by the landlord as the date on which the tenant is to give up possession of the "
            "dwelling-house: 8 January 2027.") in notice
    assert "This notice ceases to be in force on 8 January 2028 (12 months after the date sought for giving up " \
           "possession)." in notice
    assert "after this notice is served" not in notice

    served = svc.notices.served(case, 1, "by_hand", datetime(2026, 11, 23, 9, 0), "Sam Server")
    assert served.deemed_served_on == date(2026, 11, 23)
    assert served.give_up_on == date(2027, 1, 8) and served.lapses_on == date(2028, 1, 8)  # not 23/11/2027
    cert = text_of(served.folder / "05-certificate-of-service.pdf")
    assert "Date sought for giving up possession 08/01/2027" in cert
    assert "Notice lapses 08/01/2028" in cert
    due = [i for i in svc.queries.due_items(within_days=800) if i.reference == case and i.kind == "notice_lapses"]
    assert [i.due_at.date() for i in due] == [date(2028, 1, 8)]


def test_the_default_date_sought_is_four_weeks_after_the_planned_deemed_service(ctx: Context, case: str,
                                                                                 tmp_path: Path) -> None:
    info = Services(ctx).notices.pack(case, "s83_ground2", tmp_path / "pack", service_method="first_class_post",
                                      service_at="2026-12-04 10:00")
    assert info.give_up_on == date(2027, 1, 4)  # deemed Mon 7 Dec 2026 + 4 weeks
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert "give up possession of the dwelling-house: 4 January 2027." in notice
    assert "ceases to be in force on 4 January 2028" in notice


def test_a_date_sought_earlier_than_a_notice_to_quit_could_end_the_tenancy_is_refused_and_nothing_is_written(
        ctx: Context, case: str, tmp_path: Path) -> None:
    """s83(5): posted Friday 4 December, deemed served Monday 7 December; a notice to quit given then could end
    a weekly tenancy no earlier than four weeks on, Monday 4 January 2027."""
    svc = Services(ctx)
    for day in ("06/12/2026", "03/01/2027"):
        with pytest.raises(ValidationError, match=f"--give-up-on: {day} is earlier than 04/01/2027: served as planned, "
                                                  "the notice is deemed served on 07/12/2026"):
            svc.notices.pack(case, "s83_ground2", tmp_path / "pack", service_method="first_class_post",
                             service_at="2026-12-04 10:00", give_up_on=day)
    with pytest.raises(ValidationError, match="--give-up-on: '31/02/2027' is not a real date"):
        svc.notices.pack(case, "s83_ground2", tmp_path / "pack", give_up_on="31/02/2027")
    assert not (tmp_path / "pack").exists() and svc.notices.list(case) == []


def test_service_too_late_for_the_date_sought_is_refused(ctx: Context, case: str, tmp_path: Path) -> None:
    """Planned by hand on Monday 23 November (so the date sought is 21 December), but posted on Tuesday 1 December:
    deemed served Thursday 3 December, when a notice to quit could end the tenancy no earlier than 31 December."""
    svc = Services(ctx)
    info = svc.notices.pack(case, "s83_ground2", service_method="by_hand", service_at="2026-11-23 11:00")
    assert info.give_up_on == date(2026, 12, 21)
    later = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: datetime(2026, 12, 10, 10, 0)))
    with pytest.raises(RuleBlocked, match="give up possession on 21/12/2026.*not be earlier than 31/12/2026"):
        later.notices.served(case, 1, "first_class_post", datetime(2026, 12, 1, 10, 0))
    assert later.notices.list(case)[0].served_at is None


def test_an_injunction_application_says_nothing_of_a_notice_before_proceedings(ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    manager(ctx).notices.approve(ref, "injunction_part1")
    Services(ctx).notices.pack(ref, "injunction_part1", tmp_path / "pack")
    text = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert "Application for a civil injunction" in text
    assert "Proceedings may be begun" not in text and "this notice is served" not in text
    assert "When proceedings may be begun" not in text and "ceases to be in force" not in text
