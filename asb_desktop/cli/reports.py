"""asb report: the Tenant Satisfaction Measures for ASB (NM01 and TP12) for a reporting year."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..domain.enums import NoiseTrack, Satisfaction
from ..domain.errors import ValidationError
from .common import print_table, services


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="the Tenant Satisfaction Measures for ASB (NM01, TP12)")
    rs = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    p = rs.add_parser("tsm", help="NM01: ASB cases, and those involving hate incidents, opened per 1,000 homes in "
                      "a reporting year (1 April to 31 March), with the cases behind each count")
    p.add_argument("--year", type=int, required=True, help="the year the reporting year starts in: 2026 = 2026/27")
    p.add_argument("--homes", type=int, metavar="N", help="first record the number of homes owned at the end of "
                   "the year (managers and administrators)")
    p.add_argument("--csv", type=Path, metavar="FILE", help="also write it as CSV, in the layout a landlord publishes")
    p.add_argument("--cases", action="store_true", help="list every case received in the year and why it counts")
    p.set_defaults(handler=cmd_tsm)
    p = rs.add_parser("tp12", help="TP12 answers recorded at closure in a reporting year, by officer, category "
                      "and outcome")
    p.add_argument("--year", type=int, required=True, help="the year the reporting year starts in: 2026 = 2026/27")
    p.set_defaults(handler=cmd_tp12)
    p = rs.add_parser("noise-tracks", help="how many noise reports went to the ASB procedure and how many to Good "
                      "Neighbourhood Management (the noise triage)")
    p.add_argument("--since", metavar="DATE", help="received on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="received on or before this day (YYYY-MM-DD)")
    p.add_argument("--cases", action="store_true", help="list the cases on each track")
    p.set_defaults(handler=cmd_noise_tracks)
    p = rs.add_parser("case-reviews", help="cases whose report met the ASB case review (Community Trigger) threshold")
    p.add_argument("--since", metavar="DATE", help="flagged on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="flagged on or before this day (YYYY-MM-DD)")
    p.set_defaults(handler=cmd_case_reviews)


def cmd_tsm(args: argparse.Namespace) -> int:
    svc = services(args).tsm
    if args.homes is not None:
        print(svc.set_homes(args.year, args.homes))
    report = svc.nm01(args.year)
    homes = f"{report.homes:,}" if report.homes else "not set"
    print(f"Tenant Satisfaction Measures {report.label} (1 April {report.year} to 31 March {report.year + 1}); "
          f"homes owned: {homes}")
    print_table(["Measure", "Cases", "Per 1,000 homes"], [
        ["NM01(1) ASB cases opened", str(report.cases), str(report.per_thousand or "-")],
        ["NM01(2) involving hate incidents", str(report.hate_cases), str(report.hate_per_thousand or "-")]])
    not_new = len(report.lines) - report.cases
    print(f"{len(report.lines)} cases received in the year; {not_new} not counted (further reports about the same "
          "party while a case was open).")
    if not report.homes:
        print(f"Set the homes owned to see the rates: asb report tsm --year {report.year} --homes N")
    if args.cases:
        print_table(["Case", "Received", "Counted", "Hate", "Why"],
                    [[line.reference, f"{line.received_at:%d/%m/%Y}", "yes" if line.counted else "no",
                      "yes" if line.hate else "no", line.reason] for line in report.lines])
    if args.csv:
        svc.export_csv(args.year, args.csv)
        print(f"Written: {args.csv}")
    return 0


def cmd_tp12(args: argparse.Namespace) -> int:
    rows = services(args).tsm.tp12(args.year)
    if not rows:
        print("No TP12 answers were recorded on cases closed in the year.")
        return 0
    scale = list(Satisfaction)
    print_table(["By", "Group", "Responses", *[s.label for s in scale], "% satisfied"],
                [[r.by, r.group, str(r.responses), *[str(r.answers.get(s.value, 0)) for s in scale],
                  "-" if r.percent_satisfied is None else f"{r.percent_satisfied}%"] for r in rows])
    return 0


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def cmd_noise_tracks(args: argparse.Namespace) -> int:
    report = services(args).noise.tracks(_day(args.since, "since"), _day(args.until, "until"))
    print(f"Noise reports: {report.total}")
    print_table(["Track", "Reports"], [[label, str(n)] for label, n in report.rows()])
    if args.cases:
        for key, refs in sorted(report.references.items()):
            print(f"{NoiseTrack(key).label if key else 'Not triaged yet'}: {', '.join(refs)}")
    return 0


def cmd_case_reviews(args: argparse.Namespace) -> int:
    report = services(args).case_reviews.flagged(_day(args.since, "since"), _day(args.until, "until"))
    print(f"Cases that met the ASB case review threshold: {report.count}")
    if report.flagged:
        print_table(["Case", "Flagged", "Why"], [[ref, f"{at:%d/%m/%Y}", why] for ref, at, why in report.flagged])
    return 0
