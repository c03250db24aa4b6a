"""Organisation settings kept in the database (shared by the whole team), the signed-in officer's
own name and initials, and a plain-English database connection check for the settings dialog."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ...domain.enums import LandlordKind, Role
from ...domain.field_rules import email_problem
from ...domain.workdays import REGIONS
from ...storage.orm import Setting, User
from .access import require_role
from .context import Context, read_settings
from .errors import ValidationError

LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg")


def team_mode(session: Session) -> bool:
    """Team mode: named users sign in with passwords (else one user, the computer account)."""
    row = session.get(Setting, "team_mode")
    return bool(row and row.value.get("v"))


@dataclass(frozen=True)
class OrgSettings:
    organisation_name: str = ""
    organisation_address: str = ""
    organisation_logo: str = ""  # path of an image file used on documents
    evidence_dir: str = ""  # shared evidence folder; empty means DATA_DIR/evidence
    bank_holiday_region: str = "ENG"
    court_email_limit_mb: str = "36"  # the largest e-mail the court's mailbox takes; bigger bundles go in parts
    organisation_phone: str = ""  # the ASB team's phone and e-mail, printed on letters for the reply
    organisation_email: str = ""
    landlord_kind: str = LandlordKind.PRIVATE_REGISTERED_PROVIDER.value  # whose tenants s85ZA gives a review


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str


class OrgSettingsService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def get(self) -> OrgSettings:
        with self.ctx.session() as s:
            values = read_settings(s)
        return OrgSettings(**{k: str(values.get(k) or default) for k, default in asdict(OrgSettings()).items()})

    def save(self, new: OrgSettings) -> list[str]:
        """Store the organisation settings (administrators only). Returns the keys that changed."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="change the organisation's settings")
        if new.bank_holiday_region not in REGIONS:
            raise ValidationError("bank-holiday region", f"'{new.bank_holiday_region}' is not one of "
                                  + ", ".join(f"{k} ({v})" for k, v in REGIONS.items()))
        if new.landlord_kind not in {k.value for k in LandlordKind}:
            raise ValidationError("landlord", f"'{new.landlord_kind}' is not one of: "
                                  + ", ".join(f"{k.value} ({k.label})" for k in LandlordKind))
        logo = new.organisation_logo.strip()
        if logo and (not Path(logo).is_file() or Path(logo).suffix.lower() not in LOGO_TYPES):
            raise ValidationError("logo", f"'{logo}' is not an image file ({', '.join(LOGO_TYPES)}); "
                                  "choose the logo file again")
        try:
            limit_ok = 1 <= float(new.court_email_limit_mb.strip()) <= 10_000
        except ValueError:
            limit_ok = False
        if not limit_ok:
            raise ValidationError("court e-mail limit", f"'{new.court_email_limit_mb}' is not a size in MB between 1 "
                                  "and 10000; give the largest e-mail the court accepts, e.g. 36")
        email = new.organisation_email.strip()
        problem = email_problem(email) if email else None
        if problem:
            raise ValidationError("organisation e-mail", problem)
        folder = new.evidence_dir.strip()
        if folder and not Path(folder).is_dir():
            raise ValidationError("evidence folder", f"'{folder}' is not a folder that exists; create it or "
                                  "choose another")
        old = asdict(self.get())
        changed = {k: v.strip() for k, v in asdict(new).items() if v.strip() != old[k]}
        with self.ctx.session() as s:
            for key, value in changed.items():
                row = s.get(Setting, key)
                if row is None:
                    s.add(Setting(key=key, value={"v": value}))
                else:
                    row.value = {"v": value}
            if changed:
                self.ctx.audit(s, "change", "setting", "organisation", None,
                               "Changed organisation settings: " + ", ".join(changed),
                               before={k: old[k] for k in changed}, after=changed)
        return sorted(changed)

    def set_my_details(self, full_name: str, initials: str) -> None:
        """The signed-in officer's own name and initials (shown on notes and statements)."""
        full_name, initials = full_name.strip(), initials.strip().upper()
        if not full_name:
            raise ValidationError("your name", "is required")
        if not initials.isalpha() or len(initials) > 4:
            raise ValidationError("initials", "must be 1 to 4 letters, like JS")
        with self.ctx.session() as s:
            user = s.scalar(select(User).where(User.id == self.ctx.actor.id))
            if user is None:
                raise ValidationError("user", "your user record no longer exists; sign in again")
            before = (user.full_name, user.initials)
            user.full_name, user.initials = full_name, initials
            self.ctx.audit(s, "change", "user", user.id, None, f"{before[0]} changed their name or initials",
                           before=list(before), after=[full_name, initials])


def check_database(url: str) -> ConnectionCheck:
    """Really connect to ``url`` and say in plain words what is there."""
    from ...storage.db import DatabaseError, current_revision, head_revision, make_engine

    url = url.strip()
    if not url:
        return ConnectionCheck(False, "Enter a SQLite file path or a postgresql:// address first.")
    try:
        engine = make_engine(url)
    except DatabaseError as exc:
        return ConnectionCheck(False, str(exc))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision = current_revision(engine)
    except Exception as exc:  # noqa: BLE001 - any driver error is reported, never raised
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ConnectionCheck(False, f"Could not connect: {reason}")
    finally:
        engine.dispose()
    kind = "PostgreSQL" if engine.dialect.name == "postgresql" else "SQLite"
    if revision is None:
        state = "it is empty; ASB Desktop will set it up when you restart with it"
    elif revision == head_revision():
        state = "it holds an ASB Desktop case file, up to date"
    else:
        state = "it holds an ASB Desktop case file that will be upgraded (after a backup) when you restart with it"
    return ConnectionCheck(True, f"Connected to {kind}: {state}.")
