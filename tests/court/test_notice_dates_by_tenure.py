"""Dates that depend on the tenancy, read from the rendered PDFs: an s83ZA notice ceases to be in force twelve
months after the date it specifies (s83ZA(9)(b)), not twelve months after service; an s83 Ground 2 notice on a
secure tenancy for a term certain is in the Part II form and has no date sought and no lapse (s83(6))."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from integration.case_factory import rich_case
from sqlalchemy import select
from test_give_up_date import manager, text_of

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.storage.orm import Tenancy


def test_an_absolute_ground_notice_ceases_to_be_in_force_twelve_months_after_the_date_it_specifies(
        ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    svc = Services(ctx)
    svc.notices.record_condition(ref, 1, "Leeds Crown Court", "02/11/2026", "Wounding with intent (s18)",
                                 "Certificate of conviction")
    manager(ctx).notices.approve(ref, "s83za_absolute")
    # posted Friday 4 December 2026: deemed served Monday 7 December; a notice to quit given then could end a weekly
    # tenancy four weeks on, so the notice specifies Monday 4 January 2027 and proceedings may be begun after it
    info = svc.notices.pack(ref, "s83za_absolute", tmp_path / "pack", service_method="first_class_post",
                            service_at="2026-12-04 10:00")
    assert info.specified_on == date(2027, 1, 4)
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert "may be begun after 4 January 2027" in notice
    assert "This notice ceases to be in force on 4 January 2028" in notice, notice  # not 7 December 2027
    later = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: datetime(2026, 12, 10, 10, 0)))
    served = later.notices.served(ref, info.number, "first_class_post", datetime(2026, 12, 4, 10, 0))
    assert served.lapses_on == date(2028, 1, 4)
    assert "Notice lapses 04/01/2028" in text_of(served.folder / "05-certificate-of-service.pdf")


def test_service_of_an_absolute_ground_notice_after_the_time_limit_is_refused(ctx: Context, tmp_path: Path) -> None:
    """Planned for the last day of the 12 months beginning with the day of the conviction (s83ZA(5)), but served a
    day later: the date the notice names still holds (a weekly tenancy from a Monday), the time limit does not."""
    ref = rich_case(ctx)
    with ctx.session() as s:
        t = s.scalar(select(Tenancy).where(Tenancy.tenancy_type == "secure"))
        t.rent_period, t.start_date = "weekly", date(2025, 4, 7)  # a Monday
        s.commit()
    svc = Services(ctx)
    svc.notices.record_condition(ref, 1, "Leeds Crown Court", "02/11/2026", "Wounding with intent (s18)",
                                 "Certificate of conviction")
    manager(ctx).notices.approve(ref, "s83za_absolute")
    info = svc.notices.pack(ref, "s83za_absolute", service_method="by_hand", service_at="2027-11-01 10:00")
    assert info.specified_on == date(2027, 12, 5)
    later = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: datetime(2027, 11, 10, 10, 0)))
    with pytest.raises(RuleBlocked, match=r"deemed served 02/11/2027\):.*12 months"):
        later.notices.served(ref, info.number, "by_hand", datetime(2027, 11, 2, 10, 0))
    assert later.notices.list(ref)[0].served_at is None
    served = later.notices.served(ref, info.number, "by_hand", datetime(2027, 11, 1, 10, 0))
    assert served.deemed_served_on == date(2027, 11, 1)


def test_a_pack_relying_on_a_condition_whose_wording_is_unchecked_says_so(ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    svc = Services(ctx)
    manager(ctx).notices.approve(ref, "s83za_absolute")
    svc.notices.record_condition(ref, 1, "Leeds Crown Court", "02/11/2026", "Wounding with intent (s18)",
                                 "Certificate of conviction")
    first = svc.notices.pack(ref, "s83za_absolute", service_method="first_class_post", service_at="2026-12-04 10:00")
    assert "condition" not in first.note  # condition 1 is in the statute's words (the note is the rent period's)
    svc.notices.record_condition(ref, 3, "Leeds Magistrates' Court", "02/11/2026",
                                 "Breach of a criminal behaviour order (s30)", "Certificate of conviction")
    note = svc.notices.pack(ref, "s83za_absolute", service_method="first_class_post",
                            service_at="2026-12-04 10:00").note
    assert "The wording of condition 3 printed on this notice is a close paraphrase" in note
    assert "forms/notices/s83za_absolute.toml" in note


def test_a_ground_2_notice_on_a_tenancy_for_a_term_certain_has_no_date_sought_and_no_lapse(
        ctx: Context, tmp_path: Path) -> None:
    ref = rich_case(ctx)
    with ctx.session() as s:  # the secure tenancy becomes one for a term certain (an end date recorded)
        t = s.scalar(select(Tenancy).where(Tenancy.tenancy_type == "secure"))
        t.end_date = date(2030, 4, 6)
        s.commit()
    manager(ctx).notices.approve(ref, "s83_ground2")
    svc = Services(ctx)
    offered = {t.id: t for t in svc.notices.types(ref).offered}
    assert offered["s83_ground2"].give_up_date == "" and offered["s83_ground2"].lapse is None  # the window asks none
    with pytest.raises(ValidationError, match="--give-up-on: this notice does not specify a date for giving up "
                                              r"possession \(section 83\(3\) Housing Act 1985 applies only to a "
                                              r"periodic tenancy\)"):
        svc.notices.pack(ref, "s83_ground2", tmp_path / "refused", give_up_on="08/01/2027")
    assert not (tmp_path / "refused").exists()

    info = svc.notices.pack(ref, "s83_ground2", tmp_path / "pack", service_method="first_class_post",
                            service_at="2026-12-04 10:00")
    assert info.give_up_on is None
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert notice.startswith("Notice of seeking termination of tenancy and recovery of possession (section 83, "
                             "Housing Act 1985): Ground 2"), notice[:200]
    assert "Secure Tenancies (Notices) Regulations 1987, Schedule, Part II" in notice
    assert "Ground 2: The tenant or a person residing in or visiting the dwelling-house" in notice
    assert "date sought" not in notice and "ceases to be in force" not in notice, notice
    later = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: datetime(2026, 12, 10, 10, 0)))
    served = later.notices.served(ref, info.number, "first_class_post", datetime(2026, 12, 4, 10, 0))
    assert served.lapses_on is None and served.give_up_on is None
    cert = text_of(served.folder / "05-certificate-of-service.pdf")
    assert "Document served Notice of seeking termination of tenancy" in cert
    assert "Date sought for giving up possession" not in cert and "Notice lapses" not in cert, cert
