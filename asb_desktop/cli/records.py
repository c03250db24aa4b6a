"""The police, safeguarding discussions and partner information sharing:
`asb police advised|report`, `asb safeguarding discussed`, `asb partner protocol|protocols|share`."""

from __future__ import annotations

import argparse

from .common import print_table, services


def register(sub: argparse._SubParsersAction) -> None:
    police = sub.add_parser("police", help="the police on a case: advice to report, the officer's own report")
    ps = police.add_subparsers(dest="police_command", metavar="ACTION", required=True)
    p = ps.add_parser("advised", help="6.3: record advice to report to the police")
    p.add_argument("reference")
    p.add_argument("--on", required=True, help="when the advice was given, like 2026-11-21")
    p.add_argument("--by", required=True, help="who advised reporting to the police")
    p.add_argument("--who", default="", help="who was advised (e.g. the complainant)")
    p.add_argument("--police-reference", default="", help="the police reference, if there is one")
    p.set_defaults(handler=lambda a: _say(services(a).records.police_advised(
        a.reference, a.on, a.by, a.police_reference, a.who), "Advice to report to the police recorded"))
    p = ps.add_parser("report", help="6.4: record the officer's own report to the police, with the manager's "
                                     "guidance")
    p.add_argument("reference")
    p.add_argument("--on", required=True, help="when the report was made, like 2026-11-21")
    p.add_argument("--manager", required=True, help="the manager who gave guidance")
    p.add_argument("--guidance-on", required=True, help="when the guidance was given")
    p.add_argument("--guidance", required=True, help="the manager's guidance")
    p.add_argument("--police-reference", default="", help="the police reference, if there is one")
    p.set_defaults(handler=lambda a: _say(services(a).records.police_report(
        a.reference, a.on, a.manager, a.guidance_on, a.guidance, a.police_reference), "Report to the police recorded"))

    safe = sub.add_parser("safeguarding", help="safeguarding concerns discussed with a manager")
    ss = safe.add_subparsers(dest="safeguarding_command", metavar="ACTION", required=True)
    p = ss.add_parser("discussed", help="7.7.2, 8.4.2: record a safeguarding concern discussed with a manager")
    p.add_argument("reference")
    p.add_argument("--manager", required=True)
    p.add_argument("--on", required=True, help="when, like 2026-11-21")
    p.add_argument("--outcome", required=True, help="what was decided")
    p.set_defaults(handler=lambda a: _say(services(a).records.safeguarding_discussed(
        a.reference, a.manager, a.on, a.outcome), "Safeguarding discussion recorded"))

    partner = sub.add_parser("partner", help="partners: information-sharing protocols, information shared")
    pa = partner.add_subparsers(dest="partner_command", metavar="ACTION", required=True)
    p = pa.add_parser("protocol", help="12.1 (administrators): record an information-sharing protocol")
    p.add_argument("partner", help="the partner's name, like 'Leeds City Council'")
    p.add_argument("--reference", required=True, help="the protocol's reference")
    p.add_argument("--agreed", required=True, help="the date it was agreed, like 2026-01-31")
    p.set_defaults(handler=cmd_protocol)
    p = pa.add_parser("protocols", help="the partners with a recorded protocol")
    p.set_defaults(handler=cmd_protocols)
    p = pa.add_parser("share", help="12.1: record information shared with a partner (needs a protocol)")
    p.add_argument("reference")
    p.add_argument("partner")
    p.add_argument("--on", default=None, help="when (default today)")
    p.add_argument("--what", default="", help="what was shared")
    p.set_defaults(handler=lambda a: _say(services(a).records.share_information(
        a.reference, a.partner, a.on, a.what), f"Information shared with {a.partner.strip()} recorded"))


def _say(uid: str, message: str) -> int:
    print(f"{message} ({uid}).")
    return 0


def cmd_protocol(args: argparse.Namespace) -> int:
    p = services(args).partners.add_protocol(args.partner, args.reference, args.agreed)
    print(f"Protocol {p.protocol_reference} with {p.partner_name} recorded.")
    return 0


def cmd_protocols(args: argparse.Namespace) -> int:
    print_table(["Partner", "Protocol", "Agreed"],
                [[p.partner_name, p.protocol_reference, f"{p.agreed_on:%d/%m/%Y}"]
                 for p in services(args).partners.protocols()])
    return 0
