"""Administration commands: init, demo data, audit trail, backups, users, settings, categories."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import fmt_dt, print_table, services, to_json

KEY_HELP = ("the organisation's backup signing key (default: ASB_BACKUP_KEY_FILE, else keys/backup-signing.key in "
            "the data folder if an earlier version made one there, else this computer account's key, made on the "
            "first backup; a restore finds whichever of these signed the backup)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create (or upgrade) the database and seed the categories")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="add realistic synthetic cases (deterministic with --seed)")
    p.add_argument("--cases", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("audit", help="the audit trail: who viewed, created, changed, exported what and when; "
                       "'asb audit verify' checks that no entry has been changed or removed")
    p.add_argument("reference", nargs="?", help="a case reference, or 'verify' to check the whole trail")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit)

    p = sub.add_parser("backup", help="a consistent copy of the database and the stored files")
    p.add_argument("--out", required=True, help="file to write, e.g. asb-2026-11-21.asbbackup")
    p.add_argument("--key-file", help=KEY_HELP)
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help="restore a backup made by 'asb backup' (signed with the organisation's key)")
    p.add_argument("file")
    p.add_argument("--replace", action="store_true", help="replace a database that already holds cases")
    p.add_argument("--key-file", help=KEY_HELP)
    p.set_defaults(handler=cmd_restore)

    user = sub.add_parser("user", help="users and roles (administrators)")
    us = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = us.add_parser("list", help="everyone who can sign in, with roles")
    p.set_defaults(handler=cmd_user_list)
    p = us.add_parser("add", help="add a user with one or more roles")
    p.add_argument("username")
    p.add_argument("full_name")
    p.add_argument("--role", action="append", required=True,
                   help="officer, scheme_officer, team_leader, manager, administrator (repeat for more)")
    p.add_argument("--initials")
    p.add_argument("--job-title", default="")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(handler=cmd_user_add)
    p = us.add_parser("passwd", help="set a password (read from standard input)")
    p.add_argument("username")
    p.set_defaults(handler=cmd_user_passwd)
    p = us.add_parser("db-role", help="PostgreSQL only: give a user their own read-only database role for reporting "
                      "tools (asb_USERNAME), held by row-level security to the cases they may see; the password "
                      "is read from standard input, or ASB_DB_PASSWORD")
    p.add_argument("username")
    p.add_argument("--revoke", action="store_true", help="drop the user's database role")
    p.set_defaults(handler=cmd_user_db_role)
    p = sub.add_parser("team-mode", help="require everyone to sign in with a password")
    p.add_argument("state", choices=["on", "off"])
    p.set_defaults(handler=lambda a: _team_mode(a))

    p = sub.add_parser("store", help="where stored files live: move them into the team database, or set this "
                       "machine's path to a shared evidence folder (docs/admin-guide.md)")
    ss = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    q = ss.add_parser("migrate", help="copy every file of the evidence folder into the database (PostgreSQL), "
                      "verify each by SHA-256, then use the database store; run again to carry on if stopped")
    q.add_argument("--to", required=True, choices=["database", "folder"],
                   help="database: the team file store; folder: back to the evidence folder (nothing is copied)")
    q.set_defaults(handler=cmd_store_migrate)
    q = ss.add_parser("folder", help="this machine's path to the shared evidence folder ('' = the database's "
                      "setting or the data folder)")
    q.add_argument("path")
    q.set_defaults(handler=cmd_store_folder)
    q = ss.add_parser("status", help="which store is in use and where")
    q.set_defaults(handler=cmd_store_status)

    p = sub.add_parser("settings", help="the organisation's settings (landlord's name and address on notices and "
                       "letters, logo, evidence folder, bank holidays); shows them, or changes those given")
    p.add_argument("--organisation-name", metavar="NAME")
    p.add_argument("--organisation-address", metavar="ADDRESS", help="one line, or lines joined with '\\n'")
    p.add_argument("--logo", metavar="FILE", help="an image for letterheads ('' removes it)")
    p.add_argument("--evidence-dir", metavar="DIR", help="a shared folder for stored evidence ('' = the data folder)")
    p.add_argument("--region", metavar="REGION", help="bank holidays: ENG (England), WLS (Wales), SCT (Scotland) or NIR (Northern Ireland)")
    p.add_argument("--court-email-limit-mb", metavar="MB", help="the largest e-mail the court takes (default 36): "
                   "a bigger bundle is offered in parts")
    p.add_argument("--phone", metavar="NUMBER", help="the ASB team's phone number, printed on letters")
    p.add_argument("--email", metavar="ADDRESS", help="the ASB team's e-mail address, printed on letters")
    p.add_argument("--landlord-kind", metavar="KIND", help="private_registered_provider (a housing association, the "
                   "default), local_housing_authority or housing_action_trust: whether an absolute-ground notice "
                   "gives the s85ZA review right")
    p.set_defaults(handler=cmd_settings)

    cat = sub.add_parser("categories", help="list or add ASB categories")
    cat.add_argument("--add", metavar="NAME")
    cat.set_defaults(handler=cmd_categories)


def cmd_init(args: argparse.Namespace) -> int:
    svc = services(args)
    print(f"Database ready: {args.paths.database_url}")
    print(f"Signed in as {svc.ctx.actor.full_name} ({', '.join(sorted(svc.ctx.actor.roles))}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ..demo.generate import generate

    if args.cases < 1:
        from ..services.kernel.errors import ValidationError

        raise ValidationError("--cases", "must be 1 or more")
    svc = services(args)
    from ..demo.generate import require_demo_allowed

    require_demo_allowed(svc.ctx)  # a team database: administrators only
    counts = generate(svc.ctx.engine, args.cases, seed=args.seed, username=svc.ctx.actor.username)
    print("Demo data added: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    from ..demo.court_case import NOTICE_TYPE, OFFICER, prepare_court_case

    ref = prepare_court_case(svc.ctx)
    print(f"Ready for court: {ref} (officer {OFFICER}; statements signed, Appendix 2 signed off, notice approved). "
          f"Try: asb notice pack {ref} --type {NOTICE_TYPE} --out pack")
    return 0


SETTING_FLAGS = {"organisation_name": "organisation_name", "organisation_address": "organisation_address",
                 "logo": "organisation_logo", "evidence_dir": "evidence_dir", "region": "bank_holiday_region",
                 "court_email_limit_mb": "court_email_limit_mb", "phone": "organisation_phone",
                 "email": "organisation_email", "landlord_kind": "landlord_kind"}


def cmd_store_migrate(args: argparse.Namespace) -> int:
    from ..services.admin.file_store import FileStoreService

    service = FileStoreService(services(args).ctx)
    if args.to == "folder":
        service.use_folder()
        print("Stored files are now kept in the evidence folder. Files added to the database store stay there: "
              "copy them out with 'asb evidence export' if they are needed in the folder.")
        return 0

    def progress(done: int, total: int, sha256: str, what: str) -> None:
        print(f"[{done}/{total}] {sha256[:16]}... {what}", file=sys.stderr, flush=True)

    report = service.migrate_to_database(progress)
    print(f"{report.copied} file(s) copied into the database and verified ({report.bytes_copied:,} bytes), "
          f"{report.already_there} already there. Stored files are now kept in the database.")
    for path in report.skipped:
        print(f"Not a stored file, left where it is: {path}")
    for path in report.altered:
        print(f"Changed since it was generated (its SHA-256 differs), so not copied: {path}. "
              "'asb evidence verify' lists it; restore it from a backup.")
    if report.not_found:
        print(f"{len(report.not_found)} evidence file(s) are in neither store. If another machine holds them in its "
              "own evidence folder, run 'asb store migrate --to database' there too; else restore them from a "
              "backup. 'asb evidence verify' lists them.")
    return 0


def cmd_store_folder(args: argparse.Namespace) -> int:
    from ..services.admin.file_store import FileStoreService

    folder = FileStoreService(services(args).ctx).set_machine_folder(args.path)
    print(f"On this machine the evidence folder is {folder}." if folder else
          "This machine uses the evidence folder set for the organisation (or its data folder).")
    return 0


def cmd_store_status(args: argparse.Namespace) -> int:
    from ..services.admin.file_store import FileStoreService

    status = FileStoreService(services(args).ctx).status()
    print(f"Stored files are kept in {status.in_use}.")
    if status.cache is not None:
        print(f"This machine's cache of opened files: {status.cache}")
    else:
        print(f"Folder store: {status.folder}")
    if status.machine_folder is not None:
        print(f"This machine's path to the shared evidence folder: {status.machine_folder}")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from dataclasses import asdict, replace

    from ..services.kernel.org_settings import OrgSettingsService

    org = OrgSettingsService(services(args).ctx)
    current = org.get()
    given = {field: getattr(args, flag).replace("\\n", "\n") for flag, field in SETTING_FLAGS.items()
             if getattr(args, flag) is not None}
    if given:
        changed = org.save(replace(current, **given))
        print("Changed: " + ", ".join(changed) if changed else "Nothing changed.")
        current = org.get()
    for key, value in asdict(current).items():
        print(f"{key}: {value.replace(chr(10), ', ') if value else '(not set)'}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    if args.reference and args.reference.strip().lower() == "verify":
        return cmd_audit_verify(args)
    entries = services(args).queries.audit_trail(args.reference, args.limit)
    if args.json:
        print(to_json(entries))
        return 0
    print_table(["When", "Who", "Action", "Case", "What"],
                [[fmt_dt(e.at), e.username, e.action, e.case_reference or "", e.summary]
                 for e in entries])
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the chain is intact, 1 when an entry was changed or removed."""
    from ..services.admin.audit import AuditService, describe

    report = AuditService(services(args).ctx).verify()
    if args.json:
        broken = report.broken
        print(to_json({"intact": report.intact, "entries": report.entries, "last_hash": report.last_hash,
                       "broken": None if broken is None else {"id": broken.id, "at": broken.at,
                                                              "reason": broken.reason, "message": broken.plain}}))
    else:
        print(describe(report))
        if report.intact and report.entries:
            print(f"Last entry: {report.last_id}, fingerprint {report.last_hash}")
    return 0 if report.intact else 1


