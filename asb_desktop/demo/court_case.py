"""One demo case taken to the court door, so notice packs and bundles can be tried on a real story.

The bulk demo (demo.py) writes thousands of rows directly for speed; this case is instead built through
the same services an officer uses, step by step with the clock set to when each step happened: the
report, incidents over eight weeks, a witness whose identity is withheld, a noise recording, a photo,
diary entries, a warning letter, the risk assessment, Appendix 2 signed and signed off, the
complainant's and the officer's witness statements (final and signed), and the manager's approval of a
section 83 notice. What is left is what the officer does at the court door: the notice pack, recording
service, and the bundle.
"""

from __future__ import annotations

import io
import math
import random
import struct
import tempfile
import wave
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..services import Services
from ..services.admin.users import actor_of
from ..services.kernel.access import Actor
from ..services.kernel.context import Context
from ..services.kernel.errors import NotFound, RuleBlocked
from ..services.kernel.inputs import IncidentInput, PartyInput, PersonInput, PropertyInput, ReportInput
from ..storage.orm import Case, Person, User

OFFICER = "tomasz.nowak"
MANAGER = "david.clarke"
NOTICE_TYPE = "s83_ground2"
SUMMARY = "Loud music and banging from Flat 4 late at night; threats on the landing"
ADDRESS = "Flat 4, Æthelred Court, 12 Canal Street, Leeds"
PERPETRATOR = ("Dean", "Marsh")
COMPLAINANT = ("Zofia", "Wiśniewska")
WITNESS = PersonInput(first_names="Priya", surname="Shah", address="Flat 9, Æthelred Court, 12 Canal Street, Leeds",
                      postcode="LS9 8AB", phone="07700 900456")

# (days before today, start, minutes, where, what happened; the withheld witness is named in one of them)
INCIDENTS = (  # officers write "the complainant": letters to Mr Marsh are refused if they name her
    (54, time(23, 10), 95, "Flat 4, Æthelred Court", "Music played at high volume with a heavy bass until after "
     "midnight; the complainant knocked and asked for it to be turned down; the door was shut."),
    (47, time(22, 45), 120, "Flat 4, Æthelred Court", "Party with music and people coming and going on the stairs "
     "until 00:45."),
    (39, time(1, 20), 40, "Landing outside Flat 4", "Shouting and banging on the walls of the complainant's flat; "
     "Priya Shah saw Mr Marsh kick the complainant's door."),
    (26, time(23, 30), 70, "Flat 4, Æthelred Court", "Music and drumming through the complainant's bedroom wall."),
    (19, time(19, 5), 10, "Stairwell, Æthelred Court", "Mr Marsh said on the stairs that the complainant would "
     "'regret' complaining."),
)
DIARY = (  # (days before today, started, stopped, what happened, place, effect, severity)
    (30, "23:15", "00:40", "Bass music from Flat 4 through the bedroom wall", "Bedroom", "Could not sleep", "7"),
    (22, "22:50", "23:55", "Banging on the shared wall and shouting", "Living room", "Frightened, children woke", "8"),
    (20, "23:05", "01:10", "Music from Flat 4 again; recorded it on the phone", "Bedroom", "Loss of sleep", "8"),
)
CONTACTS = ((50, "Agreed action plan; diary sheets sent."), (36, "Music continues most weekends."),
            (22, "Threat on the stairs discussed; support referral made."), (9, "Updated on legal action."))
RECORDING_DAYS_AGO = 20
PHOTO_DAYS_AGO = 39  # the morning after the door was kicked


@dataclass
class _Story:
    """The services as one person at one moment: ``at`` moves on as the story does."""

    ctx: Context  # the caller's: its engine and data folder
    today: date
    at: datetime = datetime(2000, 1, 1)
    actors: dict[str, Actor] = field(default_factory=dict)

    def as_(self, username: str, days_ago: float, hour: int = 10) -> Services:
        self.at = datetime.combine(self.today - timedelta(days=int(days_ago)), time(hour, 0))
        if username not in self.actors:
            with self.ctx.session() as s:
                user = s.scalar(select(User).where(User.username == username))
                if user is None:
                    raise NotFound(f"The demo user {username} is missing: run 'asb demo' to add the demo users.")
                self.actors[username] = actor_of(user)
        # The story acts as the demo users, but its audit entries name whoever asked for the demo.
        return Services(Context(self.ctx.engine, self.actors[username], self.ctx.data_dir, clock=lambda: self.at,
                                audit_user=self.ctx.audit_user or self.ctx.actor.username))


