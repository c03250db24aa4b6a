"""Issue 17's "done when", as a matrix over the full demo database: for each tenancy type the app knows and each
notice type, the pack is made through the service an officer uses (or refused in plain words), served, and
every element docs/law.md requires is read back from the rendered PDF with pdftotext, never from the data
that made it. Then the court-ready case's Appendix 1, Appendix 2 and hearsay notice, and a bundle for each
hearing type with every page A4 portrait.

One demo database per back end, built once for the module: every test runs on SQLite and again on PostgreSQL
(a fresh schema, dropped afterwards), as the rest of the suite does. The court-ready case's tenancy is set to
the type under test before each pack, as the case records it (so ``--tenancy`` plays no part)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from support.postgres import BACKENDS, fresh_schema_url

from asb_desktop.cli import main
from asb_desktop.demo import generate as demo
from asb_desktop.demo.court_case import ADDRESS, MANAGER, OFFICER, PERPETRATOR, prepare_court_case
from asb_desktop.domain.enums import TenancyType
from asb_desktop.services import Services
from asb_desktop.services.admin.users import actor_of, sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked
from asb_desktop.services.kernel.org_settings import OrgSettingsService
from asb_desktop.storage.db import make_engine, upgrade
from asb_desktop.storage.orm import Case, CaseParty, Tenancy, User

FIXED_NOW = datetime(2026, 11, 23, 10, 0)  # a Monday, the suite's clock
POSTED = datetime(2026, 12, 4, 10, 0)  # Friday 4 December 2026, first class post
DEEMED = date(2026, 12, 7)  # CPR 6.26: the second day after posting is Sunday, so the next business day, Monday
SERVED_CLOCK = datetime(2026, 12, 10, 12, 0)  # when the server records the service

NOTICE_TYPES = ("s83_ground2", "s83za_absolute", "demotion_s82a", "s128_introductory", "s8_ground14",
                "s8_ground7a", "demotion_s6a", "injunction_part1")
# Which Act covers which tenancy (docs/law.md, "Tenancy type"): s83 / s83ZA / s82A Housing Act 1985 secure
# tenancies; s128 Housing Act 1996 introductory tenancies; s8 Housing Act 1988 assured tenancies (shorthold
# included); s6A Housing Act 1988 assured tenancies of a social landlord; a Part 1 ASBCPA 2014 injunction anyone.
FOR_TENANCY = {
    "secure": {"s83_ground2", "s83za_absolute", "demotion_s82a", "injunction_part1"},
    "introductory": {"s128_introductory", "injunction_part1"},
    "assured": {"s8_ground14", "s8_ground7a", "demotion_s6a", "injunction_part1"},
    "assured_shorthold": {"s8_ground14", "s8_ground7a", "injunction_part1"},
    "licence": {"injunction_part1"},
    "leasehold": {"injunction_part1"},
    "shared_ownership": {"injunction_part1"},
}

# The statutory heading each notice is given under (title, then its legal basis and prescribed form).
HEADINGS = {
    "s83_ground2": ("Notice seeking possession (section 83, Housing Act 1985): Ground 2", "Section 83 Housing Act 1985",
                    "Secure Tenancies (Notices) Regulations"),
    "s83za_absolute": ("section 83ZA", "Housing Act 1985", "Notice under section 83ZA"),
    "demotion_s82a": ("Notice of proceedings for a demotion order (section 82A, Housing Act 1985)", "Section 82A",
                      "Notice of proceedings for a demotion order"),
    "s128_introductory": ("Notice of proceedings for possession (section 128, Housing Act 1996)",
                          "Section 128 Housing Act 1996", "Notice of proceedings (section 128)"),
    "s8_ground14": ("Housing Act 1988", "Section 8", "Form 3 (Assured Tenancies and Agricultural Occupancies (Forms)"),
    "s8_ground7a": ("Housing Act 1988", "Section 8", "Form 3 (Assured Tenancies and Agricultural Occupancies (Forms)"),
    "demotion_s6a": ("Notice of proceedings for a demotion order (section 6A, Housing Act 1988)", "Section 6A",
                     "Notice of proceedings for a demotion order"),
    "injunction_part1": ("Application for a civil injunction (Part 1, Anti-social Behaviour, Crime and Policing Act "
                         "2014)", "Sections 1 and 5 Anti-social Behaviour, Crime and Policing Act 2014", "Claim form N16A"),
}

GROUND_2_LIMBS = (  # Schedule 2 Ground 2 (HA 1985) / Ground 14 (HA 1988), in full (docs/law.md)
    "(a) has been guilty of conduct causing or likely to cause a nuisance or annoyance to a person residing, visiting "
    "or otherwise engaging in a lawful activity in the locality,",
    "(aa) has been guilty of conduct causing or likely to cause a nuisance or annoyance to the landlord of the "
    "dwelling-house, or a person employed (whether or not by the landlord) in connection with the exercise of the "
    "landlord's housing management functions, and that is directly or indirectly related to or affects those "
    "functions,",
    "(i) using the dwelling-house or allowing it to be used for immoral or illegal purposes, or",
    "(ii) an indictable offence committed in, or in the locality of, the dwelling-house.",
)
CONDITION_1 = ("The tenant, or a person residing in or visiting the dwelling-house, has been convicted of a serious "
               "offence")


def long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def after(days: int) -> date:
    return date.fromordinal(DEEMED.toordinal() + days)


# When proceedings may be begun, per the Act's words, for service deemed on Monday 7 December 2026. The demo
# court-ready tenancy is weekly, its rent week starting on a Monday, so a notice to quit given that day could
# end it no earlier than Sunday 10 January 2027 (after(34)): the last day of the first rental period ending at
# least 4 weeks after it (Sunday 3 January is only 27 days on), a whole period after it, and at the end of a
# period (Protection from Eviction Act 1977 s5(1); common law; domain.notice_to_quit).
NTQ_END = after(34)
WHEN = {
    "s83_ground2": "Proceedings for the possession of the dwelling-house may be begun immediately.",  # s83(3)(a)(i)
    "s83za_absolute": f"may be begun after {long(NTQ_END)}. The court will not entertain proceedings begun on or "
                      "before that date.",
    "demotion_s82a": f"may be begun after {long(NTQ_END)}. The court will not entertain proceedings begun on or "
                     "before that date.",  # s83(4A)
    "s128_introductory": f"may be begun after {long(NTQ_END)}. The court will not entertain proceedings begun on "
                         "or before that date.",  # s128(4)-(5)
    "s8_ground14": "Proceedings may be begun immediately after this notice is served.",  # s8(4)
    "s8_ground7a": f"Proceedings will not be begun earlier than {long(NTQ_END)}.",  # s8(3)(b)
    "demotion_s6a": f"may be begun after {long(after(14))}. The court will not entertain proceedings begun on or "
                    "before that date.",
}


def text_of(path: Path) -> str:
    """The PDF's text as a viewer shows it, whitespace run together."""
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def a4_pages(path: Path) -> list[tuple[int, int, int]]:
    """(width, height, rotation) of every page, from pdfinfo -box."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                                                             text=True).stdout).group(1))
    out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", str(pages), str(path)], check=True, capture_output=True,
                         text=True).stdout
    boxes = re.findall(r"Page\s+\d+ MediaBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", out)
    rots = re.findall(r"Page\s+\d+ rot:\s+(\d+)", out)
    assert len(boxes) == len(rots) == pages
    return [(round(float(b[2]) - float(b[0])), round(float(b[3]) - float(b[1])), int(r)) for b, r in zip(boxes, rots,
                                                                                                       strict=True)]


@dataclass
class World:
    ctx: Context
    db_url: str
    data_dir: Path
    ref: str
    officer: Services
    manager: Services
    organisation: str
    address_line: str

    def later(self) -> Services:
        """The officer at SERVED_CLOCK, when service is recorded."""
        return Services(replace(self.officer.ctx, clock=lambda: SERVED_CLOCK))


def _as(ctx: Context, username: str) -> Services:
    with ctx.session() as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None, username
    return Services(Context(ctx.engine, actor_of(user), ctx.data_dir, clock=ctx.clock))


@pytest.fixture(scope="module", params=BACKENDS)
def matrix_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The module's database, once per back end: a SQLite file, or a fresh PostgreSQL schema dropped after the
    back end's last test (the world's engine is disposed first, as it depends on this)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('matrix-sqlite') / 'asb.sqlite'}"
        return
    with fresh_schema_url() as url:
        yield url


@pytest.fixture(scope="module")
def world(matrix_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("matrix")
    url = matrix_db_url
    engine = make_engine(url)
    upgrade(engine)
    ctx = Context(engine, sign_in(engine, now=FIXED_NOW), tmp / "data", clock=lambda: FIXED_NOW)
    demo.generate(engine, 3, seed=7, today=FIXED_NOW.date())
    ref = prepare_court_case(ctx)
    officer, manager = _as(ctx, OFFICER), _as(ctx, MANAGER)
    # the absolute ground needs a recorded, evidenced condition: a conviction seven weeks ago
    officer.notices.record_condition(ref, 1, "Leeds Crown Court", date(2026, 10, 5),
                                     "Wounding with intent on the landing of Æthelred Court",
                                     evidence="Certificate of conviction")
    for t in NOTICE_TYPES:
        manager.notices.approve(ref, t, "Proportionate: see Appendix 2")
    org = OrgSettingsService(ctx).get()
    yield World(ctx, url, tmp / "data", ref, officer, manager, org.organisation_name,
                org.organisation_address.splitlines()[0].strip(" ,"))
    engine.dispose()


def set_tenancy(w: World, tenancy: str) -> None:
    """Record the court-ready case's tenancy (the alleged perpetrator's, and the property's) as this type."""
    with w.ctx.session() as s:
        case = s.scalar(select(Case).where(Case.reference == w.ref))
        people = [p.person_id for p in s.scalars(select(CaseParty).where(CaseParty.case_id == case.id))
                  if p.role == "alleged_perpetrator"]
        for t in s.scalars(select(Tenancy).where((Tenancy.person_id.in_(people))
                                                 | (Tenancy.property_id == case.property_id))):
            t.tenancy_type = tenancy
        s.commit()