def _backups(args: argparse.Namespace):  # noqa: ANN202 - services are imported lazily
    from ..services.admin.backups import BackupService

    if args.key_file:
        return BackupService(services(args).ctx, Path(args.key_file))
    return BackupService(services(args).ctx, args.paths.backup_key_file, args.paths.backup_key_candidates)


def cmd_backup(args: argparse.Namespace) -> int:
    service = _backups(args)
    path = service.backup(Path(args.out))
    print(f"Backup written: {path}")
    print(f"Signed with the organisation's key {service.key_fingerprint()}, kept in {service.key_file}. Keep a "
          "copy of that file somewhere safe: a restore on this computer finds it by itself; on another computer, "
          "name the copy with --key-file.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not Path(args.file).is_file():
        raise FileNotFoundError(2, "No such backup file", args.file)
    summary = _backups(args).restore(Path(args.file), replace=args.replace)
    written = summary.created_at.isoformat() if summary.created_at else "at an unknown time"
    print(f"Restored {args.file} (written {written} on {summary.source_backend or 'an unknown database'}): "
          f"{summary.rows} records in {len(summary.tables)} tables, {summary.files} evidence files and "
          f"{summary.generated_files} generated documents. Run 'asb evidence verify' and 'asb audit verify' to "
          "check them.")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    users = services(args).users.list()
    print_table(["User", "Name", "Initials", "Roles", "Password", "Active", "Database role"],
                [[u.username, u.full_name, u.initials, ", ".join(u.roles), "yes" if u.has_password else "no",
                  "yes" if u.active else "no", u.db_role] for u in users])
    return 0


def _read_password() -> str:
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace) -> int:
    password = _read_password() if args.password_stdin else None
    info = services(args).users.add(args.username, args.full_name, args.role, password, args.initials,
                                    args.job_title)
    print(f"Added {info.username} ({', '.join(info.roles)}).")
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    services(args).users.set_password(args.username, _read_password())
    print(f"Password set for {args.username}.")
    return 0


