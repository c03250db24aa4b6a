"""Evidence commands: add, list, verify, exhibit marks; diary sheets out and back in."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from typing import Any

from .common import fmt_dt, print_table, services, to_json

KINDS = "diary, noise, video, photo, document or other"
SOURCES = "complainant, witness, officer, police, noise_app, monitoring_equipment or cctv_owner"


def register(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("evidence", help="evidence files: add, list, verify the store, exhibit marks")
    es = ev.add_subparsers(dest="evidence_command", metavar="ACTION", required=True)
    p = es.add_parser("add", help="store files or whole folders on a case (INBOX for the evidence inbox)")
    p.add_argument("reference", help="case reference, or INBOX")
    p.add_argument("files", nargs="+", metavar="PATH")
    p.add_argument("--kind", help=KINDS + " (default: detected)")
    p.add_argument("--source", help=SOURCES)
    p.add_argument("--description", default="")
    p.add_argument("--json", action="store_true")
    p.add_argument("--progress", action="store_true",
                   help="show the percentage copied and analysed on stderr (the default when it is a terminal)")
    p.set_defaults(handler=cmd_add)
    p = es.add_parser("list", help="the evidence on a case (INBOX: items on no case), with hashes, marks, levels")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = es.add_parser("verify", help="re-hash every stored file; exits 1 if any is missing, altered or orphaned")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)
    p = es.add_parser("exhibit", help="give an item the witness's exhibit mark (e.g. AB1)")
    p.add_argument("reference")
    p.add_argument("item", help="evidence item uid (or its SHA-256)")
    p.add_argument("--witness", required=True, help="the witness: person uid or id")
    p.set_defaults(handler=cmd_exhibit)
    p = es.add_parser("custody", help="the chain of custody of one item")
    p.add_argument("item")
    p.set_defaults(handler=cmd_custody)
    p = es.add_parser("calibrate", help="set a recording's calibration offset (dBFS + offset = dB(A)); 'none' removes it")
    p.add_argument("item")
    p.add_argument("offset", help="dB from the calibrator, e.g. 94.5, or none")
    p.set_defaults(handler=cmd_calibrate)

    diary = sub.add_parser("diary", help="diary sheets: a blank fillable PDF, import a filled one, key in entries")
    ds = diary.add_subparsers(dest="diary_command", metavar="ACTION", required=True)
    p = ds.add_parser("sheet", help="write a blank fillable diary sheet for the complainant")
    p.add_argument("reference")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--person", help="person uid or id (default: the complainant)")
    p.set_defaults(handler=cmd_sheet)
    p = ds.add_parser("import", help="read a filled diary sheet PDF into diary entries")
    p.add_argument("reference")
    p.add_argument("file")
    p.add_argument("--person", help="whose diary it is (default: the complainant)")
    p.set_defaults(handler=cmd_import)
    p = ds.add_parser("add", help="key in one diary entry, e.g. from a scanned sheet")
    p.add_argument("reference")
    p.add_argument("--scan", help="the scanned sheet (image or PDF), stored as diary evidence")
    p.add_argument("--date", required=True, help="like 21/11/2026")
    p.add_argument("--started", required=True, help="like 23:15")
    p.add_argument("--stopped", default="", help="may be after midnight")
    p.add_argument("--what", required=True, help="what happened and its source")
    p.add_argument("--place", default="")
    p.add_argument("--effect", default="")
    p.add_argument("--severity", default="", help="1 to 10")
    p.add_argument("--who", default="", help="who was involved")
    p.add_argument("--witnesses", default="")
    p.add_argument("--person", help="whose diary it is (default: the complainant)")
    p.set_defaults(handler=cmd_diary_add)
    p = ds.add_parser("list", help="the diary entries on a case")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_diary_list)


def _ref(value: str) -> str | None:
    return None if value.strip().upper() == "INBOX" else value


def _person(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.isdigit() else value


PROGRESS_EVERY_S = 3.0
PROGRESS_STEP = 0.05
EXIT_CANCELLED = 130


class _Reporter:
    """Progress on stderr: the file, what is being done to it and the percentage, at most every few
    seconds or every 5%; a line of its own each time when stderr is not a terminal."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.name, self.index, self.total = "", 0, 0
        self.last: tuple[str, float, float] = ("", -1.0, 0.0)

    def file(self, done: int, total: int, name: str) -> None:
        self.name, self.index, self.total = name, done, total
        self.last = ("", -1.0, 0.0)

    def step(self, what: str, fraction: float) -> None:
        now = time.monotonic()
        shown_what, shown, at = self.last
        if what == shown_what and fraction < 1.0 and fraction - shown < PROGRESS_STEP and now - at < PROGRESS_EVERY_S:
            return
        self.last = (what, fraction, now)
        line = f"[{self.index + 1}/{self.total}] {self.name[:50]}: {what} {fraction * 100:3.0f}%"
        if self.tty:
            print(f"\r{line:<80}", end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.tty and self.total:
            print(file=sys.stderr, flush=True)


def cmd_add(args: argparse.Namespace) -> int:
    svc = services(args).evidence
    tty = sys.stderr.isatty()
    reporter = _Reporter(tty) if tty or args.progress else None
    stop = threading.Event()

    def interrupted(signum: int, frame: Any) -> None:  # Ctrl+C: stop cleanly between blocks; twice: at once
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, interrupted) if in_main else None
    try:
        report = svc.add_files(_ref(args.reference), args.files, kind=args.kind, source=args.source,
                               description=args.description, progress=reporter.file if reporter else None,
                               cancelled=stop.is_set, step=reporter.step if reporter else None)
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)
        if reporter is not None:
            reporter.end()
    if report.cancelled:
        kept = len(report.stored) + len(report.already_held)
        print(f"Cancelled: the file being added when you pressed Ctrl+C was not kept (nothing of it is left in "
              f"the store); {kept} file(s) added before it are kept.", file=sys.stderr)
    if args.json:
        print(to_json({"stored": report.stored, "already_held": report.already_held, "refused": report.refused}))
    else:
        for info in report.stored:
            print(f"Stored  {info.original_name}  {info.kind}  sha256 {info.sha256}  uid {info.uid}")
            if info.figures:
                print(f"        {info.figures}")
            if info.also_on:
                print(f"        the same file is also held on {', '.join(info.also_on)}, which you can see")
        here = "this case" if _ref(args.reference) else "the inbox"
        for info in report.already_held:
            print(f"Held    {info.original_name}  (the same file is already on {here}: uid {info.uid})")
        for refused in report.refused:
            print(f"Refused {refused.path}: {refused.reason}")
    if report.cancelled:
        return EXIT_CANCELLED
    return 1 if report.refused else 0


