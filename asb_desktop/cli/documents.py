"""Court documents from the command line: ``asb statement ...`` and ``asb doc ...``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .common import print_table, read_json_file, services, to_json


def register(sub: argparse._SubParsersAction) -> None:
    st = sub.add_parser("statement", help="witness statements: draft, check, render, sign ...")
    ss = st.add_subparsers(dest="statement_command", metavar="ACTION", required=True)
    p = ss.add_parser("draft", help="draft the witness's next statement from the case")
    p.add_argument("reference")
    p.add_argument("--witness", required=True, help="person id or uid, full name, 'officer' or a username")
    p.add_argument("--incidents", nargs="*", metavar="UID", help="incident uids to cover (default: all)")
    p.add_argument("--evidence", nargs="*", metavar="UID", help="evidence uids to exhibit (marked now)")
    p.add_argument("--court", default="")
    p.add_argument("--claim-number", default="")
    p.add_argument("--prepared", default="face_to_face", help="face_to_face, telephone, video or written")
    p.add_argument("--interpreter", metavar="NAME", help="the interpreter who took the statement (PD 32 18.2)")
    p.add_argument("--interpreter-language", metavar="LANGUAGE")
    p.add_argument("--language", default="", help="the witness's own language, when the statement is made in it "
                                                  "(PD 32 18.1): an English translation goes with it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_draft)
    p = _numbered(ss, "show", "show a statement's paragraphs")
    p.add_argument("--version", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = _numbered(ss, "render", "write a statement as PDF or DOCX")
    p.add_argument("--format", choices=("pdf", "docx"), help="default: from the --out suffix")
    p.add_argument("--out", required=True)
    p.add_argument("--version", type=int)
    p.add_argument("--part", choices=("english", "original"), default="english",
                   help="a statement made in the witness's own language: its English translation or the original")
    p.set_defaults(handler=cmd_render)
    p = _numbered(ss, "translation", "record the witness's language, the translator and the statement of truth in "
                                     "that language; with FILE (JSON list, one text per paragraph) the witness's "
                                     "words for each paragraph")
    p.add_argument("file", nargs="?", help="JSON list of the witness's words, one per paragraph, in order")
    p.add_argument("--language", help="the witness's own language (e.g. Polish)")
    p.add_argument("--translator", metavar="NAME")
    p.add_argument("--qualifications", default=None, help="e.g. DPSI (Law)")
    p.add_argument("--nrpsi", default=None, help="the translator's NRPSI number")
    p.add_argument("--translated-on", metavar="YYYY-MM-DD", help="the date of the translation (PD 32 17.2)")
    p.add_argument("--statement-of-truth", metavar="TEXT", help="the statement of truth in the witness's language, "
                                                               "as the translator gives it")
    p.set_defaults(handler=cmd_translation)
    p = _numbered(ss, "file-translation", "generate and file the original and the English translation side by side "
                                          "(PD 32 23.2), PDF and Word")
    p.add_argument("--format", choices=("pdf", "docx"), action="append", help="default: both")
    p.set_defaults(handler=cmd_file_translation)
    p = _numbered(ss, "interpreter", "record the interpreter who took the statement (named in the opening "
                                     "paragraphs, PD 32 18.2)")
    p.add_argument("--name")
    p.add_argument("--language")
    p.add_argument("--clear", action="store_true", help="no interpreter was used")
    p.set_defaults(handler=cmd_interpreter)
    p = _numbered(ss, "certificate", "the witness cannot read or sign (other than by language alone): record the "
                                     "authorised person for the PD 22 Annex 1 certificate")
    p.add_argument("--name")
    p.add_argument("--address")
    p.add_argument("--clear", action="store_true", help="the witness reads and signs it themselves")
    p.set_defaults(handler=cmd_certificate)
    p = _numbered(ss, "check", "preflight: the PD 32 / PD 22 requirements the latest version misses")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)
    p = _numbered(ss, "waive", "knowingly waive one preflight finding, with the reason")
    p.add_argument("key")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=lambda a: _say(services(a).signing.waive(a.reference, a.number, a.key, a.reason,
                                                                       a.witness) or f"Waived {a.key}."))
    p = _numbered(ss, "final", "make the latest version final (refused until preflight is clear and no "
                               "change the witness asked for is open)")
    p.set_defaults(handler=cmd_final)
    p = _numbered(ss, "edit", "save a new version from a JSON file: {\"paragraphs\": [...], \"court\": ...}")
    p.add_argument("file")
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_edit)
    p = _numbered(ss, "diff", "the differences between two versions, paragraph by paragraph")
    p.add_argument("old", type=int)
    p.add_argument("new", type=int)
    p.set_defaults(handler=cmd_diff)
    p = _numbered(ss, "request", "record a change the witness asks for")
    p.add_argument("--paragraph", type=int)
    p.add_argument("--text", required=True)
    p.set_defaults(handler=lambda a: _say(services(a).signing.request_change(a.reference, a.number, a.paragraph,
                                                                                a.text, a.witness)))
    p = _numbered(ss, "requests", "the changes the witness asked for, and what was decided")
    p.add_argument("--open", action="store_true", help="only the requests still open")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_requests)
    p = _numbered(ss, "resolve", "resolve a witness's change request: changed (in a new version) or declined")
    p.add_argument("request", help="the request's uid (or its first 8 characters, as listed)")
    p.add_argument("outcome", choices=("changed", "declined"))
    p.add_argument("--reason", default="", help="why it is declined (the witness is shown it before signing)")
    p.add_argument("--version", type=int, help="changed: the version making the change (default: the latest)")
    p.set_defaults(handler=cmd_resolve)
    p = _numbered(ss, "review-pack", "a fillable PDF for the witness to read at home: a comment box under each "
                                     "paragraph (stored and logged)")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_review_pack)
    p = _numbered(ss, "review-import", "read a returned review pack: each comment becomes a change request")
    p.add_argument("file", metavar="FILE.pdf")
    p.set_defaults(handler=cmd_review_import)
    p = _numbered(ss, "sign", "sign the final version: --signature PNG, --typed-name NAME or --wet-scan "
                              "EVIDENCE_UID (a signing record is kept)")
    p.add_argument("--signature", metavar="PNG", help="the signature drawn by the witness")
    p.add_argument("--typed-name", metavar="NAME", help="the full name the witness typed (must match the statement)")
    p.add_argument("--wet-scan", metavar="EVIDENCE_UID", help="the wet-signed scan, already on the case's evidence")
    p.add_argument("--present", action="append", metavar="NAME",
                   help="an officer present at signing (repeat for each; default: you)")
    p.set_defaults(handler=cmd_sign)
    p = _numbered(ss, "record", "the signing record: version, method, date and time, who was present, the "
                                "SHA-256 of the PDF the witness saw and of the signed PDF")
    p.add_argument("--version", type=int, help="default: the signed version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_record)
    p = _numbered(ss, "hearsay-notice", "write the hearsay notice for an officer's statement")
    p.add_argument("--format", choices=("pdf", "docx"))
    p.add_argument("--out", required=True)
    p.set_defaults(handler=lambda a: _write(a.out, services(a).statements.hearsay_notice(
        a.reference, a.number, _format(a), a.witness)))

    doc = sub.add_parser("doc", help="Appendix 1, Appendix 2, letters and the generated documents of a case")
    ds = doc.add_subparsers(dest="doc_command", metavar="ACTION", required=True)
    for name, helptext in (("risk-assessment", "Appendix 1: the recorded risk assessment"),
                           ("peia", "Appendix 2: proportionality and equality impact assessment")):
        p = ds.add_parser(name, help=helptext)
        p.add_argument("reference")
        p.add_argument("--out", required=True)
        p.add_argument("--format", choices=("pdf", "docx"))
        p.set_defaults(handler=cmd_appendix, which=name)
    p = ds.add_parser("letter", help="a letter from forms/letters (stored, and logged as a contact)")
    p.add_argument("reference")
    p.add_argument("kind", help="see 'asb doc letters'")
    p.add_argument("--out", required=True)
    p.add_argument("--format", choices=("pdf", "docx"))
    p.add_argument("--to", help="person id, uid or name (default: the first of the template's recipient role)")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", help="a value the letter needs")
    p.set_defaults(handler=cmd_letter)
    p = ds.add_parser("letters", help="the letter templates and what each needs")
    p.set_defaults(handler=cmd_letters)
    p = ds.add_parser("list", help="documents generated for a case")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    wit = sub.add_parser("witness", help="supporting a witness who must attend court (procedure 14.5.5)")
    ws = wit.add_subparsers(dest="witness_command", metavar="ACTION", required=True)
    p = ws.add_parser("support", help="show or record a witness's support for court: court visit, adjustments, "
                                      "process explained, transport (warned 14 days before the hearing)")
    p.add_argument("reference")
    p.add_argument("witness", nargs="?", help="person id or uid, full name, 'officer' or a username "
                                              "(none: every witness on the case)")
    p.add_argument("--item", choices=("visit", "adjustments", "process", "transport"))
    state = p.add_mutually_exclusive_group()
    for flag, value in (("--done", "done"), ("--offered", "offered"), ("--open", "open"),
                        ("--not-needed", "not_needed")):
        state.add_argument(flag, dest="state", action="store_const", const=value)
    p.add_argument("--on", metavar="YYYY-MM-DD", help="when it was done or offered (default: today)")
    p.add_argument("--note")
    p.add_argument("--hearing", metavar="YYYY-MM-DD", help="the date the witness is needed at court")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_witness_support)


def _numbered(ss: argparse._SubParsersAction, name: str, helptext: str) -> argparse.ArgumentParser:
    p = ss.add_parser(name, help=helptext)
    p.add_argument("reference")
    p.add_argument("number", type=int, help="the statement number (1st, 2nd ...)")
    p.add_argument("--witness", help="which witness, when several have a statement with this number")
    return p


def _say(message: object) -> int:
    print(message)
    return 0


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.out).suffix.lower().lstrip(".")
    if suffix not in ("pdf", "docx"):
        from ..services.kernel.errors import ValidationError

        raise ValidationError("--format", "give pdf or docx (the --out file name does not say which)")
    return suffix


def _write(path: str, data: bytes) -> int:
    partial = f"{path}.partial"
    with open(partial, "wb") as fh:
        fh.write(data)
    os.replace(partial, path)
    print(f"Written {path}", file=sys.stderr)
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    if bool(args.interpreter) != bool(args.interpreter_language):
        raise ValidationError("--interpreter-language" if args.interpreter else "--interpreter",
                              "give both the interpreter's name and the language they interpreted")
    interpreter = {"name": args.interpreter, "language": args.interpreter_language} if args.interpreter else None
    info = services(args).statements.draft(args.reference, args.witness, incidents=args.incidents,
                                           evidence=args.evidence, court=args.court,
                                           claim_number=args.claim_number, prepared=args.prepared,
                                           interpreter=interpreter, language=args.language)
    if args.json:
        return _say(to_json(info))
    print(f"Drafted the {info.number} statement of {info.witness} (version {info.version}).")
    return _print_paragraphs(info.paragraphs)


def _print_paragraphs(paragraphs: list[tuple[str | None, str]]) -> int:
    for number, text in paragraphs:
        print(f"{number or '':>4}  {text}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    info = services(args).statements.get(args.reference, args.number, args.version, args.witness)
    if args.json:
        return _say(to_json(info))
    print(f"Statement {info.number} of {info.witness}: version {info.version} of {len(info.versions)}, {info.status}")
    return _print_paragraphs(info.paragraphs)


def cmd_render(args: argparse.Namespace) -> int:
    data = services(args).statements.render(args.reference, args.number, _format(args), args.version, args.witness,
                                            part=args.part)
    return _write(args.out, data)


def cmd_translation(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    svc = services(args).statements
    current = svc.get(args.reference, args.number, witness=args.witness)
    details: dict[str, object] = {}
    if args.language is not None:
        details["language"] = args.language
    if args.translator is not None or args.translated_on or args.nrpsi is not None or args.qualifications is not None:
        t = dict(current.translator or {})
        for key, value in (("name", args.translator), ("date", args.translated_on), ("nrpsi", args.nrpsi),
                           ("qualifications", args.qualifications)):
            if value is not None:
                t[key] = value
        t.setdefault("language", args.language or current.language)
        details["translator"] = t
    if args.statement_of_truth is not None:
        details["statement_of_truth_original"] = args.statement_of_truth
    if args.file:
        originals = read_json_file(args.file)
        if not isinstance(originals, list):
            raise ValidationError(args.file, "must hold a JSON list of texts, one for each paragraph")
        details["originals"] = originals
    if not details:
        raise ValidationError("--language", "nothing to record: give --language, --translator, --translated-on, "
                              "--statement-of-truth or a FILE of the witness's words")
    info = svc.edit(args.reference, args.number, None, "Translation recorded", args.witness, **details)
    return _say(f"Statement {info.number} version {info.version} saved ({info.language or 'English'}).")


def cmd_file_translation(args: argparse.Namespace) -> int:
    files = services(args).statements.file_translation(args.reference, args.number, args.witness,
                                                       tuple(args.format or ("pdf", "docx")))
    for f in files:
        print(f"{f.kind} {f.format.upper()}: {f.path}")
    return 0


def cmd_interpreter(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    if not args.clear and not (args.name and args.language):
        raise ValidationError("--name" if not args.name else "--language",
                              "give the interpreter's name and the language (or --clear)")
    value = None if args.clear else {"name": args.name, "language": args.language}
    info = services(args).statements.edit(args.reference, args.number, None, "Interpreter recorded", args.witness,
                                          interpreter=value)
    return _say(f"Statement {info.number} version {info.version} saved.")


def cmd_certificate(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    if not args.clear and not (args.name and args.address):
        raise ValidationError("--name" if not args.name else "--address",
                              "give the authorised person's name and address (or --clear)")
    value = None if args.clear else {"name": args.name, "address": args.address}
    info = services(args).statements.edit(args.reference, args.number, None, "Annex 1 certificate recorded",
                                          args.witness, certificate=value)
    return _say(f"Statement {info.number} version {info.version} saved.")


def cmd_witness_support(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    svc = services(args).witness_support
    changing = any(x is not None for x in (args.item, args.state, args.on, args.note, args.hearing))
    if changing:
        if not args.witness:
            raise ValidationError("witness", "say which witness the support is for")
        svc.update(args.reference, args.witness, args.item, args.state, args.on, args.note, args.hearing)
    if args.witness:
        one = svc.get(args.reference, args.witness)
        infos = [one] if one is not None else []
    else:
        infos = svc.list(args.reference)
    if args.json:
        return _say(to_json(infos))
    for info in infos:
        print(f"{info.witness}: needed at court "
              f"{info.hearing_on.isoformat() if info.hearing_on else '(date not recorded)'}")
        for item in info.items:
            when = f" {item.on.isoformat()}" if item.on else ""
            note = f" - {item.note}" if item.note else ""
            print(f"  [{item.state}] {item.key}: {item.label}{when}{note}")
    if not infos:
        print("No witness support recorded on this case.")
    for warning in svc.warnings(args.reference):
        print(f"WARNING: {warning}", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    findings = services(args).signing.check(args.reference, args.number, args.witness)
    if args.json:
        print(to_json(findings))
    else:
        for f in findings:
            state = f"waived: {f.waived}" if f.waived else "to fix"
            print(f"[{f.key}] {f.rule}: {f.message} ({state})")
        if not findings:
            print("Preflight clear: every PD 32 / PD 22 requirement checked is met.")
    return 1 if any(f.waived is None for f in findings) else 0


def cmd_edit(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    data = read_json_file(args.file)
    if not isinstance(data, dict):
        raise ValidationError(args.file, "must hold a JSON object like {\"paragraphs\": [\"...\"]}")
    paragraphs = data.pop("paragraphs", None)
    info = services(args).statements.edit(args.reference, args.number, paragraphs, args.note, args.witness, **data)
    return _say(f"Statement {info.number} version {info.version} saved.")


def cmd_final(args: argparse.Namespace) -> int:
    """Refused with exit 2, listing them, while the witness's change requests are open."""
    from ..domain.signing import may_finalise

    statements = services(args).signing
    check = may_finalise(args.number, [r.rule_view() for r in statements.open_requests(
        args.reference, args.number, args.witness)])
    if not check.allowed:
        print("asb: error: " + "\n  ".join(check.reasons), file=sys.stderr)
        return 2
    return _say(f"Statement {statements.finalise(args.reference, args.number, args.witness).number} is final.")


