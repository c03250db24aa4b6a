"""asb retention: the retention schedule (forms/retention.toml) - what is due for deletion, the
deletion itself (administrators, --confirm) and legal holds."""

from __future__ import annotations

import argparse
from collections import Counter

from .common import print_table, services


def register(sub: argparse._SubParsersAction) -> None:
    ret = sub.add_parser("retention", help="the retention schedule: what is due for deletion, deleting it, holds")
    rs = ret.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    p = rs.add_parser("report", help="the cases due for deletion under the schedule (and why others are kept)")
    p.add_argument("--all", action="store_true", help="list every case with its decision, not only those due")
    p.set_defaults(handler=cmd_report)
    p = rs.add_parser("delete", help="delete the cases due, their stored files and the people only on them "
                      "(administrators)")
    p.add_argument("--confirm", action="store_true", help="really delete (it cannot be undone)")
    p.set_defaults(handler=cmd_delete)
    p = rs.add_parser("hold", help="set (or --clear) a legal hold on a case: it is never deleted while held")
    p.add_argument("reference", help="the case reference, like ASB-2026-00042")
    p.add_argument("--reason", default="", help="why the case is held (required to set a hold)")
    p.add_argument("--clear", action="store_true", help="clear the hold")
    p.set_defaults(handler=cmd_hold)


def cmd_report(args: argparse.Namespace) -> int:
    decisions = services(args).retention.report()
    due = [d for d in decisions if d.due]
    shown = decisions if args.all else due
    if shown:
        print_table(["Case", "Decision", "Why"], [[d.reference, "due for deletion" if d.due else "keep", d.reason]
                                                   for d in shown])
    kept = Counter("held or open court matter" if d.blocked else d.reason.split(" (")[0].split(" until")[0]
                   for d in decisions if not d.due)
    print(f"{len(due)} of {len(decisions)} cases are due for deletion. Kept: "
          + (", ".join(f"{n} {why}" for why, n in kept.most_common()) or "none") + ".")
    if due:
        print("To delete them (administrators): asb retention delete --confirm")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    done = services(args).retention.delete_due(confirm=args.confirm)
    print(f"Deleted {done.cases} cases, {done.rows.get('people', 0)} people who were only on them and "
          f"{done.files} stored files. {done.kept_blocked} cases are kept by a legal hold or an open court matter.")
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    svc = services(args).retention
    print(svc.clear_hold(args.reference, args.reason) if args.clear else svc.set_hold(args.reference, args.reason))
    return 0