def set_landlord_kind(w: World, kind: str) -> None:
    org = OrgSettingsService(w.ctx)
    org.save(replace(org.get(), landlord_kind=kind))


def test_the_matrix_covers_every_tenancy_type_the_app_knows() -> None:
    assert set(FOR_TENANCY) == {t.value for t in TenancyType}
    from asb_desktop.court.notice_types import load_notice_types

    assert {t.id for t in load_notice_types()} == set(NOTICE_TYPES)


OFFERED = [(t, n) for t in FOR_TENANCY for n in NOTICE_TYPES if n in FOR_TENANCY[t]]
REFUSED = [(t, n) for t in FOR_TENANCY for n in NOTICE_TYPES if n not in FOR_TENANCY[t]]


@pytest.mark.parametrize(("tenancy", "notice_type"), OFFERED, ids=[f"{t}-{n}" for t, n in OFFERED])
def test_notice_pack_reads_right_on_the_page(world: World, tmp_path: Path, tenancy: str, notice_type: str) -> None:
    w = world
    set_tenancy(w, tenancy)
    assert notice_type in {t.id for t in w.officer.notices.types(w.ref).offered}
    info = w.officer.notices.pack(w.ref, notice_type, tmp_path / "pack", service_method="first_class_post",
                                  service_at=POSTED)
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    title, basis, form = HEADINGS[notice_type]
    assert notice.startswith(title) or title in notice[:400], notice[:400]
    assert basis in notice and form in notice, notice[:600]
    # the tenant, the home, the landlord's name and address, and a named signatory with authority
    assert " ".join(PERPETRATOR) in notice and ADDRESS in notice
    assert f"From: {w.organisation}" in notice and w.address_line in notice
    signed = re.search(r"Name: (.+?) \((officer|team leader|manager)\), for and on behalf of " + re.escape(w.organisation),
                       notice)
    assert signed and signed.group(1) in ("Tomasz Nowak",), notice[-400:]
    assert "root" not in signed.group(1).lower() and "admin" not in signed.group(1).lower()
    # the particulars, drafted from the incidents, with the withheld witness never named
    assert "[withheld] saw Mr Marsh kick the complainant's door" in notice and "Shah" not in notice

    if notice_type in ("s83_ground2", "s8_ground14"):
        for limb in GROUND_2_LIMBS:
            assert limb in notice, limb  # the ground in full, as the prescribed form says
    if notice_type in ("s83za_absolute", "s8_ground7a"):
        assert CONDITION_1 in notice and "Leeds Crown Court" in notice and "Certificate of conviction" in notice
        for other in ("closure order", "criminal behaviour order", "Condition 2", "Condition 3"):
            assert other not in notice, other  # only the condition relied on, never the five as a menu
    if notice_type == "s83za_absolute":
        assert "The court will be asked to make an order under section 84A of the Housing Act 1985" in notice
    if notice_type in ("s8_ground14", "s8_ground7a"):
        assert "The landlord intends to begin proceedings for possession of the dwelling-house" in notice  # s8(3)(a)
    if notice_type in ("demotion_s82a", "demotion_s6a"):
        assert "anti-social" in notice and "demot" in notice
    if notice_type in WHEN:
        assert WHEN[notice_type] in notice, notice[notice.find("When proceedings"):][:400]
        assert "on or after" not in notice and "If it is delivered" not in notice
    if notice_type == "s83_ground2":  # s83(3)(a)(ii) and (b): the date sought (by default the earliest s83(5) allows,
        # the date a notice to quit could end the tenancy) and the notice ceasing to be in force twelve months after
        # it, not after service
        assert "The date sought by the landlord as the date on which the tenant is to give up possession of the " \
               f"dwelling-house: {long(NTQ_END)}." in notice, notice[notice.find("When proceedings"):][:600]
        assert f"This notice ceases to be in force on {long(NTQ_END).replace('2027', '2028')}" in notice
    if notice_type == "injunction_part1":  # an application is the proceedings: no notice period, no lapse
        assert "Proceedings may be begun" not in notice and "ceases to be in force" not in notice
        legal_aid = "reasonable opportunity to obtain legal representation and to apply for legal aid, which may " \
                    "be available without any means test"  # CPR 65.43(2)(d)
        assert legal_aid in notice
        letter = text_of(tmp_path / "pack" / "02-covering-letter.pdf")
        assert "We enclose an application for a civil injunction" in letter and legal_aid in letter, letter
        assert "It is made under sections 1 and 5 of the Anti-social Behaviour" in letter
        body = re.sub(r"ASB-\d{4}-\d{5} notice \d+$", "", letter.strip())  # the pack's footer
        assert "notice" not in body.lower() and "Legal aid may be available" not in body, letter  # not a notice
    if notice_type == "s128_introductory":  # s129: 14 days to ask for a review
        assert "request a review" in notice and "within 14 days beginning with the day on which this notice is " \
                                                "served" in notice
    if notice_type == "s83za_absolute":  # the landlord is a housing association by default: no s85ZA review
        assert "Section 85ZA of the Housing Act 1985 gives a right to ask for a review" in notice
        assert "Your right to a review" not in notice

    # served by first class post on Friday 4 December 2026: the certificate names the method and the CPR 6.26 date
    served = w.later().notices.served(w.ref, info.number, "first_class_post", POSTED, "Tomasz Nowak")
    assert served.deemed_served_on == DEEMED
    cert = text_of(served.folder / "05-certificate-of-service.pdf")
    assert cert.startswith("Certificate of service") or "Certificate of service" in cert[:200]
    assert "Method of service First class post" in cert, cert
    assert "Date and time of service 04/12/2026 10:00" in cert and "Deemed date of service 07/12/2026" in cert
    assert "Rule used for the deemed date CPR 6.26" in cert
    assert "Dean Marsh" in cert and "I believe that the facts stated" in cert and "Full name: Tomasz Nowak" in cert
    if notice_type == "injunction_part1":
        assert "Earliest date proceedings may be begun" not in cert and "lapses" not in cert
    if notice_type == "s83_ground2":
        assert served.give_up_on == NTQ_END and served.lapses_on == date(2028, 1, 10)
        assert "Date sought for giving up possession 10/01/2027" in cert and "Notice lapses 10/01/2028" in cert


