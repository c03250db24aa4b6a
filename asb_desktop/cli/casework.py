"""Casework the window does that the command line also does, over the same services: interviews with
their 7.2 arrangements, Appendix 2 (answers, completion, the officer's signature and the manager's
sign-off), the 14.1 exception, and changing a case's flags after intake."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .common import fmt_dt, parse_when, print_table, read_json_file, services, to_json

if TYPE_CHECKING:
    from ..services.casework.interviews import InterviewRow

YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
# "asb case flags" option -> the case field the "Edit details and flags" dialog changes
FLAGS = [("serious", "serious (response within 1 working day)"), ("hate-related", "hate-related"),
         ("safeguarding-concern", "safeguarding concern"), ("crime-reported", "crime reported to the police"),
         ("colleague-harassed", "colleague harassed by a customer (2024 5.9)")]


def register(sub: argparse._SubParsersAction) -> None:
    interview = sub.add_parser("interview", help="interviews (7.2, 7.3, 8.1): add one, list a case's")
    isub = interview.add_subparsers(dest="interview_command", metavar="ACTION", required=True)
    p = isub.add_parser("add", help="record an interview: --answer POINT=TEXT for each point covered")
    p.add_argument("reference")
    p.add_argument("--kind", required=True, help="complainant or alleged_perpetrator")
    p.add_argument("--at", required=True, metavar="WHEN", help="when it was held, e.g. 2026-11-21 10:30")
    p.add_argument("--answer", action="append", default=[], metavar="POINT=TEXT",
                   help="what was said on a point (forms/interviews.toml ids, e.g. problem=...)")
    p.add_argument("--person", metavar="UID", help="the person interviewed (see 'asb party list')")
    p.add_argument("--method", default="in_person", help="in_person (default), telephone, video, ...")
    p.add_argument("--place", default="", help="the place agreed (7.2)")
    p.add_argument("--supporter", default="", help="supporter or advocate present (7.2)")
    p.add_argument("--interpreter", default="", help="interpreter or signer (7.2)")
    p.add_argument("--interpreter-relationship", default="",
                   help="the interpreter's relationship to the interviewee (e.g. professional, daughter)")
    p.add_argument("--interpreter-age", metavar="YEARS", help="the interpreter's age in years")
    p.add_argument("--interpreter-born", metavar="DATE", help="the interpreter's date of birth")
    p.add_argument("--sensitive", action="store_true", help="the content is sensitive (7.2)")
    p.add_argument("--notes", default="", help="interview notes in plain English (7.5)")
    p.add_argument("--allow-flagged", action="store_true",
                   help="save even if the plain-English check flags the wording")
    p.set_defaults(handler=cmd_interview_add)
    p = isub.add_parser("list", help="a case's interviews with their arrangements")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_interview_list)

    app2 = sub.add_parser("appendix2", help="Appendix 2, the proportionality and equality impact assessment "
                          "(14.4): answer, complete, sign, sign off, show")
    asub = app2.add_subparsers(dest="appendix2_command", metavar="ACTION", required=True)
    for name, helptext in (("answer", "answer questions and complete Appendix 2 (refused, nothing saved, "
                                      "while any question is unanswered)"),
                           ("complete", "complete Appendix 2 with the answers it already has")):
        p = asub.add_parser(name, help=helptext)
        p.add_argument("reference")
        if name == "answer":
            p.add_argument("--answer", action="append", default=[], metavar="KEY=TEXT",
                           help="an answer (forms/peia.toml ids; yes or no for yes/no questions)")
            p.add_argument("--file", metavar="JSON", help="answers from a JSON object of KEY: answer")
        p.set_defaults(handler=cmd_appendix2_save)
    p = asub.add_parser("sign", help="the officer signs the completed Appendix 2")
    p.add_argument("reference")
    p.set_defaults(handler=cmd_appendix2_sign, manager=False)
    p = asub.add_parser("sign-off", help="a manager (not the officer who signed) signs it off")
    p.add_argument("reference")
    p.set_defaults(handler=cmd_appendix2_sign, manager=True)
    p = asub.add_parser("show", help="the answers (or the pre-filled draft), and who signed")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_appendix2_show)

    p = sub.add_parser("exception", help="record the 14.1 exception: risk of violence or evidence of crime "
                       "in the property lets legal action come before non-legal remedies")
    p.add_argument("reference")
    p.add_argument("--reason", required=True, help="what the risk of violence or the evidence of crime is")
    p.set_defaults(handler=cmd_exception)

    case = sub.choices["case"]
    cs = next(a for a in case._actions if isinstance(a, argparse._SubParsersAction))
    p = cs.add_parser("flags", help="change a case's flags after intake (as 'Edit details and flags')")
    p.add_argument("reference")
    for option, what in FLAGS:
        p.add_argument(f"--{option}", metavar="yes|no", help=what)
    p.add_argument("--domestic-abuse", metavar="yes", help="domestic abuse reported or suspected (11): adds the "
                   "Domestic Abuse Policy and safeguarding referral tasks; it cannot be taken off")
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse, nothing saved, if the case is no longer at this version (see 'case show')")
    p.set_defaults(handler=cmd_case_flags)


def _validation(field: str, problem: str) -> Exception:
    from ..services.kernel.errors import ValidationError

    return ValidationError(field, problem)


def _pairs(values: list[str], field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise _validation(field, f"'{item}' is not KEY=TEXT")
        out[key.strip()] = text.strip()
    return out


def _yes_no(value: str, field: str) -> bool:
    try:
        return YES_NO[value.strip().lower()]
    except KeyError:
        raise _validation(field, f"'{value}' is not yes or no") from None


def cmd_interview_add(args: argparse.Namespace) -> int:
    from ..services.kernel.inputs import parse_date

    held_at = parse_when(args.at, "at")
    assert held_at is not None
    points = _pairs(args.answer, "answer")
    age = None
    if args.interpreter_age is not None:
        try:
            age = int(args.interpreter_age)
        except ValueError:
            raise _validation("interpreter-age", f"'{args.interpreter_age}' is not a number of years") from None
    born = parse_date(args.interpreter_born, "interpreter-born") if args.interpreter_born else None
    activity = services(args).activity
    uid = activity.record_interview(
        args.reference, args.kind, held_at, points, person_uid=args.person, method=args.method,
        place=args.place.strip(), supporter=args.supporter.strip(), interpreter=args.interpreter.strip(),
        notes=args.notes.strip(), allow_flagged=args.allow_flagged,
        interpreter_relationship=args.interpreter_relationship, interpreter_age=age, interpreter_born_on=born,
        sensitive=args.sensitive)
    print(f"Interview recorded: {uid}")
    missing = activity.missing_interview_points(args.kind, points)
    if missing:
        print("Still to cover: " + "; ".join(missing) + ".")
    return 0


def cmd_interview_list(args: argparse.Namespace) -> int:
    rows = services(args).interviews.list(args.reference)
    if args.json:
        print(to_json(rows))
        return 0

    def interpreter(r: InterviewRow) -> str:
        extra = [x for x in (r.interpreter_relationship,
                             f"{r.interpreter_age}" if r.interpreter_age is not None else "") if x]
        return r.interpreter + (f" ({', '.join(extra)})" if extra else "")

    print_table(["Uid", "Held", "Kind", "Person", "Place", "Supporter", "Interpreter", "Sensitive", "Points"],
                [[r.uid, fmt_dt(r.held_at), r.kind_label, r.person, r.place, r.supporter,
                  interpreter(r), "yes" if r.sensitive else "", str(len(r.points))] for r in rows])
    return 0


def _peia_answers(args: argparse.Namespace) -> dict[str, Any]:
    from ..documents.appendices import load_peia

    kinds = {q.id: q.kind for q in load_peia().questions}
    given: dict[str, Any] = {}
    if getattr(args, "file", None):
        data = read_json_file(args.file)
        if not isinstance(data, dict):
            raise _validation(args.file, "must hold a JSON object of question id: answer")
        given.update(data)
    for key, text in _pairs(getattr(args, "answer", []), "answer").items():
        given[key] = text
    for key, value in list(given.items()):
        if key not in kinds:
            raise _validation(f"answer.{key}", "is not one of Appendix 2's questions (forms/peia.toml)")
        if kinds[key] == "yesno" and isinstance(value, str):
            given[key] = _yes_no(value, f"answer.{key}")
    return given


def cmd_appendix2_save(args: argparse.Namespace) -> int:
    given = _peia_answers(args)
    svc = services(args)
    answers = {**svc.documents.peia_state(args.reference).answers, **given}
    svc.remedies.peia_complete(args.reference, answers)
    print(f"Appendix 2 completed on {args.reference}; the officer signs next ('asb appendix2 sign').")
    return 0


def cmd_appendix2_sign(args: argparse.Namespace) -> int:
    print(services(args).remedies.peia_sign(args.reference, args.manager) + ".")
    return 0


def cmd_appendix2_show(args: argparse.Namespace) -> int:
    from ..documents.appendices import load_peia

    state = services(args).documents.peia_state(args.reference)
    signs = [state.officer, state.manager]
    if args.json:
        print(to_json({"completed": state.completed, "answers": state.answers, "signed": signs}))
        return 0
    print(f"Appendix 2 on {args.reference}: " + ("completed" if state.completed else "not completed (draft)"))
    for q in load_peia().questions:
        value = state.answers.get(q.id)
        shown = {True: "yes", False: "no", None: ""}.get(value, value) if isinstance(value, bool | None) else value
        print(f"  {q.id}: {shown or '(unanswered)'}")
    for sign in signs:
        print(f"  {sign.role}: {sign.name + ' ' + fmt_dt(sign.at) if sign.at else 'not signed'}")
    return 0


def cmd_exception(args: argparse.Namespace) -> int:
    services(args).remedies.record_exception(args.reference, args.reason)
    print(f"14.1 exception recorded on {args.reference}.")
    return 0


def cmd_case_flags(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for option, _ in FLAGS:
        value = getattr(args, option.replace("-", "_"))
        if value is not None:
            changes[option.replace("-", "_")] = _yes_no(value, option)
    if args.domestic_abuse is not None:
        if not _yes_no(args.domestic_abuse, "domestic-abuse"):
            raise _validation("domestic-abuse", "once recorded, domestic abuse cannot be taken off a case")
        changes["domestic_abuse"] = True
    if not changes:
        raise _validation("flags", "say which flag to change, e.g. --serious yes")
    version = services(args).cases.update(args.reference, changes, args.expect_version)
    print(f"Changed {', '.join(k.replace('_', ' ') for k in changes)} on {args.reference} (now version {version}).")
    return 0
