"""asb sar (subject access requests, UK GDPR Art. 15) and asb retention (the retention schedule,
legal holds and deletion of cases due, Art. 5(1)(e))."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import print_table, services


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sar", help="a subject access request: everything held about a person, others redacted")
    p.add_argument("person", nargs="?", help="the person's uid or full name (or SAR-0001 with --answered)")
    p.add_argument("--out", type=Path, metavar="FOLDER", help="write the disclosure (PDF and JSON) here")
    p.add_argument("--received", metavar="DD/MM/YYYY", help="the day the request was received (default today); "
                   "the answer is due one calendar month later")
    p.add_argument("--answered", action="store_true", help="mark the person's open request answered")
    p.add_argument("--list", action="store_true", help="list the requests not yet answered")
    p.set_defaults(handler=cmd_sar)
    from . import retention_cli

    retention_cli.register(sub)


def cmd_sar(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError
    from ..services.kernel.inputs import parse_date

    svc = services(args).sar
    if args.list:
        rows = svc.requests()
        if not rows:
            print("No subject access request is waiting for an answer.")
        print_table(["Request", "Received", "Due", "Disclosure produced"],
                    [[r.reference, f"{r.received_on:%d/%m/%Y}", f"{r.due_on:%d/%m/%Y}",
                      f"{r.exported_at:%d/%m/%Y %H:%M}" if r.exported_at else "not yet"] for r in rows])
        return 0
    if not args.person:
        raise ValidationError("person", "give the person's uid or full name")
    if args.answered:
        print(svc.mark_answered(args.person))
        return 0
    if args.out is None:
        raise ValidationError("out", "give the folder to write the disclosure in (--out FOLDER)")
    received = parse_date(args.received, "received") if args.received else None
    done = svc.export(args.person, args.out, received)
    c = done.counts
    print(f"{done.request.reference}: due {done.request.due_on:%d/%m/%Y}. Written {done.pdf} and {done.json}.")
    print(f"{c['cases']} cases, {c['incidents']} incidents, {c['notes']} notes ({c['notes_withheld']} confidential "
          f"not disclosed), {c['contacts']} contacts, {c['tasks']} tasks, {c['interviews']} interviews, "
          f"{c['evidence_items']} evidence items, {c['documents']} documents, {c['audit_entries']} audit entries; "
          f"{c['other_people_redacted']} other people redacted.")
    print("Read it before sending: names written in free text that are not on file cannot be found automatically. "
          f"Then: asb sar {done.request.reference} --answered")
    return 0
