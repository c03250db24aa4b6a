"""The date a notice names that must not be earlier than a notice to quit could end the tenancy (s128(4)
Housing Act 1996), read from the rendered PDFs: a monthly tenancy's notice names the last day of a rental
period; a tenancy with no rent period recorded keeps the 4-week date and the officer is told why."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from sqlalchemy import select
from test_give_up_date import manager

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked
from asb_desktop.storage.orm import Tenancy


def text_of(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def introductory(ctx: Context, start: date | None, period: str | None) -> str:
    ref = rich_case(ctx)
    with ctx.session() as s:
        for t in s.scalars(select(Tenancy)):
            t.tenancy_type, t.rent_period = "introductory", period
            if t.end_date is None:
                t.start_date = start
        s.commit()
    manager(ctx).notices.approve(ref, "s128_introductory")
    return ref


def test_a_monthly_tenancy_notice_names_the_end_of_a_rental_period(ctx: Context, tmp_path: Path) -> None:
    ref = introductory(ctx, date(2026, 1, 16), "monthly")  # periods run from the 16th to the 15th
    svc = Services(ctx)
    # posted Fri 4 Dec 2026, deemed served Mon 7 Dec (CPR 6.26); 4 weeks on is 4 January 2027, inside the
    # period 16 December to 15 January, the first that starts after the notice: so 15 January 2027
    info = svc.notices.pack(ref, "s128_introductory", tmp_path / "pack", service_method="first_class_post",
                            service_at="2026-12-04 10:00")
    assert info.specified_on == date(2027, 1, 15) and info.note == ""
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert "Proceedings for the possession of the dwelling-house may be begun after 15 January 2027. The court " \
           "will not entertain proceedings begun on or before that date." in notice, notice
    later = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: datetime(2026, 12, 18, 12, 0)))
    # delivered on Thu 17 Dec instead: the period from 16 December has begun, so the next one, to 15 February
    with pytest.raises(RuleBlocked, match="no earlier than 15/02/2027"):
        later.notices.served(ref, 1, "by_hand", datetime(2026, 12, 17, 10, 0), "Sam Server")
    # delivered on Fri 4 Dec: still the period to 15 January
    served = later.notices.served(ref, 1, "by_hand", datetime(2026, 12, 4, 10, 0), "Sam Server")
    assert served.specified_on == date(2027, 1, 15) and served.earliest_proceedings_on == date(2027, 1, 16)
    cert = text_of(served.folder / "05-certificate-of-service.pdf")
    assert "Date specified in the notice (proceedings may be begun after it) 15/01/2027" in cert, cert
    assert "Earliest date proceedings may be begun 16/01/2027" in cert


def test_no_rent_period_recorded_keeps_four_weeks_and_says_so(ctx: Context, tmp_path: Path) -> None:
    ref = introductory(ctx, date(2026, 1, 16), None)
    svc = Services(ctx)
    info = svc.notices.pack(ref, "s128_introductory", tmp_path / "pack", service_method="first_class_post",
                            service_at="2026-12-04 10:00")
    assert info.specified_on == date(2027, 1, 4)  # 4 weeks after Mon 7 December, a weekly tenancy assumed
    assert "rent period of the tenancy is not recorded" in info.note
    assert "may be begun after 4 January 2027." in text_of(tmp_path / "pack" / "01-notice.pdf")
    dates = svc.notices.dates_for(ref, 1, "first_class_post", datetime(2026, 12, 4, 10, 0))
    assert "Record the rent period" in dates.period_note