def existing_court_case(ctx: Context) -> str | None:
    """The reference of the court-ready demo case if it is already there (so it is made once)."""
    with ctx.session() as s:
        return s.scalar(select(Case.reference).where(Case.summary == SUMMARY).limit(1))


def _monday_on_or_before(day: date) -> date:
    """A weekly tenancy's rent week starts on a Monday: the tenancy began on one."""
    return day - timedelta(days=day.weekday())


def prepare_court_case(ctx: Context, today: date | None = None) -> str:
    """Build the court-ready demo case (once) and return its reference. Needs the demo users."""
    from .generate import require_demo_allowed

    require_demo_allowed(ctx)
    found = existing_court_case(ctx)
    if found:
        return found
    story = _Story(ctx, today or ctx.now().date())
    with tempfile.TemporaryDirectory() as tmp:
        return _build(story, Path(tmp))


def _build(story: _Story, tmp: Path) -> str:
    today = story.today
    svc = story.as_(OFFICER, 56, 9)
    ref = svc.cases.report(ReportInput(
        channel="telephone", received_at=story.at - timedelta(minutes=20),
        categories=["Noise", "Verbal abuse, harassment or intimidation"], summary=SUMMARY,
        parties=[PartyInput("complainant", PersonInput(first_names=COMPLAINANT[0], surname=COMPLAINANT[1],
                                                       address="Flat 5, Æthelred Court, 12 Canal Street, Leeds",
                                                       postcode="LS9 8AB", phone="07700 900123",
                                                       occupation="Nurse")),
                 PartyInput("alleged_perpetrator", PersonInput(first_names=PERPETRATOR[0], surname=PERPETRATOR[1],
                                                               address=ADDRESS, postcode="LS9 8AB"))],
        property=PropertyInput(address=ADDRESS, postcode="LS9 8AB", tenancy_type="secure",
                               tenancy_start=_monday_on_or_before(date(today.year - 6, 4, 2)), rent_period="weekly"),
        assign_to=OFFICER), new_people=True).reference  # synthetic people: never merged with others
    story.as_(OFFICER, 56, 15).cases.record_response(ref)
    for days, notes in CONTACTS:
        story.as_(OFFICER, days, 12).activity.log_contact(ref, "telephone", "spoke", notes=notes)
    for days, start, minutes, where, what in INCIDENTS[:2]:
        _incident(story, ref, days, start, minutes, where, what)
    svc = story.as_(OFFICER, 45, 10)
    svc.risk.assess(ref, {"targeted": True, "repeat": True, "fear": True, "health": True, "violence": False,
                          "hate": False}, actions=["support_referral"], notes="Ms Wiśniewska has two young children.")
    svc.documents.risk_assessment(ref, "pdf")
    svc = story.as_(OFFICER, 44, 15)
    svc.documents.letter(ref, "warning_letter", "pdf")
    svc.remedies.record(ref, "warning_letter", "breached", "Warning letter sent; the music carried on.")
    svc = story.as_(OFFICER, 38, 14)
    svc.parties.add(ref, PartyInput("witness", WITNESS), withheld=True)
    svc.activity.add_note(ref, "Ms Shah saw the door being kicked but fears reprisals: she will not be named; her "
                          "account goes into my statement as hearsay.")
    for days, start, minutes, where, what in INCIDENTS[2:]:
        _incident(story, ref, days, start, minutes, where, what)

    complainant = _person_uid(svc, COMPLAINANT)
    svc = story.as_(OFFICER, RECORDING_DAYS_AGO - 1, 10)
    recorded = datetime.combine(today - timedelta(days=RECORDING_DAYS_AGO), time(23, 41, 7))
    wav = _recording(tmp / f"NoiseApp_{recorded:%Y-%m-%d_%H-%M-%S}.wav")
    photo = _photo(tmp / f"IMG_{today - timedelta(days=PHOTO_DAYS_AGO):%Y%m%d}_0812.jpg",
                   datetime.combine(today - timedelta(days=PHOTO_DAYS_AGO), time(8, 12)))
    uids = {path.name: svc.evidence.add_files(ref, [path], source="complainant", description=what).stored[0].uid
            for path, what in ((wav, "noise recording"), (photo, "photograph of the damaged door of Flat 5"))}
    svc.diary.add_entries(ref, [
        {"date": (today - timedelta(days=d)).isoformat(), "started": a, "stopped": b, "what_happened": what,
         "place": place, "effect": effect, "severity": sev} for d, a, b, what, place, effect, sev in DIARY],
        person_id=complainant)

    svc = story.as_(OFFICER, 12, 10)
    answers = {k: v for k, v in svc.documents.peia_prefill(ref).items() if v not in (None, "")}
    answers.update(PEIA_ANSWERS)
    svc.remedies.peia_complete(ref, answers)
    svc.remedies.peia_sign(ref, as_manager=False)
    story.as_(MANAGER, 11, 16).remedies.peia_sign(ref, as_manager=True)
    story.as_(OFFICER, 10, 9).documents.peia(ref, "pdf")

    svc = story.as_(OFFICER, 8, 11)
    _statement(svc, ref, complainant, [uids[wav.name], uids[photo.name]], COMPLAINANT_ACCOUNT, IN_HER_WORDS)
    _statement(svc, ref, "officer", [], OFFICER_ACCOUNT, (("[withheld]", "a neighbour"),))
    story.as_(MANAGER, 3, 15).notices.approve(ref, NOTICE_TYPE, "Proportionate: see Appendix 2 signed off by me.")
    story.as_(OFFICER, 2, 10).remedies.record(ref, "possession_discretionary", "proposed",
                                              "Notice seeking possession (Ground 2) approved; to be served.")
    return ref


