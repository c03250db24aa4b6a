"""People on a case: `asb party list|add|withhold|allow`."""

from __future__ import annotations

import argparse

from .common import print_table, services, to_json

ROLES = "complainant, witness, professional_witness, household_member, third_party_reporter or alleged_perpetrator"


def register(sub: argparse._SubParsersAction) -> None:
    party = sub.add_parser("party", help="people on a case: list, add a witness, withhold or allow an identity")
    ps = party.add_subparsers(dest="party_command", metavar="ACTION", required=True)
    p = ps.add_parser("list", help="everyone on the case, with the id the other actions take")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = ps.add_parser("add", help="add a person to the case (a witness found after the report, ...)")
    p.add_argument("reference")
    p.add_argument("--role", required=True, help=ROLES)
    p.add_argument("--name", required=True, help="full name, like 'Jane Smith'")
    p.add_argument("--address", default="")
    p.add_argument("--postcode", default="")
    p.add_argument("--phone", default="")
    p.add_argument("--email", default="")
    p.add_argument("--withheld", action="store_true", help="keep their identity out of court documents")
    p.add_argument("--new-person", action="store_true",
                   help="this is not the person on file with the same name (4.1); without it a match is refused")
    p.add_argument("--person", metavar="UID", help="use the person already on file with this id (asb person find)")
    p.set_defaults(handler=cmd_add)
    p = ps.add_parser("checklist", help="record the 5.7 points explained to an anonymous complainant after intake")
    p.add_argument("reference")
    p.add_argument("points", nargs="+", help="any of reassured, information_gathered, action_discussed, "
                   "no_pressure, limitations_explained")
    p.set_defaults(handler=lambda a: _say(services(a).parties.complete_anonymous_checklist(a.reference, a.points)))
    p = ps.add_parser("withhold", help="keep a person's identity out of every court document from now on")
    p.add_argument("reference")
    p.add_argument("party", help="the id shown by 'asb party list'")
    p.add_argument("--reason", default="")
    p.set_defaults(handler=lambda a: _say(services(a).parties.set_withheld(a.reference, a.party, True, a.reason)))
    p = ps.add_parser("allow", help="let a withheld person's identity appear in court documents again")
    p.add_argument("reference")
    p.add_argument("party", help="the id shown by 'asb party list'")
    p.add_argument("--reason", required=True, help="why (e.g. they agreed in writing to give evidence openly)")
    p.set_defaults(handler=lambda a: _say(services(a).parties.set_withheld(a.reference, a.party, False, a.reason)))


def _say(message: str) -> int:
    print(message)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    rows = services(args).parties.list(args.reference)
    if args.json:
        print(to_json([vars(r) for r in rows]))
        return 0
    print_table(["Id", "Role", "Name", "Court documents"],
                [[r.uid, r.role_label, r.name, "anonymous" if r.anonymous else "withheld" if r.withheld else "named"]
                 for r in rows])
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from ..services.kernel.inputs import PartyInput, PersonInput

    first, _, last = args.name.strip().rpartition(" ")
    person = PersonInput(first_names=first or last, surname=last if first else "", address=args.address,
                         postcode=args.postcode, phone=args.phone, email=args.email, existing_uid=args.person)
    if args.person:
        person = PersonInput(existing_uid=args.person)
    uid = services(args).parties.add(args.reference, PartyInput(role=args.role, person=person),
                                     withheld=args.withheld, new_person=args.new_person)
    print(f"Added to {args.reference.upper()} (id {uid})" + (", identity withheld." if args.withheld else "."))
    return 0