def cmd_requests(args: argparse.Namespace) -> int:
    rows = services(args).signing.review_requests(args.reference, args.number, args.witness)
    if args.open:
        rows = [r for r in rows if r.is_open]
    if args.json:
        return _say(to_json(rows))
    if not rows:
        return _say("No open change requests." if args.open else "The witness has asked for no change.")
    print_table(["Request", "Asked", "Paragraph", "The witness asked", "Decided"],
                [[r.uid[:8], f"{r.created_at:%d/%m/%Y %H:%M} (v{r.version})", str(r.paragraph or "whole"),
                  r.request, "open" if r.is_open else f"{r.outcome}: {r.resolution}"] for r in rows])
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    done = services(args).signing.resolve_request(args.reference, args.number, args.request, args.outcome,
                                                      args.reason, args.version, args.witness)
    return _say(f"Request {done.uid[:8]} {done.outcome}" + (f" in version {done.resolved_version}."
                                                            if done.outcome == "changed" else f": {done.resolution}"))


def cmd_review_pack(args: argparse.Namespace) -> int:
    pack = services(args).review_packs.review_pack(args.reference, args.number, args.witness)
    _write(args.out, pack.data)
    return _say(f"Review pack for statement {pack.number} version {pack.version} written to {args.out}; "
                f"SHA-256 of the version's text {pack.statement_sha256}")