def test_the_absolute_ground_notice_of_a_local_housing_authority_gives_the_7_day_review(world: World,
                                                                                          tmp_path: Path) -> None:
    w = world
    set_tenancy(w, "secure")
    set_landlord_kind(w, "local_housing_authority")
    try:
        w.officer.notices.pack(w.ref, "s83za_absolute", tmp_path / "pack", service_method="first_class_post",
                               service_at=POSTED)
    finally:
        set_landlord_kind(w, "private_registered_provider")
    notice = text_of(tmp_path / "pack" / "01-notice.pdf")
    assert "Your right to a review" in notice and "within 7 days beginning with the day on which this notice is " \
                                                  "served" in notice
    # s85ZA: 7 days beginning with the day of service (Monday 7 December): Sunday 13 December is the last
    assert f"the last day to ask for a review is {long(after(6))}" in notice


@pytest.mark.parametrize(("tenancy", "notice_type"), REFUSED, ids=[f"{t}-{n}" for t, n in REFUSED])
def test_a_notice_for_another_tenancy_is_refused_in_plain_words(world: World, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str], tenancy: str,
                                                               notice_type: str) -> None:
    w = world
    set_tenancy(w, tenancy)
    offered = w.officer.notices.types(w.ref)
    assert notice_type not in {t.id for t in offered.offered}
    with pytest.raises(RuleBlocked, match="is not offered for this case"):
        w.officer.notices.pack(w.ref, notice_type, tmp_path / "pack")
    # as the officer meets it on the command line: a plain message, exit 1, no traceback, nothing written
    code = main(["--db", w.db_url, "--data-dir", str(w.data_dir), "notice", "pack", w.ref,
                 "--type", notice_type, "--out", str(tmp_path / "cli")])
    err = capsys.readouterr().err
    assert code == 1 and "is not offered for this case" in err and "Traceback" not in err, err
    assert tenancy.replace("_", " ") in err or tenancy in err, err
    assert not (tmp_path / "cli").exists()