def _row(info: Any) -> list[str]:
    return [info.uid[:8], ", ".join(info.exhibit_marks), info.kind, info.original_name[:40], fmt_dt(info.made_at),
            info.sha256[:16], info.figures]


def cmd_list(args: argparse.Namespace) -> int:
    items = services(args).evidence.list_items(_ref(args.reference))
    if args.json:
        print(to_json([{**vars(i), "figures": i.figures} for i in items]))
        return 0
    print_table(["Item", "Exhibit", "Kind", "Name", "Made", "SHA-256", "Levels"], [_row(i) for i in items])
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    report = services(args).evidence.verify()
    if args.json:
        print(to_json({**vars(report), "ok": report.ok}))
    else:
        print(f"Checked {report.checked} stored files.")
        for label, entries in (("MISSING", report.missing), ("ALTERED", report.altered),
                               ("ORPHANED (no record)", report.orphaned),
                               ("unfinished import (safe to delete)", report.leftovers)):
            for entry in entries:
                print(f"{label}: {entry}")
        print("All stored files match their SHA-256." if report.ok else
              "Problems found: restore the missing or altered files from a backup.")
    return 0 if report.ok else 1


def cmd_exhibit(args: argparse.Namespace) -> int:
    info = services(args).evidence.assign_exhibit(args.reference, args.item, _person(args.witness))
    print(f"{info.mark}: {info.description} ({info.original_name})")
    return 0


def cmd_custody(args: argparse.Namespace) -> int:
    rows = services(args).evidence.custody(args.item)
    print_table(["When", "Who", "Action", "Case", "What"],
                [[fmt_dt(r.at), r.username, r.action, r.case_reference or "", r.detail] for r in rows])
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    text = args.offset.strip().lower()
    try:
        offset = None if text == "none" else float(text)
    except ValueError:
        raise ValidationError("offset", f"'{args.offset}' is not a number of dB (or 'none')") from None
    info = services(args).evidence.set_calibration(args.item, offset)
    print(f"{info.original_name}: {info.figures}")
    return 0


def cmd_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    path = services(args).diary.blank_sheet(args.reference, Path(args.out), _person(args.person))
    print(f"Diary sheet written: {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    uids = services(args).diary.import_sheet(args.reference, args.file, _person(args.person))
    print(f"Imported {len(uids)} diary entries from {args.file}.")
    return 0


def cmd_diary_add(args: argparse.Namespace) -> int:
    row = {"date": args.date, "started": args.started, "stopped": args.stopped, "what_happened": args.what,
           "place": args.place, "effect": args.effect, "severity": args.severity, "who_involved": args.who,
           "witnesses": args.witnesses}
    [uid] = services(args).diary.add_entries(args.reference, [row], _person(args.person), scan=args.scan)
    print(f"Diary entry added: {uid}")
    return 0


def cmd_diary_list(args: argparse.Namespace) -> int:
    entries = services(args).diary.entries(args.reference)
    if args.json:
        print(to_json(entries))
        return 0
    print_table(["Started", "Stopped", "Severity", "What happened", "Place", "Effect"],
                [[fmt_dt(e.started_at), fmt_dt(e.ended_at), str(e.severity or ""), e.what_happened, e.place, e.effect]
                 for e in entries])
    return 0
