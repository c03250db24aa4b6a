"""asb report: the Tenant Satisfaction Measures for ASB (NM01 and TP12) for a reporting year."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain.enums import Satisfaction
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