def _incident(story: _Story, ref: str, days: int, start: time, minutes: int, where: str, what: str) -> None:
    started = datetime.combine(story.today - timedelta(days=days), start)
    story.as_(OFFICER, days - 1, 11).activity.add_incident(ref, IncidentInput(
        started_at=started, ended_at=started + timedelta(minutes=minutes), location=where, description=what))


PEIA_ANSWERS = {
    "rational_connection": "Possession would end the tenancy from which the noise and threats come.",
    "least_intrusive": "A warning letter was ignored; the threats on the stairs make mediation unsafe.",
    "characteristics": "No protected characteristic of Mr Marsh is known to be affected; reviewed on 3 visits.",
    "psed": "Considered: no adjustment is needed; the decision will be reviewed if new needs come to light.",
    "disability_s15": "No disability of anyone in the household of Flat 4 is recorded or known.",
    "article8": "Yes: the threats and the repeated night-time noise outweigh the loss of the home.",
    "proportionate": True,
    "conclusion": "Possession on Ground 2 is proportionate: lesser steps failed and the threats continue.",
}
COMPLAINANT_ACCOUNT = [
    "I live at Flat 5, next door to Flat 4, with my 2 children aged 6 and 9.",
    "Since the autumn the music from Flat 4 has kept us awake most weekends, often past midnight.",
    "I made the recording myself on my phone and have not changed it.",
    "I am afraid of Mr Marsh since he told me on the stairs that I would regret complaining.",
]
OFFICER_ACCOUNT = [
    "I have managed this case since it was reported.",
    "The neighbour who saw the door being kicked does not wish to be named for fear of reprisals.",
    "I sent a warning letter to Mr Marsh; the reports of loud music continued after it.",
]


# Why the neighbour who saw the door kicked is not named where her account is given as hearsay (PD 32 18.2).
HEARSAY_REASON = "The neighbour fears reprisals from Mr Marsh and has asked not to be named."