def cmd_review_import(args: argparse.Namespace) -> int:
    done = services(args).review_packs.import_review_pack(args.reference, args.number, args.file, args.witness)
    print(done.summary)
    for uid in done.requests:
        print(f"  request {uid[:8]}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from ..documents.diffing import describe

    return _say(describe(services(args).statements.diff(args.reference, args.number, args.old, args.new,
                                                         args.witness)))


def cmd_sign(args: argparse.Namespace) -> int:
    png = Path(args.signature).read_bytes() if args.signature else None
    signed = services(args).signing.sign(args.reference, args.number, signature_png=png,
                                            wet_scan_evidence=args.wet_scan, witness=args.witness,
                                            typed_name=args.typed_name, present=args.present)
    return _say(f"Statement {signed.number} signed ({signed.signature}); SHA-256 {signed.sha256}; "
                f"stored as {signed.path}")


def cmd_record(args: argparse.Namespace) -> int:
    record = services(args).signing.signing_record(args.reference, args.number, args.version, args.witness)
    if args.json:
        return _say(to_json(record))
    print("\n".join(record.lines()))
    return 0 if record.intact else 1


def cmd_appendix(args: argparse.Namespace) -> int:
    docs = services(args).documents
    method = docs.risk_assessment if args.which == "risk-assessment" else docs.peia
    return _write(args.out, method(args.reference, _format(args)).data)


def cmd_letter(args: argparse.Namespace) -> int:
    from ..services.kernel.errors import ValidationError

    values = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError("--set", f"'{item}' is not FIELD=VALUE")
        values[key.strip()] = value.replace("\\n", "\n")
    out = services(args).documents.letter(args.reference, args.kind, _format(args), args.to, values)
    return _write(args.out, out.data)


def cmd_letters(args: argparse.Namespace) -> int:
    from ..documents.letters import load_letter_templates

    rows = [[t.id, t.title, t.recipient, ", ".join(t.needs) or "-"] for t in load_letter_templates().values()]
    print_table(["kind", "title", "to", "needs --set"], rows)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    docs = services(args).documents.generated(args.reference)
    if args.json:
        return _say(to_json(docs))
    print_table(["created", "kind", "format", "title", "sha256"],
                [[d.created_at.strftime("%d/%m/%Y %H:%M"), d.kind, d.format, d.title, d.sha256[:16]] for d in docs])
    return 0