def cmd_user_db_role(args: argparse.Namespace) -> int:
    import os

    from ..services.admin.db_roles import DbRoleService

    service = DbRoleService(services(args).ctx)
    if args.revoke:
        name = service.revoke(args.username)
        print(f"Dropped database role {name} of {args.username}." if name
              else f"{args.username} has no database role.")
        return 0
    service.check("give users database roles")  # refused before a password is asked for
    # not ASB_PASSWORD: that is the signed-in administrator's own password (--user)
    password = os.environ.get("ASB_DB_PASSWORD")
    if password is None:
        if sys.stdin.isatty():
            import getpass

            password = getpass.getpass(f"Password for {args.username}'s database role: ")
        else:
            password = _read_password()
    name, tables = service.set(args.username, password)
    print(f"Database role {name} ready for {args.username}: read only, on {len(tables)} tables "
          f"({', '.join(tables)}), each row held to the cases {args.username} may see.")
    return 0


def _team_mode(args: argparse.Namespace) -> int:
    services(args).users.set_team_mode(args.state == "on")
    print(f"Team mode is {args.state}.")
    return 0


def cmd_categories(args: argparse.Namespace) -> int:
    svc = services(args)
    if args.add:
        svc.cases.add_category(args.add)
        print(f"Added category {args.add}.")
        return 0
    from sqlalchemy import select

    from ..storage.orm import Category

    with svc.ctx.session() as s:
        for name, retired in s.execute(select(Category.name, Category.retired).order_by(Category.name)):
            print(f"{name}{' (retired)' if retired else ''}")
    return 0