def _pdf(path: Path, lines: list[str], landscape: bool = False) -> Path:
    """A document as the officer would add it (a scanned-in claim form, an order), with a text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turned
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=turned(A4) if landscape else A4)
    for n, line in enumerate(lines):
        c.drawString(60, 760 - 18 * n if not landscape else 520 - 18 * n, line)
    c.save()
    return path


def test_appendix_1_and_2_and_the_hearsay_notice_of_the_court_ready_case(world: World, tmp_path: Path) -> None:
    w = world
    appendix1 = tmp_path / "appendix1.pdf"
    appendix1.write_bytes(w.officer.documents.risk_assessment(w.ref, "pdf").data)
    a1 = text_of(appendix1)
    assert w.ref in a1 and "Assessed by:" in a1 and "Name: Tomasz Nowak" in a1, a1[:500]
    assert re.search(r"\b(high|medium|standard|low)\b", a1, re.I), a1[:800]

    appendix2 = tmp_path / "appendix2.pdf"
    appendix2.write_bytes(w.officer.documents.peia(w.ref, "pdf").data)
    a2 = text_of(appendix2)
    assert "Status: completed" in a2 and "not yet signed" not in a2, a2[:400]
    from asb_desktop.documents.appendices import load_peia

    for q in load_peia().questions:  # every question is on the page, each required one answered
        assert " ".join(q.text.split()) in a2, q.text
    state = w.officer.documents.peia_state(w.ref)
    assert state.completed and state.officer.name in a2 and state.manager.name in a2
    assert "Officer:" in a2 and "Manager:" in a2



def test_the_hearsay_notice_of_the_court_ready_case(world: World, tmp_path: Path) -> None:
    w = world
    made = []
    for st in w.officer.statements.list(w.ref):
        notice = tmp_path / f"hearsay-{st.number}-{st.witness_role}.pdf"
        notice.write_bytes(w.officer.statements.hearsay_notice(w.ref, st.number, "pdf", witness=st.witness_ref))
        made.append(text_of(notice))
    hearsay = " ".join(made)
    assert "Civil Evidence Act 1995" in hearsay and "33.2" in hearsay, hearsay[:600]
    assert "intends to rely" in hearsay and "withheld" in hearsay and "Shah" not in hearsay, hearsay


@pytest.fixture(scope="module")
def court_ready(world: World, tmp_path_factory: pytest.TempPathFactory) -> World:
    """The court-ready case back on its secure tenancy, with its Ground 2 notice made and served."""
    w = world
    set_tenancy(w, "secure")
    out = tmp_path_factory.mktemp("ground2")
    info = w.officer.notices.pack(w.ref, "s83_ground2", out, service_method="first_class_post", service_at=POSTED)
    w.later().notices.served(w.ref, info.number, "first_class_post", POSTED, "Tomasz Nowak")
    return w


HEARINGS = ("possession", "injunction", "committal")
BUNDLE_TITLES = {"possession": "Possession claim: hearing bundle",
                 "injunction": "Application for a civil injunction: hearing bundle",
                 "committal": "Committal for breach: hearing bundle"}


@pytest.mark.parametrize("hearing", HEARINGS)
def test_a_bundle_for_each_hearing_type_is_all_a4_and_its_check_knows_the_hearing(court_ready: World,
                                                                                   tmp_path: Path,
                                                                                   hearing: str) -> None:
    w = court_ready
    svc = w.officer
    before = [f"{i.document}: {i.problem}" for i in svc.bundles.preflight(w.ref, hearing)]
    if hearing == "injunction":
        assert any("the claim form (N16A)" in p and "CPR 65.43" in p for p in before), before
        assert any("the draft order" in p for p in before), before
        assert not [p for p in before if "witness statement filed with the claim form" in p]  # two are in
        svc.bundles.add(w.ref, [_pdf(tmp_path / "n16a.pdf", [
            "Claim form N16A: application for an injunction under section 1 of the 2014 Act",
            "The respondent is entitled to a reasonable opportunity to obtain legal representation and to apply",
            "for legal aid which may be available without any means test."])], title="Claim form N16A")
        svc.bundles.add(w.ref, [_pdf(tmp_path / "draft.pdf", ["Draft injunction order: terms sought"],
                                     landscape=True)], title="Draft injunction order")
    if hearing == "committal":
        assert any("needs the order said to have been breached" in p for p in before), before
        svc.bundles.add(w.ref, [_pdf(tmp_path / "order.pdf", [
            "PENAL NOTICE", "If you do not comply with this order you may be held in contempt of court",
            "Injunction order"])], title="Injunction order of 1 December 2026")
        svc.bundles.add(w.ref, [_pdf(tmp_path / "cos.pdf", ["Certificate of service of the order"])],
                        title="Certificate of service of the injunction order (N215)")
    after_ = [f"{i.document}: {i.problem}" for i in svc.bundles.preflight(w.ref, hearing)]
    if hearing == "possession":  # the served Ground 2 notice and its certificate are in
        assert not [p for p in after_ if "no notice seeking possession" in p or "certificate of service is not" in p]
    if hearing == "injunction":
        assert not [p for p in after_ if "injunction bundle needs" in p or "does not say" in p], after_
    if hearing == "committal":
        assert not [p for p in after_ if "committal bundle needs" in p or "no penal notice" in p
                    or "no proof that the order was served" in p], after_

    out = tmp_path / f"{hearing}.pdf"
    result = svc.bundles.build(w.ref, hearing, out, fresh=True, ocr=False)
    pages = a4_pages(out)
    assert len(pages) == result.pages
    assert all(p == (595, 842, 0) for p in pages), [(n, p) for n, p in enumerate(pages, 1) if p != (595, 842, 0)]
    text = text_of(out)
    assert text.startswith(f"{BUNDLE_TITLES[hearing]}: case {w.ref}"), text[:200]  # forms/bundles.toml
    assert "Shah" not in text and "Flat 9" not in text
    if hearing == "possession":
        assert "Certificate of service" in text and "Deemed date of service 07/12/2026" in text
    if hearing == "injunction":
        assert "Claim form N16A" in text and "without any means test" in text and "Draft injunction order" in text
    if hearing == "committal":
        assert "PENAL NOTICE" in text and "Certificate of service of the order" in text
