"""Case commands: list, show, log a report, record what happens, close, reopen, export and import."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .common import fmt_dt, parse_when, print_table, read_json_file, services, to_json, write_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cases", help="list and search cases")
    p.add_argument("--search", default="", help="words to find in names, addresses, references, incidents, notes")
    p.add_argument("--overdue", action="store_true", help="only cases with something overdue")
    p.add_argument("--status", help="new, active, legal, closed or open (anything not closed)")
    p.add_argument("--mine", action="store_true", help="only cases assigned to me")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_cases)

    p = sub.add_parser("due", help="what is due and overdue (deadlines, contacts, tasks, proposed closures)")
    p.add_argument("--mine", action="store_true")
    p.add_argument("--days", type=int, default=7, help="look this many days ahead (default 7)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_due)

    p = sub.add_parser("today", help="my day: overdue, due today and this week, evidence to link, statements "
                       "waiting for a witness, approvals waiting (team leaders and managers)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_today)

    case = sub.add_parser("case", help="one case: show, new, close, reopen, export, import ...")
    cs = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    p = cs.add_parser("show", help="show a case in full")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = cs.add_parser("new", help="log a new report from a JSON file (see docs/report-input.md)")
    p.add_argument("file")
    p.add_argument("--new-person", action="store_true",
                   help="4.1: the people named are not the people on file they look like (create them anyway)")
    p.set_defaults(handler=cmd_new)
    p = cs.add_parser("respond", help="record the first response to the complainant")
    p.add_argument("reference")
    p.add_argument("--at", help="when (default now), like 2026-11-21 14:30")
    p.set_defaults(handler=lambda a: _say(services(a).cases.record_response(a.reference, parse_when(a.at, "at"))))
    p = cs.add_parser("assign", help="assign a case to an officer")
    p.add_argument("reference")
    p.add_argument("username")
    p.set_defaults(handler=lambda a: _refusable(lambda: services(a).cases.assign(a.reference, a.username)))
    p = cs.add_parser("refer", help="refer a supported-housing case on from the scheme officer (2024 5.5)")
    p.add_argument("reference")
    p.add_argument("username")
    p.set_defaults(handler=lambda a: _refusable(lambda: services(a).cases.refer_from_scheme(a.reference,
                                                                                           a.username)))
    p = cs.add_parser("close", help="close a case with a 16.1 reason")
    p.add_argument("reference")
    p.add_argument("--reason", required=True, help="nuisance_ceased, no_contact_four_weeks, "
                   "resolved_non_legal or resolved_legal")
    p.add_argument("--note", default="")
    p.add_argument("--manager-decision", default="", metavar="REASON",
                   help="a manager's reason to close with safeguarding or domestic-abuse tasks still open")
    p.add_argument("--satisfaction", metavar="ANSWER", help="the complainant's answer to TP12 (how satisfied with "
                   "the handling of the ASB): very_satisfied, fairly_satisfied, neither, fairly_dissatisfied or "
                   "very_dissatisfied; never for an anonymous complainant")
    p.set_defaults(handler=cmd_close)
    p = cs.add_parser("complaint-pack", help="the case's chronology for a complaint or the Housing Ombudsman: every "
                      "deadline met or missed with days late and its clause, everything done, letters, decisions "
                      "(one PDF, indexed; team leaders and above)")
    p.add_argument("reference")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_complaint_pack, purpose="complaint")
    p = cs.add_parser("review-pack", help="the same chronology for the panel of an ASB case review (Community "
                      "Trigger), with why the case met the threshold")
    p.add_argument("reference")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_complaint_pack, purpose="case_review")
    p = cs.add_parser("satisfaction", help="record the complainant's TP12 answer on a closed case")
    p.add_argument("reference")
    p.add_argument("answer", help="very_satisfied, fairly_satisfied, neither, fairly_dissatisfied or "
                   "very_dissatisfied")
    p.set_defaults(handler=lambda a: _say(services(a).cases.record_satisfaction(a.reference, a.answer)))
    p = cs.add_parser("noise-triage", help="triage a noise report: the ASB procedure or Good Neighbourhood "
                      "Management (forms/noise_triage.toml), recorded on the case with the reason")
    p.add_argument("reference")
    p.add_argument("--answers", nargs="*", default=[], metavar="QUESTION=ANSWER",
                   help="e.g. time=23:30 times_per_week=4 footsteps=yes deliberate=no; --questions lists them")
    p.add_argument("--questions", action="store_true", help="list the checklist's questions and stop")
    p.set_defaults(handler=cmd_noise_triage)
    for name, helptext in (("reopen", "open a new case linked to a closed one (16.3)"),
                           ("counter-allegation", "open a linked counter-allegation case (8.3)")):
        p = cs.add_parser(name, help=helptext)
        p.add_argument("reference")
        p.add_argument("--copy-note", action="append", default=[], metavar="NOTE_UID",
                       help="a note to copy to the new case (repeat for more)")
        p.add_argument("--summary", default="")
        p.set_defaults(handler=cmd_linked, kind=name)
    p = cs.add_parser("export", help="write a whole case file (docs/exchange-format.md)")
    p.add_argument("reference")
    p.add_argument("--out", help="file to write: a name ending .zip carries the stored files (evidence, "
                   "documents, notices, bundles) beside case.json; any other name writes JSON only, with the "
                   "files referred to by SHA-256 (default: print the JSON)")
    p.set_defaults(handler=cmd_export)
    p = cs.add_parser("import", help="read a case file (zip or JSON) written by 'case export'")
    p.add_argument("file")
    p.add_argument("--new-reference", action="store_true", help="import under the next free reference")
    p.add_argument("--skip-missing-links", action="store_true",
                   help="drop links to cases that are not in this database instead of refusing the file")
    p.add_argument("--skip-missing-files", action="store_true",
                   help="import even when stored files are neither in the zip nor already here (their records "
                   "are kept; 'asb evidence verify' lists the missing evidence)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("contact", help="log a contact attempt (two failed in a row raise the 7.6 letter task)")
    p.add_argument("reference")
    p.add_argument("--method", required=True, help="telephone, email, letter, in_person, text_message, video_call")
    p.add_argument("--outcome", required=True, help="spoke, no_answer, left_message, wrong_number, sent")
    p.add_argument("--at")
    p.add_argument("--person", help="person uid (default: the complainant)")
    p.add_argument("--notes", default="")
    p.set_defaults(handler=cmd_contact)

    p = sub.add_parser("note", help="add a dated, timed note in plain English (7.5)")
    p.add_argument("reference")
    p.add_argument("text")
    p.add_argument("--kind", default="general")
    p.add_argument("--at")
    p.add_argument("--allow-flagged", action="store_true", help="save even if abbreviations or slang are flagged")
    p.set_defaults(handler=lambda a: _say("Note saved: " + services(a).activity.add_note(
        a.reference, a.text, a.kind, parse_when(a.at, "at"), allow_flagged=a.allow_flagged)))

    task = sub.add_parser("task", help="a case's tasks: add, assign, move the due date, mark done")
    ts = task.add_subparsers(dest="task_command", metavar="ACTION", required=True)
    p = ts.add_parser("add", help="add a task with a due date (today or later)")
    p.add_argument("reference")
    p.add_argument("--title", required=True)
    p.add_argument("--due", required=True, help="the date it is due, like 2026-12-01")
    p.add_argument("--kind", default="general", help="general (default), send_letter, peia, ...")
    p.add_argument("--reason", default="", help="why the task is needed")
    p.add_argument("--assign", metavar="USER", help="username of the colleague to do it (default: the case's officer)")
    p.set_defaults(handler=cmd_task_add)
    p = ts.add_parser("assign", help="give a task to a colleague who may work on the case")
    p.add_argument("reference")
    p.add_argument("task_id", help="the task's number (as 'asb case show' lists it) or uid")
    p.add_argument("username")
    p.set_defaults(handler=lambda a: _say(_task_line("assigned", services(a).activity.assign_task(
        a.reference, a.task_id, a.username))))
    p = ts.add_parser("due", help="set or move a task's due date, saying why")
    p.add_argument("reference")
    p.add_argument("task_id")
    p.add_argument("date", help="the new due date, like 2026-12-01")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=lambda a: _say(_task_line("moved", services(a).activity.move_task_due(
        a.reference, a.task_id, parse_date(a.date, "date"), a.reason))))
    p = ts.add_parser("done", help="mark a task done")
    p.add_argument("reference")
    p.add_argument("task_id")
    p.set_defaults(handler=lambda a: _say(_task_line("done", services(a).activity.complete_task(
        a.reference, a.task_id))))

    p = sub.add_parser("risk", help="triage or full risk assessment: --answer QUESTION=yes|no ...")
    p.add_argument("what", choices=["triage", "assess", "colleague"])
    p.add_argument("reference")
    p.add_argument("--answer", action="append", default=[], metavar="ID=yes|no")
    p.add_argument("--action", action="append", default=[], help="outcome action id (assess)")
    p.set_defaults(handler=cmd_risk)

    p = sub.add_parser("remedy", help="record a remedy; legal ones are refused until the gate is open")
    p.add_argument("reference")
    p.add_argument("kind", nargs="?", help="e.g. warning_letter, mediation, injunction, possession_discretionary")
    p.add_argument("--status", default="proposed")
    p.add_argument("--notes", default="")
    p.add_argument("--gate", action="store_true", help="only say whether legal action is open, and why")
    p.set_defaults(handler=cmd_remedy)

    p = sub.add_parser("person", help="a person's ASB history (4.1) or find people")
    p.add_argument("what", choices=["history", "find"])
    p.add_argument("value", help="person uid (history) or text (find)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_person)


def _say(message: str) -> int:
    print(message)
    return 0


def _refusable(action: Callable[[], str]) -> int:
    """Assignment and referral (2024 5.5, 5.9): a rule's refusal is the caller's to fix, so it exits 2
    with the plain reasons on one line, like bad input; nothing was written."""
    from ..services.kernel.errors import RuleBlocked

    try:
        return _say(action())
    except RuleBlocked as exc:
        print(f"asb: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2


def parse_date(value: str, field: str) -> date:
    from ..services.kernel.inputs import parse_date as parse

    parsed = parse(value, field)
    if parsed is None:
        from ..services.kernel.errors import ValidationError

        raise ValidationError(field, "a date is required, like 2026-12-01")
    return parsed


def cmd_task_add(a: argparse.Namespace) -> int:
    activity = services(a).activity
    uid = activity.add_task(a.reference, a.title, parse_date(a.due, "due"), a.reason, a.kind, a.assign)
    return _say(_task_line("added", activity.task(a.reference, uid)))


def _task_line(what: str, task: Any) -> str:
    who = f", for {task.assigned_name}" if task.assigned_name else ""
    due = f", due {fmt_dt(task.due_at)}" if task.due_at else ""
    return f"Task #{task.id} {what}: {task.title}{due}{who}"


def cmd_cases(args: argparse.Namespace) -> int:
    rows = services(args).queries.list_cases(args.search, status=args.status, overdue=args.overdue,
                                             mine=args.mine, limit=args.limit)
    if args.json:
        print(to_json(rows))
        return 0
    print_table(["Reference", "Status", "Complainant", "Alleged perpetrator", "Risk", "Officer", "Next due"],
                [[r.reference, r.status, r.complainant, r.perpetrator, r.risk_band, r.officer,
                  f"{fmt_dt(r.next_due_at)} {r.next_due_label}".strip()] for r in rows])
    if not rows:
        print("No cases match.")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    items = services(args).queries.due_items(mine=args.mine, within_days=args.days)
    if args.json:
        print(to_json(items))
        return 0
    print_table(["Due", "State", "Case", "What"],
                [[fmt_dt(i.due_at), "OVERDUE" if i.overdue else "due", i.reference, i.label] for i in items])
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    day = services(args).today.today()
    if args.json:
        print(to_json(day))
        return 0
    sections = [("Overdue", day.overdue), ("Due today", day.due_today), ("Due this week", day.this_week),
                ("Statements waiting for the witness", day.statements)]
    if day.approver:
        sections += [("Approvals waiting for you", day.approvals), ("Restricted cases", day.restricted)]
    for title, items in sections:
        print(f"{title} ({len(items)})")
        for i in items:
            print(f"  {fmt_dt(i.due_at) if i.due_at else '':16}  {i.reference}  {i.what}")
    print(f"Evidence in the inbox, not linked to a case: {day.inbox}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    d = services(args).queries.open_case(args.reference)
    if args.json:
        print(to_json(d))
        return 0
    print(f"{d.reference}  {d.status}  received {fmt_dt(d.received_at)}  officer: "
          f"{d.assigned_officer or 'unassigned'}")
    print(f"  {d.assignment_reason}")
    print(f"  Categories: {', '.join(d.categories) or '-'}   Risk: {d.risk_band or 'not assessed'}")
    if d.response_due_reason and not d.responded_at:
        print(f"  {d.response_due_reason}")
    flags = [k.replace("_", " ") for k in ("serious", "employee_involved", "colleague_harassed", "domestic_abuse",
                                           "hate_related", "safeguarding_concern", "crime_reported",
                                           "supported_housing") if getattr(d, k)]
    if flags:
        print(f"  Flags: {', '.join(flags)}")
    print("People:")
    for p in d.parties:
        print(f"  {p.role.replace('_', ' ')}: {p.name}")
    _section("Open tasks", [f"#{t.id}  {fmt_dt(t.due_at)}  {t.title}" for t in d.tasks if not t.done_at])
    _section("Timeline", [f"{fmt_dt(e.at)}  {e.kind}: {e.text}" for e in d.timeline])
    _section("Links", [f"{lk.kind.replace('_', ' ')} {lk.direction} {lk.reference}" for lk in d.links])
    if not d.legal_gate.allowed:
        _section("Legal action blocked", list(d.legal_gate.reasons))
    if d.proposed_for_closure:
        print(d.proposed_for_closure)
    return 0


def _section(title: str, lines: list[str]) -> None:
    if lines:
        print(f"{title}:")
        for line in lines:
            print(f"  {line}")


def cmd_new(args: argparse.Namespace) -> int:
    from ..services.kernel.inputs import ReportInput

    opened = services(args).cases.report(ReportInput.from_dict(read_json_file(args.file)),
                                         new_people=args.new_person)
    print(f"Logged {opened.reference}.")
    print(opened.assignment)
    print(opened.response_reason)
    for action in opened.actions:
        print(f"Task: {action}")
    if opened.gaps:
        print("The initial log (5.2) still lacks:")
        for gap in opened.gaps:
            print(f"  - {gap}")
    for ref in opened.earlier_cases:
        print(f"Earlier closed case about the same alleged perpetrator: {ref} (consider linking, 16.3)")
    return 0


def cmd_linked(args: argparse.Namespace) -> int:
    svc = services(args).cases
    fn = svc.reopen if args.kind == "reopen" else svc.counter_allegation
    opened = fn(args.reference, args.copy_note, args.summary)
    print(f"Opened {opened.reference}, linked to {args.reference}.")
    print(opened.response_reason)
    for action in opened.actions:
        print(action)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..services.exchange.exchange import ExchangeService

    service = ExchangeService(services(args).ctx)
    if args.out is None or args.out == "-":
        write_text(None, to_json(service.export_case(args.reference)))
        return 0
    result = service.export_to_file(args.reference, args.out)
    carried = f", carrying {result.files} stored file(s)" if result.files else (
        f"; its {result.referenced} stored file(s) are referred to, not carried (use a .zip name to carry them)"
        if result.referenced else "")
    print(f"Written {result.path}{carried}.", file=sys.stderr)
    if result.banner:  # procedure 17
        print(result.banner, file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..services.exchange.exchange import ExchangeService

    result = ExchangeService(services(args).ctx).import_file(
        args.file, new_reference=args.new_reference, skip_missing_links=args.skip_missing_links,
        skip_missing_files=args.skip_missing_files)
    print(f"Imported as {result.reference}" + (f", with {result.files_written} stored file(s)."
                                                 if result.files_written else "."))
    if result.missing:
        print(f"{len(result.missing)} stored file(s) were not imported; restore them and run 'asb evidence verify':")
        for line in result.missing:
            print(f"  {line}")
    return 0


def cmd_contact(args: argparse.Namespace) -> int:
    result = services(args).activity.log_contact(args.reference, args.method, args.outcome,
                                                 parse_when(args.at, "at"), args.person, args.notes)
    print(f"Contact logged. Failed attempts in a row: {result.failed_in_a_row}.")
    if result.letter_task:
        print(f"Task raised: {result.letter_task}")
    return 0


def _answers(pairs: list[str]) -> dict[str, Any]:
    from ..services.kernel.errors import ValidationError

    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or value.lower() not in ("yes", "no", "y", "n", "true", "false", ""):
            raise ValidationError("--answer", f"'{pair}' should look like question_id=yes or question_id=no")
        out[key.strip()] = None if value == "" else value.lower() in ("yes", "y", "true")
    return out


def cmd_risk(args: argparse.Namespace) -> int:
    risk = services(args).risk
    if args.what == "triage":
        print(risk.triage(args.reference, _answers(args.answer)).message)
    else:
        kind = "full" if args.what == "assess" else "colleague"
        result = risk.assess(args.reference, _answers(args.answer), args.action, kind=kind)
        print(result.reason)
        print(result.response_due_reason)
    return 0


def cmd_remedy(args: argparse.Namespace) -> int:
    remedies = services(args).remedies
    if args.gate or not args.kind:
        gate = remedies.legal_gate(args.reference)
        print("Legal action is open." if gate.allowed else "Legal action is blocked:")
        for reason in gate.reasons:
            print(f"  {reason}")
        return 0 if gate.allowed else 1
    remedies.record(args.reference, args.kind, args.status, args.notes)
    print(f"Recorded {args.kind.replace('_', ' ')} ({args.status.replace('_', ' ')}).")
    return 0


def cmd_person(args: argparse.Namespace) -> int:
    q = services(args).queries
    if args.what == "find":
        people = q.find_people(args.value)
        if args.json:
            print(to_json(people))
        else:
            print_table(["Uid", "Name", "Address", "Born"], [[p.uid, p.name, p.address.replace("\n", ", "),
                                                             p.date_of_birth.isoformat() if p.date_of_birth else ""]
                                                            for p in people])
        return 0
    history = q.open_person_history(args.value)
    if args.json:
        print(to_json(history))
        return 0
    print(f"{history.name}: {history.summary}")
    for c in history.as_alleged_perpetrator:
        print(f"  {c.reference}  {c.status}  {fmt_dt(c.received_at)}  {c.categories}  "
              f"{c.closure_reason or ''}".rstrip())
    return 0


def cmd_complaint_pack(args: argparse.Namespace) -> int:
    info = services(args).complaint_pack.build(args.reference, args.out, args.purpose)
    print(f"Written: {info.path} ({info.pages} pages; {info.deadlines} deadlines, {info.missed} missed; "
          f"{info.events} events)")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    """16.1: a reason the facts do not support, or open safeguarding work, is refused with exit 2 and the
    plain reasons on one line; nothing is written."""
    from ..services.kernel.errors import RuleBlocked

    try:
        return _say(services(args).cases.close(args.reference, args.reason, args.note,
                                               manager_decision=args.manager_decision,
                                               satisfaction=args.satisfaction))
    except RuleBlocked as exc:
        print(f"asb: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2


def cmd_noise_triage(args: argparse.Namespace) -> int:
    from ..domain.noise_triage import hhmm
    from ..services.casework.noise import GNM_LETTERS, parse_answers

    svc = services(args)
    if args.questions:
        checklist = svc.noise.checklist()
        print_table(["Question", "Group", "Text"],
                    [["time", "when", "when the noise usually happens, HH:MM (night is "
                      f"{hhmm(checklist.night_starts)}-{hhmm(checklist.night_ends)})"],
                     ["times_per_week", "how often", f"frequent is {checklist.frequent_per_week} or more"]]
                    + [[q.id, q.group, q.text] for q in checklist.questions])
        return 0
    decision = svc.noise.triage(args.reference, parse_answers(args.answers))
    print(f"{args.reference}: {decision.track.label}")
    print(decision.reason)
    if decision.track.value == "gnm":
        print("Letters for this track: " + ", ".join(GNM_LETTERS) + " (asb doc letter REF KIND)")
    return 0
