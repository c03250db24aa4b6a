"""Lettings, the colleague review group and publicity:
`asb tenancy add|list|set|due|contacted` (3.1; a case's tenancies and their terms), `asb pretenancy add|show` (4.1-4.3),
`asb review-group add|list` (2024 5.9.1), `asb publicity show|consult|advice|restrict|publicise|override|lift` (17)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import print_table, services, to_json

if TYPE_CHECKING:
    from ..services.casework.tenancy_terms import TenancyRead

MEMBER_FLAGS = (("line_manager", "--line-manager"), ("health_and_safety", "--health-and-safety"),
                ("hr", "--hr"), ("housing_manager", "--housing-manager"))


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("tenancy", help="record a tenancy; new-tenant contacts due 4-6 weeks after it starts (3.1)")
    ts = t.add_subparsers(dest="tenancy_command", metavar="ACTION", required=True)
    p = ts.add_parser("add", help="record a tenancy (a new one raises the 4-6 week contact)")
    p.add_argument("person", help="the tenant's person id (uid, from 'asb person find')")
    p.add_argument("--address", required=True)
    p.add_argument("--postcode", default="")
    p.add_argument("--type", required=True, dest="tenancy_type", help="secure, introductory, assured, ...")
    p.add_argument("--start", required=True, help="the date the tenancy starts, like 2026-11-16")
    p.add_argument("--landlord-ref", default="")
    p.add_argument("--rent-period", default=None,
                   help="how often rent is due: weekly, fortnightly, four_weekly or monthly (periods run from "
                        "--start); gives notices the exact date a notice to quit could end the tenancy")
    p.set_defaults(handler=cmd_tenancy_add)
    p = ts.add_parser("list", help="the tenancies of a case's alleged perpetrator and property, with their terms")
    p.add_argument("reference", help="the case reference, like ASB-2026-00042")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tenancy_list)
    p = ts.add_parser("set", help="correct a recorded tenancy's rent period or start date (notices' dates follow)")
    p.add_argument("tenancy", help="the tenancy's id (uid, from 'asb tenancy list')")
    p.add_argument("--rent-period", default=None,
                   help="weekly, fortnightly, four_weekly, monthly, or not_recorded (default: unchanged)")
    p.add_argument("--start", default=None, help="the date the tenancy started, like 2025-04-07 (default: unchanged)")
    p.add_argument("--version", required=True, dest="expect_version", metavar="N",
                   help="the tenancy's version shown by 'asb tenancy list'; refused, nothing saved, if it moved")
    p.set_defaults(handler=cmd_tenancy_set)
    p = ts.add_parser("due", help="new-tenant contacts not yet made")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tenancy_due)
    p = ts.add_parser("contacted", help="record the new-tenant contact as made")
    p.add_argument("contact", help="the id shown by 'asb tenancy due'")
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_tenancy_contacted)

    pt = sub.add_parser("pretenancy", help="pre-tenancy assessments (4.1-4.3)")
    ps = pt.add_subparsers(dest="pretenancy_command", metavar="ACTION", required=True)
    p = ps.add_parser("add", help="record an assessment; the applicant's ASB history is looked up and kept")
    p.add_argument("person", help="the applicant's person id (uid)")
    p.add_argument("--decision", required=True,
                   help="proceed, proceed_with_conditions, refer_to_manager or decline")
    p.add_argument("--reason", required=True)
    p.add_argument("--risks", default="")
    p.add_argument("--property", default="", help="the address offered")
    p.set_defaults(handler=cmd_pretenancy_add)
    p = ps.add_parser("show", help="assessments of one applicant (or all), newest first")
    p.add_argument("person", nargs="?", default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pretenancy_show)

    rg = sub.add_parser("review-group", help="the colleague review group on an employee case (2024 5.9.1)")
    rs = rg.add_subparsers(dest="review_group_command", metavar="ACTION", required=True)
    p = rs.add_parser("add", help="record the group's meeting and decision (team leaders and managers)")
    p.add_argument("reference")
    p.add_argument("--date", required=True, help="the date the group met, like 2026-11-21")
    for _key, flag in MEMBER_FLAGS:
        p.add_argument(flag, required=True, help="name of the member")
    p.add_argument("--decision", required=True, help="agreed or not_agreed")
    p.add_argument("--actions", default="", help="what was agreed")
    p.add_argument("--escalated-to", default="", help="the Director of Operations' name (needed if not_agreed)")
    p.add_argument("--escalated-on", default=None)
    p.add_argument("--escalation-note", default="")
    p.set_defaults(handler=cmd_review_add)
    p = rs.add_parser("list", help="the group's meetings on a case")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review_list)

    pb = sub.add_parser("publicity", help="publicity and court reporting restrictions (17)")
    bs = pb.add_subparsers(dest="publicity_command", metavar="ACTION", required=True)
    p = bs.add_parser("show", help="what is recorded and whether publicity may go ahead")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pub_show)
    for name, help_text, by in (("consult", "record the manager consultation", "--manager"),
                                ("advice", "record legal advice (needed first when anyone is under 18)", "--adviser")):
        p = bs.add_parser(name, help=help_text)
        p.add_argument("reference")
        p.add_argument(by, required=True, dest="by")
        p.add_argument("--detail", required=True)
        p.add_argument("--date", default=None)
        p.set_defaults(handler=cmd_pub_add, action=name)
    p = bs.add_parser("restrict", help="record a court reporting restriction on the case")
    p.add_argument("reference")
    p.add_argument("--detail", required=True, help="e.g. 'Section 45 YJCEA 1999: the youth is not to be named'")
    p.add_argument("--date", default=None)
    p.set_defaults(handler=cmd_pub_add, action="restrict", by="")
    p = bs.add_parser("publicise", help="record publicity (refused until the procedure allows it)")
    p.add_argument("reference")
    p.add_argument("--detail", required=True)
    p.add_argument("--date", default=None)
    p.add_argument("--under-18", action="store_true", help="someone under 18 is involved (also found from dates of birth)")
    p.set_defaults(handler=cmd_pub_add, action="publicise", by="")
    p = bs.add_parser("override", help="a manager allows exports despite reporting restrictions")
    p.add_argument("reference")
    p.add_argument("--reason", required=True, dest="detail")
    p.set_defaults(handler=cmd_pub_add, action="override", by="", date=None)
    p = bs.add_parser("lift", help="a manager lifts a reporting restriction or withdraws an override")
    p.add_argument("reference")
    p.add_argument("id", help="the id shown by 'asb publicity show'")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_pub_lift)


def cmd_tenancy_add(args: argparse.Namespace) -> int:
    got = services(args).tenancy_checks.record_tenancy(args.person, args.address, args.postcode, args.tenancy_type,
                                                       args.start, args.landlord_ref, args.rent_period)
    print("Tenancy recorded." + (f" New-tenant contact (id {got.uid}): {got.reason}" if got else
                                 " Its 4-6 week contact window has passed, so no contact was raised."))
    return 0


def _tenancy_line(t: TenancyRead) -> str:
    start = t.start.isoformat() if t.start else "not recorded"
    return (f"{t.uid}  version {t.version}  {t.tenant}, {t.address}: {t.tenancy_type_label}; rent period "
            f"{t.rent_period or 'not recorded'}; start {start}" + (f"; ended {t.end.isoformat()}" if t.end else ""))


def cmd_tenancy_list(args: argparse.Namespace) -> int:
    rows = services(args).tenancy_terms.tenancies(args.reference)
    if args.json:
        print(to_json(rows))
        return 0
    if not rows:
        print(f"No tenancy is recorded for the alleged perpetrator or the property of {args.reference.upper()}.")
    for t in rows:
        print(_tenancy_line(t))
        if t.relied_on:
            print(f"  The case's notices rely on this one ({t.why}).")
    return 0


def cmd_tenancy_set(args: argparse.Namespace) -> int:
    from ..services.casework.tenancy_terms import KEEP
    from ..services.kernel.errors import ValidationError

    try:
        version = int(str(args.expect_version).strip())
    except ValueError:
        raise ValidationError("--version", f"'{args.expect_version}' is not a whole number (see 'asb tenancy "
                              "list')") from None
    if args.rent_period is None and args.start is None:
        raise ValidationError("--rent-period", "give --rent-period or --start (or both): nothing to change")
    got = services(args).tenancy_terms.set_tenancy_terms(
        args.tenancy, rent_period=KEEP if args.rent_period is None else args.rent_period, start=args.start,
        version=version)
    if got.version == version:
        print(f"Nothing to change: {_tenancy_line(got)}")
    else:
        print(f"Tenancy terms saved (now version {got.version}): {_tenancy_line(got)}")
    return 0


def cmd_tenancy_due(args: argparse.Namespace) -> int:
    rows = services(args).tenancy_checks.contacts_due()
    if args.json:
        print(to_json(rows))
        return 0
    print_table(["Id", "Tenant", "Address", "Not before", "Due by"],
                [[r.uid, r.tenant, r.address, r.not_before.isoformat(), r.due_on.isoformat()] for r in rows])
    return 0


def cmd_tenancy_contacted(args: argparse.Namespace) -> int:
    got = services(args).tenancy_checks.complete_contact(args.contact, args.note)
    print(f"New-tenant contact with {got.tenant} recorded as made.")
    return 0


def cmd_pretenancy_add(args: argparse.Namespace) -> int:
    info = services(args).tenancy_checks.add_assessment(args.person, args.decision, args.reason, args.risks,
                                                        args.property)
    found = ", ".join(h.reference for h in info.history_found) or "none"
    print(f"Pre-tenancy assessment recorded for {info.applicant} (id {info.uid}): {info.decision_label}. "
          f"ASB cases found: {found}.")
    return 0


def cmd_pretenancy_show(args: argparse.Namespace) -> int:
    rows = services(args).tenancy_checks.assessments(args.person)
    if args.json:
        print(to_json(rows))
        return 0
    for r in rows:
        found = ", ".join(f"{h.reference} ({h.status})" for h in r.history_found) or "none"
        print(f"{r.applicant} - {r.recorded_at:%d %b %Y %H:%M} by {r.recorded_by}\n"
              f"  Property: {r.property_address or '-'}\n  ASB cases found: {found}\n  Risks: {r.risks or '-'}\n"
              f"  Decision: {r.decision_label}\n  Reason: {r.reason}")
    if not rows:
        print("No pre-tenancy assessments.")
    return 0


def cmd_review_add(args: argparse.Namespace) -> int:
    members = {key: getattr(args, flag[2:].replace("-", "_")) for key, flag in MEMBER_FLAGS}
    info = services(args).review_group.record(args.reference, args.date, members, args.decision, args.actions,
                                              args.escalated_to, args.escalated_on, args.escalation_note)
    print(f"Review group meeting of {info.met_on:%d %B %Y} recorded on {info.case_reference}: {info.decision_label}"
          + (f" ({info.escalated_to})." if info.escalated_to else "."))
    return 0


def cmd_review_list(args: argparse.Namespace) -> int:
    rows = services(args).review_group.list(args.reference)
    if args.json:
        print(to_json(rows))
        return 0
    print_table(["Met", "Decision", "Escalated to", "Members"],
                [[r.met_on.isoformat(), r.decision_label, r.escalated_to or "-",
                  ", ".join(r.members.values())] for r in rows])
    return 0


def cmd_pub_show(args: argparse.Namespace) -> int:
    st = services(args).publicity.status(args.reference)
    if args.json:
        print(to_json(st))
        return 0
    if st.banner:
        print(st.banner)
    print(f"Manager consulted: {'yes' if st.manager_consulted else 'no'}; under 18 involved: "
          f"{'yes' if st.anyone_under_18 else 'no'}; legal advice: {'yes' if st.advice_recorded else 'no'}; "
          f"export override: {'yes' if st.export_override else 'no'}")
    print("Publicity may go ahead." if not st.blockers else "Publicity may not go ahead: " + "; ".join(st.blockers))
    print_table(["Id", "What", "Detail", "By", "Date", "Lifted"],
                [[e.uid, e.label, e.detail, e.by_name, e.dated.isoformat() if e.dated else "",
                  "yes" if e.lifted else ""] for e in st.entries])
    return 0


def cmd_pub_add(args: argparse.Namespace) -> int:
    pub = services(args).publicity
    if args.action == "consult":
        st = pub.consult(args.reference, args.by, args.detail, args.date)
    elif args.action == "advice":
        st = pub.advice(args.reference, args.by, args.detail, args.date)
    elif args.action == "restrict":
        st = pub.restrict(args.reference, args.detail, args.date)
    elif args.action == "publicise":
        st = pub.publicise(args.reference, args.detail, args.date, args.under_18)
    else:
        st = pub.override_export(args.reference, args.detail)
    print(f"Recorded on {st.case_reference}." + (f" {st.banner}" if st.banner else ""))
    return 0


def cmd_pub_lift(args: argparse.Namespace) -> int:
    st = services(args).publicity.lift(args.reference, args.id, args.reason)
    print(f"Lifted on {st.case_reference}." + (f" Still in force: {st.banner}" if st.banner else ""))
    return 0