# The complainant's statement is drafted from incidents the officer wrote in the third person.
IN_HER_WORDS = (("the complainant's", "my"), ("the complainant", "I"), ("[withheld]", "a neighbour"))


def _statement(svc: Services, ref: str, witness: str, evidence: list[str], account: list[str],
               rewording: tuple[tuple[str, str], ...]) -> None:
    """Draft from the case, reword it as the witness would say it, add their own words, finalise, sign."""
    st = svc.statements
    n = st.draft(ref, witness, evidence=evidence, court="In the County Court at Leeds").number
    paragraphs: list[Any] = []
    for _, text in st.get(ref, n, witness=witness).paragraphs:
        seen_by_withheld = "[withheld]" in text  # what the withheld witness saw: hearsay in this statement
        for old, new in rewording:
            text = text.replace(old, new)
        paragraphs.append({"text": text, "hearsay": {"source": "", "withheld": True, "reason": HEARSAY_REASON}}
                          if seen_by_withheld else text)
    st.edit(ref, n, paragraphs + account, note="Reworded with the witness", witness=witness)
    findings = svc.signing.check(ref, n, witness=witness)
    wrong = [f.message for f in findings if f.key != "title.claim_number"]
    if wrong:
        raise RuleBlocked([f"The demo statement of {witness} is not ready: " + " ".join(wrong)])
    for finding in findings:
        svc.signing.waive(ref, n, finding.key, "The claim is not issued yet: the court gives the number when it is.",
                 witness=witness)
    svc.signing.finalise(ref, n, witness=witness)
    svc.signing.sign(ref, n, signature_png=_signature(), witness=witness, present=[svc.ctx.actor.full_name])  # + record


def _person_uid(svc: Services, name: tuple[str, str]) -> str:
    with svc.ctx.session() as s:
        uid = s.scalar(select(Person.uid).where(Person.first_names == name[0], Person.surname == name[1]))
    assert uid is not None
    return uid


def _recording(path: Path, seconds: int = 12, rate: int = 16000) -> Path:
    """A thumping bass line with noise: what music through a wall sounds like on a phone."""
    r = random.Random(7)
    frames = bytearray()
    for i in range(seconds * rate):
        t = i / rate
        beat = 0.9 if (t * 2) % 1 < 0.12 else 0.25
        x = beat * (0.6 * math.sin(2 * math.pi * 55 * t) + 0.3 * math.sin(2 * math.pi * 110 * t))
        x += 0.05 * (r.random() - 0.5)
        frames += struct.pack("<h", int(max(-1.0, min(1.0, x)) * 32000))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


def _photo(path: Path, taken: datetime) -> Path:
    """A photo of the damaged door, with the camera's EXIF date and time."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (800, 600), (196, 186, 170))
    d = ImageDraw.Draw(img)
    d.rectangle((250, 60, 550, 590), fill=(120, 72, 40), outline=(60, 30, 10), width=6)
    d.line((300, 420, 380, 470, 340, 520, 420, 560), fill=(30, 20, 10), width=5)
    d.ellipse((500, 320, 520, 340), fill=(200, 180, 60))
    exif = Image.Exif()
    exif[0x0132] = f"{taken:%Y:%m:%d %H:%M:%S}"  # DateTime
    exif.get_ifd(0x8769)[0x9003] = f"{taken:%Y:%m:%d %H:%M:%S}"  # DateTimeOriginal
    img.save(path, "JPEG", quality=85, exif=exif)
    return path


def _signature() -> bytes:
    """A drawn signature, as the signing pad would give it."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    points = [(20 + i * 8, 70 + int(25 * math.sin(i / 2.2)) - i // 3) for i in range(40)]
    d.line(points, fill=(20, 30, 90, 255), width=3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def add_court_case_to_demo(ctx: Context) -> str | None:
    """For first runs and the welcome dialog: the court-ready case, or None (logged) if it could not be
    made, so a problem with it never stops the app from starting with the rest of the demo."""
    import logging

    try:
        return prepare_court_case(ctx)
    except Exception:  # noqa: BLE001 - logged with its traceback; the demo cases are already there
        logging.getLogger(__name__).exception("the court-ready demo case could not be made")
        return None
