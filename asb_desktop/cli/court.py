"""Notice and bundle commands: `asb notice types|approve|pack|served|list`, `asb bundle build|add|preflight|media`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import fmt_dt, print_table, read_text_file, services, to_json, write_text


def register(sub: argparse._SubParsersAction) -> None:
    notice = sub.add_parser("notice", help="notice packs: types offered, approval, pack, service dates")
    ns = notice.add_subparsers(dest="notice_command", metavar="ACTION", required=True)
    p = ns.add_parser("types", help="notice types offered for the case's tenancy, and why the others are not")
    p.add_argument("reference")
    p.add_argument("--on", help="date of service to check (default today), like 2026-12-01")
    p.add_argument("--tenancy", help="tenancy type, when the case does not record it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_types)
    p = ns.add_parser("approve", help="record a manager's approval to serve a notice type")
    p.add_argument("reference")
    p.add_argument("--type", required=True, dest="type_id")
    p.add_argument("--note", default="")
    p.set_defaults(handler=lambda a: _say("Approval recorded: " + services(a).notices.approve(
        a.reference, a.type_id, a.note)))
    p = ns.add_parser("pack", help="generate the notice pack (only when the legal gate is open and approved)")
    p.add_argument("reference")
    p.add_argument("--type", required=True, dest="type_id")
    p.add_argument("--out", required=True, help="folder to write the pack's PDFs into")
    p.add_argument("--tenancy", help="tenancy type, when the case does not record it")
    p.add_argument("--signed-by", metavar="USERNAME", help="the officer, team leader or manager who signs the "
                   "notice (default: you; a default or system account cannot sign)")
    p.add_argument("--service-method", help="how it will be served (default first_class_post): the notice's "
                   "dates are worked out from it")
    p.add_argument("--service-at", help="when it will be posted or delivered, like 2026-12-07 10:00 (default now)")
    p.add_argument("--give-up-on", metavar="DD/MM/YYYY", help="section 83 Ground 2 notice: the date sought for the "
                   "tenant to give up possession (default 4 weeks after the planned deemed date of service; not "
                   "before it); the notice ceases to be in force 12 months after it")
    p.add_argument("--particulars", metavar="FILE", help="a UTF-8 text file with the particulars in your own words "
                   "(paragraphs separated by blank lines); start from 'asb notice draft'")
    p.set_defaults(handler=cmd_pack)
    p = ns.add_parser("draft", help="the particulars the pack would draft from the incidents, to edit")
    p.add_argument("reference")
    p.add_argument("--type", required=True, dest="type_id")
    p.add_argument("--out", help="write them to this file (default: print them)")
    p.add_argument("--tenancy", help="tenancy type, when the case does not record it")
    p.set_defaults(handler=cmd_draft)
    p = ns.add_parser("served", help="record service: method, time, who; prints the deemed and other dates")
    p.add_argument("reference")
    p.add_argument("number", type=int)
    p.add_argument("--method", required=True, help="first_class_post, next_day_service, document_exchange, "
                   "by_hand, letterbox, personal or email")
    p.add_argument("--at", required=True, help="date and time of posting or delivery, like 2026-12-24 15:00")
    p.add_argument("--by", default="", help="who served it (default: you)")
    p.add_argument("--agreement-rule", default="", metavar="TEXT",
                   help="where the tenancy agreement or a statute sets its own service rule: the clause or "
                   "section and what it says (default: CPR 6.26)")
    p.add_argument("--deemed-on", metavar="DD/MM/YYYY", help="the deemed date of service under --agreement-rule")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_served)
    p = ns.add_parser("condition", help="record the condition of the absolute ground relied on (s84A Housing Act "
                      "1985 / Ground 7A Housing Act 1988), with its court, date and evidence")
    p.add_argument("reference")
    p.add_argument("--condition", required=True, help="1 conviction for a serious offence; 2 breach of an injunction "
                   "(s1 ASB, Crime and Policing Act 2014); 3 breach of a criminal behaviour order; 4 closure order; "
                   "5 breach of a noise abatement notice or order")
    p.add_argument("--court", required=True, help="the court that convicted, found the breach or made the order")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY", help="the date of the conviction, finding or order")
    p.add_argument("--details", required=True, help="the offence, order or breach and what the court decided")
    p.add_argument("--evidence", default="", metavar="UID", help="the evidence item's uid (the certificate of "
                   "conviction, the order), or the document's title")
    p.add_argument("--appeal-determined", metavar="DD/MM/YYYY", help="where there was an appeal: the date it was "
                   "finally determined, abandoned or withdrawn (the service period runs from it)")
    p.set_defaults(handler=cmd_condition)
    p = ns.add_parser("list", help="the case's notices and their dates")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    bundle = sub.add_parser("bundle", help="the electronic court bundle: build, add documents, preflight, media")
    bs = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    p = bs.add_parser("build", help="build the bundle, or append new documents to the last version")
    p.add_argument("reference")
    p.add_argument("--hearing", required=True, choices=["possession", "injunction", "committal"])
    p.add_argument("--out", required=True, help="the PDF to write")
    p.add_argument("--index-json", help="also write the index (documents and pages) as JSON here")
    p.add_argument("--fresh", action="store_true", help="rebuild from page 1 instead of appending")
    p.add_argument("--split", action="store_true", help="also write parts under the court's e-mail limit")
    p.add_argument("--recompress", type=int, metavar="QUALITY", help="re-encode images as JPEG at this quality "
                   "(10-95, e.g. 60) and at most 150 dpi, to make the bundle smaller")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR pages without text (they are still listed)")
    p.set_defaults(handler=cmd_build)
    p = bs.add_parser("add", help="add external documents (PDF or Word) to the case's bundles")
    p.add_argument("reference")
    p.add_argument("files", nargs="+")
    p.add_argument("--section", default="", help="section title (default: by the hearing's layout)")
    p.add_argument("--title", default="", help="title in the index (one file only; default: the file name)")
    p.add_argument("--date", help="the document's date, like 2026-11-30")
    p.set_defaults(handler=cmd_add)
    p = bs.add_parser("preflight", help="check the documents before building")
    p.add_argument("reference")
    p.add_argument("--hearing", required=True, choices=["possession", "injunction", "committal"])
    p.set_defaults(handler=cmd_preflight)
    p = bs.add_parser("media", help="export the audio and video exhibits with a manifest of hashes")
    p.add_argument("reference")
    p.add_argument("--out", required=True, help="folder for the disc or memory stick")
    p.set_defaults(handler=cmd_media)


def cmd_media(args: argparse.Namespace) -> int:
    """`asb bundle media`: the manifest's path; a case's REPORTING RESTRICTIONS line (17) on stderr too."""
    from ..court.media import manifest_banner

    manifest = services(args).bundles.export_media(args.reference, Path(args.out))
    print(f"Manifest written: {manifest}")
    banner = manifest_banner(manifest)
    if banner:
        print(banner, file=sys.stderr)
    return 0


def _say(message: str) -> int:
    print(message)
    return 0


def _date(value: str | None, field: str):  # noqa: ANN202 - date imported lazily
    if value is None:
        return None
    from ..services.kernel.inputs import parse_date

    return parse_date(value, field)


def cmd_types(a: argparse.Namespace) -> int:
    offer = services(a).notices.types(a.reference, _date(a.on, "on"), a.tenancy)
    if a.json:
        print(to_json({"tenancy_type": offer.tenancy_type, "on": offer.on_date,
                       "offered": [{"id": t.id, "title": t.title, "legal_basis": t.legal_basis} for t in offer.offered],
                       "not_offered": [{"id": r.id, "title": r.title, "reasons": r.reasons}
                                       for r in offer.not_offered]}))
        return 0
    print(f"Tenancy: {offer.tenancy_type or 'not recorded'}; date of service {offer.on_date:%d/%m/%Y}")
    print("Offered:")
    for t in offer.offered:
        print(f"  {t.id}: {t.title}")
    if not offer.offered:
        print("  none")
    print("Not offered:")
    for r in offer.not_offered:
        print(f"  {r.id}: {'; '.join(r.reasons)}")
    return 0


def cmd_condition(a: argparse.Namespace) -> int:
    from ..domain.absolute_ground import last_day_of_service, limit_words

    notices = services(a).notices
    uid = notices.record_condition(a.reference, a.condition, a.court, a.date, a.details, a.evidence,
                                   a.appeal_determined)
    fact = notices.condition(a.reference)
    assert fact is not None
    print(f"Condition {fact.condition} recorded: {uid}")
    print(f"A notice on the absolute ground must be served within {limit_words(fact)}: by "
          f"{last_day_of_service(fact):%d/%m/%Y}.")
    if not fact.evidence:
        print("No evidence given: the notice pack is refused until the condition is recorded with --evidence.")
    return 0


def cmd_draft(a: argparse.Namespace) -> int:
    write_text(a.out, services(a).notices.draft_particulars(a.reference, a.type_id, a.tenancy))
    return 0


def cmd_pack(a: argparse.Namespace) -> int:
    own = read_text_file(a.particulars) if a.particulars else None
    info = services(a).notices.pack(a.reference, a.type_id, Path(a.out), a.tenancy, particulars=own,
                                    service_method=a.service_method, service_at=a.service_at,
                                    signed_by=a.signed_by, give_up_on=a.give_up_on)
    print(f"Notice {info.number} ({info.title}) written to {a.out}; signed by {info.signed_by}:")
    for f in info.files:
        print(f"  {f['file']}  {f['title']}")
    if info.give_up_on:
        print(f"Date sought for giving up possession: {info.give_up_on:%d/%m/%Y}")
    if info.note:
        print(f"Note: {info.note}")
    print(f"Record service with: asb notice served {a.reference} {info.number} --method METHOD --at DATETIME")
    return 0


def cmd_served(a: argparse.Namespace) -> int:
    info = services(a).notices.served(a.reference, a.number, a.method, a.at, a.by,
                                      agreement_rule=a.agreement_rule, deemed_on=a.deemed_on)
    if a.json:
        print(to_json(info))
        return 0
    print(f"Notice {info.number} served {fmt_dt(info.served_at)} by {info.served_by} ({info.served_method}).")
    print(f"Deemed served: {info.deemed_served_on:%d/%m/%Y} - {info.deemed_reason}")
    print(f"Rule used: {info.service_rule}")
    if info.specified_on:
        print(f"Proceedings may be begun after: {info.specified_on:%d/%m/%Y} (the date the notice names)")
    else:
        print(f"Proceedings may be begun on or after: {info.earliest_proceedings_on:%d/%m/%Y}")
    if info.give_up_on:
        print(f"Date sought for giving up possession: {info.give_up_on:%d/%m/%Y} (the date the notice names)")
    print(f"Notice lapses: {info.lapses_on:%d/%m/%Y}" if info.lapses_on else "Notice lapses: no lapse rule")
    if info.note:
        print(f"Note: {info.note}")
    return 0


def cmd_list(a: argparse.Namespace) -> int:
    rows = services(a).notices.list(a.reference)
    if a.json:
        print(to_json(rows))
        return 0
    d = lambda v: f"{v:%d/%m/%Y}" if v else ""  # noqa: E731
    print_table(["No.", "Type", "Served", "Deemed", "Proceedings from", "Lapses"],
                [[str(r.number), r.notice_type, fmt_dt(r.served_at), d(r.deemed_served_on),
                  d(r.earliest_proceedings_on), d(r.lapses_on)] for r in rows])
    return 0


def cmd_build(a: argparse.Namespace) -> int:
    result = services(a).bundles.build(a.reference, a.hearing, Path(a.out), fresh=a.fresh, split=a.split,
                                       index_json=Path(a.index_json) if a.index_json else None, ocr=not a.no_ocr,
                                       recompress=a.recompress)
    how = "appended to the last version" if result.appended else "built"
    print(f"Bundle version {result.version} {how}: {result.path} ({result.pages} pages, SHA-256 {result.sha256})")
    for title, first, last in result.sections:
        print(f"  {title}: " + (f"page {first}" if first == last else f"pages {first}-{last}"))
    if result.ocr_pages:
        print(f"Text layer added by OCR on pages {', '.join(map(str, result.ocr_pages))}")
    for w in result.warnings:
        print(f"Warning: {w}")
    for part in result.parts:
        print(f"Part written: {part}")
    return 0


def cmd_add(a: argparse.Namespace) -> int:
    added = services(a).bundles.add(a.reference, [Path(f) for f in a.files], a.section, a.title, _date(a.date, "date"))
    for f in added:
        print(f"Added {f.title} ({f.pages} page{'s' if f.pages != 1 else ''})")
    return 0


def cmd_preflight(a: argparse.Namespace) -> int:
    issues = services(a).bundles.preflight(a.reference, a.hearing)
    for i in issues:
        print(i)
    if not issues:
        print("No problems found.")
    return 1 if any(i.severity == "stop" for i in issues) else 0
