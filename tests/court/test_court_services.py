"""Notice packs, service dates, due items and bundles through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from integration.case_factory import minimal_case, rich_case
from pdf_factory import text_pdf
from sqlalchemy import select
from support.pdf import page_text, pdfinfo_pages

from asb_desktop.domain.enums import Role
from asb_desktop.services import Services
from asb_desktop.services.kernel.access import Actor
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import PermissionDenied, RuleBlocked
from asb_desktop.storage.orm import Case, Incident, User

WITNESS_PHONE = "020 7946 0000"  # the withheld witness's phone number in the rich case


def manager(ctx: Context) -> Services:
    with ctx.session() as s:
        u = s.scalar(select(User).where(User.username == "siobhan.ni.bhriain"))
        actor = Actor(u.id, u.username, u.full_name, u.initials, frozenset({Role.MANAGER}))
    return Services(Context(ctx.engine, actor, ctx.data_dir, clock=ctx.clock))


@pytest.fixture
def case(ctx: Context) -> str:
    ref = rich_case(ctx)
    with ctx.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == ref))
        s.add(Incident(case_id=case_id, created_at=datetime(2026, 11, 21, 9), started_at=datetime(2026, 11, 20, 22, 5),
                       location="Outside Flat 4", description="Music played loudly; 李小龍 saw it from the landing"))
    return ref


def test_pack_refused_until_manager_approval_then_generated_without_withheld_names(ctx: Context, case: str,
                                                                                    tmp_path: Path) -> None:
    svc = Services(ctx)
    with pytest.raises(RuleBlocked, match="No manager approval is recorded"):
        svc.notices.pack(case, "s83_ground2", tmp_path / "pack")
    with pytest.raises(PermissionDenied):
        svc.notices.approve(case, "s83_ground2")
    manager(ctx).notices.approve(case, "s83_ground2", "Proportionate: see Appendix 2")
    with pytest.raises(RuleBlocked, match="not offered for this case: it applies to assured"):
        svc.notices.pack(case, "s8_ground14", tmp_path / "pack")
    from dataclasses import replace

    from asb_desktop.services.kernel.org_settings import OrgSettingsService

    org = OrgSettingsService(ctx)
    org.save(replace(org.get(), organisation_phone="0113 496 0000", organisation_email="asb@aelfthryth.example"))
    info = svc.notices.pack(case, "s83_ground2", tmp_path / "pack")
    names = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert names == ["01-notice.pdf", "02-covering-letter.pdf", "03-schedule-of-incidents.pdf",
                     "04-appendix-2-summary.pdf", "05-certificate-of-service.pdf"]
    notice = " ".join(page_text(tmp_path / "pack" / "01-notice.pdf", 1).split())
    assert "From: Ælfthryth Housing Trust 2 Mill Lane Leeds LS1 1AA" in notice
    assert "Ground 2" in notice and "On 20/11/2026 at 22:05 at Outside Flat 4: Music played loudly; [withheld] saw it" \
        in notice
    for f in names:
        assert "小龍" not in " ".join(page_text(tmp_path / "pack" / f, n) for n in range(1, pdfinfo_pages(
            tmp_path / "pack" / f) + 1))
    letter = " ".join(page_text(tmp_path / "pack" / "02-covering-letter.pdf", 1).split())
    for sentence in ("about your home at Flat 3, Æthelred Court, 12 Ship Lane, E1 6AN.",
                     "It is given under section 83 of the Housing Act 1985.",  # whole sentences, the reason and the Act
                     "only a court can make that order",
                     "We strongly advise you to get independent advice about this notice as soon as possible",
                     "please contact me by telephone on 0113 496 0000 or by e-mail at asb@aelfthryth.example, quoting "
                     f"our reference {case}.", "Yours sincerely,"):
        assert sentence in letter, sentence
    assert "Please get advice about this notice as soon as possible. Citizens" not in letter  # no fragments
    summary = " ".join(page_text(tmp_path / "pack" / "04-appendix-2-summary.pdf", 1).split())
    assert "Is the proposed action proportionate? Yes" in summary and "True" not in summary
    assert "Equality considered" in summary  # an answer to a question the form no longer asks is kept
    cert = page_text(tmp_path / "pack" / "05-certificate-of-service.pdf", 1)
    assert "I believe that the facts stated in this certificate are true" in " ".join(cert.split())
    assert info.number == 1 and svc.notices.list(case)[0].served_at is None


def test_pack_refused_until_the_landlord_is_named(ctx: Context, case: str, tmp_path: Path) -> None:
    from asb_desktop.services.kernel.org_settings import OrgSettings, OrgSettingsService

    manager(ctx).notices.approve(case, "s83_ground2", "Proportionate")
    org = OrgSettingsService(ctx)
    org.save(OrgSettings("", ""))
    with pytest.raises(RuleBlocked, match="The landlord's name and address are not set") as err:
        Services(ctx).notices.pack(case, "s83_ground2", tmp_path / "pack")
    assert "asb settings --organisation-name" in str(err.value) and not (tmp_path / "pack").exists()
    org.save(OrgSettings("Riverside Homes", ""))
    assert Services(ctx).notices.blockers(case, "s83_ground2") == [
        "The landlord's address is not set, and the notice must give them. An administrator sets them in Settings "
        "(Organisation) or with 'asb settings --organisation-name NAME --organisation-address ADDRESS'."]


def test_pack_refused_with_the_legal_gate_reasons(ctx: Context, tmp_path: Path) -> None:
    ref = minimal_case(ctx, "ASB-2026-00003")
    with pytest.raises(RuleBlocked) as err:
        Services(ctx).notices.pack(ref, "injunction_part1", tmp_path / "out")
    text = str(err.value)
    assert "Non-legal remedies have not been considered" in text and "Appendix 2" in text
    assert "No manager approval" in text
    assert not (tmp_path / "out").exists()


def test_service_dates_are_stored_and_on_the_dashboard(ctx: Context, case: str, tmp_path: Path) -> None:
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2")
    served = svc.notices.served(case, 1, "first_class_post", datetime(2026, 11, 20, 10, 0), "Sam Server")
    assert served.deemed_served_on == date(2026, 11, 23)  # Fri posting: Sun 22 is not a business day, so Mon 23
    assert served.earliest_proceedings_on == date(2026, 11, 23)  # Ground 2: immediately
    # s83(3)(b): twelve months after the date sought for giving up possession (by default four weeks after the
    # planned deemed date of service: posted Mon 23/11, deemed Wed 25/11, so 23/12/2026), not after service
    assert served.give_up_on == date(2026, 12, 23) and served.lapses_on == date(2027, 12, 23)
    assert svc.notices.list(case)[0].served_by == "Sam Server"
    due = [i for i in svc.queries.due_items(within_days=7) if i.reference == case and i.kind.startswith("notice")]
    assert [(i.kind, i.due_at) for i in due] == [("notice_proceedings", datetime(2026, 11, 23))]
    cert = " ".join(page_text(served.folder / "05-certificate-of-service.pdf", 1).split())
    assert "23/11/2026" in cert and "Sam Server" in cert and "First class post" in cert


def test_notice_types_for_the_case(ctx: Context, case: str) -> None:
    offer = Services(ctx).notices.types(case, date(2026, 12, 1))
    assert offer.tenancy_type == "secure" and "s83_ground2" in {t.id for t in offer.offered}
    assert "s128_introductory" in {r.id for r in offer.not_offered}


def test_bundle_build_append_and_withheld_identity_stops_export(ctx: Context, case: str, tmp_path: Path) -> None:
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2")
    claim = text_pdf(tmp_path / "claim.pdf", "Claim form N5", 2)
    svc.bundles.add(case, [claim], section="Statements of case and orders", title="Claim form")
    out = tmp_path / "bundle.pdf"
    v1 = svc.bundles.build(case, "possession", out, index_json=tmp_path / "index.json")
    assert v1.version == 1 and pdfinfo_pages(out) == v1.pages
    titles = [e["title"] for e in v1.entries]
    assert titles[0] == "Chronology (schedule of incidents)" and "Claim form" in titles
    assert (tmp_path / "index.json").is_file()
    text = "".join(page_text(out, n) for n in range(1, v1.pages + 1))
    assert "小龍" not in text and "[withheld] saw it" not in text.split("Chronology")[0]
    # a later addition is appended, earlier pages unchanged
    order = text_pdf(tmp_path / "order.pdf", "Interim order", 1)
    svc.bundles.add(case, [order], title="Interim order")
    v2 = svc.bundles.build(case, "possession", tmp_path / "bundle2.pdf")
    assert v2.appended and v2.version == 2 and v2.pages == v1.pages + 2
    for n in (1, v1.pages):
        assert page_text(tmp_path / "bundle2.pdf", n) == page_text(out, n)
    # a document carrying the withheld witness's phone number stops the export, saying where
    leak = tmp_path / "leak.pdf"
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(leak))
    c.drawString(72, 700, f"Call the witness on {WITNESS_PHONE}")
    c.save()
    svc.bundles.add(case, [leak], title="Officer note")
    with pytest.raises(RuleBlocked, match=rf"contact details of the withheld witness \(1\) on page {v2.pages + 2} "
                                          r"\(Officer note\)"):
        svc.bundles.build(case, "possession", tmp_path / "bundle3.pdf")
    assert not (tmp_path / "bundle3.pdf").exists()
    assert [v.version for v in svc.bundles.versions(case)] == [1, 2]


def audit_of(ctx: Context, ref: str) -> list[tuple[str, str, str]]:
    from asb_desktop.storage.orm import AuditEntry

    with ctx.session() as s:
        return [tuple(r) for r in s.execute(select(AuditEntry.action, AuditEntry.entity, AuditEntry.summary)
                                            .where(AuditEntry.case_reference == ref).order_by(AuditEntry.id))]


def whole_text(path: Path) -> str:
    return " ".join(" ".join(page_text(path, n) for n in range(1, pdfinfo_pages(path) + 1)).split())


def test_draft_particulars_are_the_notices_own_wording_redacted_and_audited(ctx: Context, case: str,
                                                                           tmp_path: Path) -> None:
    from asb_desktop.services.kernel.errors import ValidationError

    svc = Services(ctx)
    draft = svc.notices.draft_particulars(case, "s83_ground2")  # before approval: drafting needs none
    paragraphs = draft.split("\n\n")
    assert [p.split(".")[0] for p in paragraphs] == [str(n) for n in range(1, len(paragraphs) + 1)]
    assert "小龍" not in draft
    assert "3. On 20/11/2026 at 22:05 at Outside Flat 4: Music played loudly; [withheld] saw it from the landing." \
        in paragraphs
    assert [a for a in audit_of(ctx, case) if a[1] == "notice_particulars"] == [
        ("view", "notice_particulars", f"Viewed the particulars drafted for {svc.notices._type('s83_ground2').title}")]
    with pytest.raises(RuleBlocked, match="pack cannot be generated yet:.*not offered for this case: it applies to "
                                          "assured"):
        svc.notices.draft_particulars(case, "s8_ground14")
    with pytest.raises(ValidationError, match="'no_such' is not a notice type"):
        svc.notices.draft_particulars(case, "no_such")

    manager(ctx).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2", tmp_path / "drafted")
    notice = whole_text(tmp_path / "drafted" / "01-notice.pdf")
    for paragraph in paragraphs:  # the pack drafts exactly what the officer was shown
        assert " ".join(paragraph.split()) in notice


def test_pack_uses_the_officers_particulars_and_records_it(ctx: Context, case: str, tmp_path: Path) -> None:
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    own = ("1. On 20/11/2026 from 22:05 the tenant played music so loud that a neighbour could not sleep.\n\n"
           "2. The tenant was warned in writing on 21/11/2026 and carried on — «ça continue».")
    info = svc.notices.pack(case, "s83_ground2", tmp_path / "pack", particulars=own)
    notice = whole_text(tmp_path / "pack" / "01-notice.pdf")
    assert "1. On 20/11/2026 from 22:05 the tenant played music so loud that a neighbour could not sleep. 2. The " \
           "tenant was warned in writing on 21/11/2026 and carried on — «ça continue»." in notice
    assert "saw it from the landing" not in notice  # replaced, not added to
    assert "[withheld] saw it from the landing" in whole_text(tmp_path / "pack" / "03-schedule-of-incidents.pdf")
    trail = audit_of(ctx, case)
    assert ("change", "notice_particulars", "The particulars of notice 1 were edited by the officer (2 paragraphs)") \
        in trail
    assert ("create", "notice", f"Notice pack 1 generated: {info.title} (particulars written by the officer)") in trail
    assert [f["file"] for f in info.files] == sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert all((info.folder / f["file"]).is_file() for f in info.files)


def withheld_neighbour(ctx: Context, ref: str) -> None:
    """A second witness, withheld, with a name and address in the embedded font's script."""
    from asb_desktop.services.kernel.inputs import PartyInput, PersonInput

    svc = Services(ctx)
    uid = svc.parties.add(ref, PartyInput(role="witness", person=PersonInput(
        first_names="Gráinne", surname="O'Hara", address="Flat 9, Æthelred Court", postcode="E1 6AN")))
    svc.parties.set_withheld(ref, uid, True, "Afraid of reprisals")


@pytest.mark.parametrize("typed", ["李 小龍", "小龍", WITNESS_PHONE, "Gráinne O'Hara", "o'hara", "Flat 9"])
def test_particulars_naming_a_withheld_person_stop_the_pack_leaving_nothing(
        ctx: Context, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    import tempfile

    from asb_desktop.storage.orm_court import Notice

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the pack is made before it is checked
    withheld_neighbour(ctx, case)
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    own = f"1. On 20/11/2026 at 22:05 the tenant played loud music, as {typed} saw from the landing."
    with pytest.raises(RuleBlocked, match=r"The particulars contain the (name|address|contact details) of the "
                                          r"withheld witness \([12]\)\. .*Nothing was saved") as refused:
        svc.notices.pack(case, "s83_ground2", tmp_path / "pack", particulars=own)
    assert typed.casefold() not in str(refused.value).casefold()
    assert not (tmp_path / "pack").exists() and list(scratch.iterdir()) == []
    assert not (ctx.data_dir / "court" / case / "notices").exists()
    with ctx.session() as s:
        assert s.scalars(select(Notice)).all() == []
    assert not any(a[:2] == ("change", "notice_particulars") for a in audit_of(ctx, case))


@pytest.mark.parametrize("typed", [WITNESS_PHONE, "Gráinne O'Hara", "Flat 9"])
def test_the_finished_pdfs_are_searched_too(ctx: Context, case: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """Should the check on the typed text ever miss a name, the pack's PDFs are searched as a bundle's are
    (only for what the font can show: a name in a script it lacks, like 李小龍, is not in the PDF's text)."""
    import tempfile

    from asb_desktop.services.court import notices

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(notices, "search_text", lambda *_a, **_k: [])
    withheld_neighbour(ctx, case)
    manager(ctx).notices.approve(case, "s83_ground2")
    own = f"1. On 20/11/2026 at 22:05 the tenant played loud music, as {typed} saw from the landing."
    with pytest.raises(RuleBlocked, match=r"The notice pack was not made: it would contain the (name|address|contact "
                                          r"details) of the withheld witness \([12]\) on page 1 \(Notice\)") as refused:
        Services(ctx).notices.pack(case, "s83_ground2", tmp_path / "pack", particulars=own)
    assert typed.casefold() not in str(refused.value).casefold() and "Nothing was saved" in str(refused.value)
    assert not (tmp_path / "pack").exists() and list(scratch.iterdir()) == []
    assert not (ctx.data_dir / "court" / case / "notices").exists() and Services(ctx).notices.list(case) == []
    info = Services(ctx).notices.pack(case, "s83_ground2", tmp_path / "pack", particulars=own.replace(typed, "a neighbour"))
    assert info.number == 1 and "as a neighbour saw" in whole_text(tmp_path / "pack" / "01-notice.pdf")


def test_empty_particulars_are_refused_in_plain_english(ctx: Context, case: str, tmp_path: Path) -> None:
    from asb_desktop.services.kernel.errors import ValidationError

    manager(ctx).notices.approve(case, "s83_ground2")
    for blank in ("", "   ", "\n\n \t\n"):
        with pytest.raises(ValidationError, match="particulars: are empty: write the conduct relied on"):
            Services(ctx).notices.pack(case, "s83_ground2", tmp_path / "pack", particulars=blank)
    assert not (tmp_path / "pack").exists() and Services(ctx).notices.list(case) == []


def test_a_rule_set_by_the_tenancy_agreement_is_recorded_and_named_on_the_certificate(ctx: Context, case: str,
                                                                                       tmp_path: Path) -> None:
    from asb_desktop.services.kernel.errors import ValidationError

    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    svc.notices.pack(case, "s83_ground2")
    rule = "Tenancy agreement clause 12.3: a notice left at the property is served the day after it is left"
    for kwargs, option in (({"agreement_rule": rule}, "--deemed-on"),
                           ({"deemed_on": "23/11/2026"}, "--agreement-rule"),
                           ({"agreement_rule": rule, "deemed_on": "31/11/2026"}, "--deemed-on"),
                           ({"agreement_rule": rule, "deemed_on": "19/11/2026"}, "--deemed-on")):
        with pytest.raises(ValidationError) as err:
            svc.notices.served(case, 1, "letterbox", datetime(2026, 11, 20, 10, 0), **kwargs)
        assert err.value.field == option
    served = svc.notices.served(case, 1, "letterbox", datetime(2026, 11, 20, 10, 0), "Sam Server",
                                agreement_rule=rule, deemed_on="21/11/2026")
    assert served.deemed_served_on == date(2026, 11, 21) and served.service_rule == f"Recorded rule: {rule}"
    cert = " ".join(page_text(served.folder / "05-certificate-of-service.pdf", 1).split())
    assert "Rule used for the deemed date Recorded rule: Tenancy agreement clause 12.3" in cert, cert
    assert "21/11/2026" in cert
    again = svc.notices.served(case, 1, "letterbox", datetime(2026, 11, 20, 17, 0), "Sam Server")
    assert again.deemed_served_on == date(2026, 11, 23)
    cert = " ".join(page_text(again.folder / "05-certificate-of-service.pdf", 1).split())
    assert "Rule used for the deemed date CPR 6.26, Delivering the document to or leaving it at a permitted " \
           "address" in cert, cert


def _introductory(ctx: Context, ref: str) -> None:
    from asb_desktop.storage.orm import Tenancy

    with ctx.session() as s:
        for t in s.scalars(select(Tenancy)):
            t.tenancy_type = "introductory"
        s.commit()


def test_s128_notice_says_after_a_definite_date_and_the_certificate_matches(ctx: Context, case: str,
                                                                          tmp_path: Path) -> None:
    import subprocess

    _introductory(ctx, case)
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s128_introductory")
    # posted first class on Fri 4 Dec 2026: deemed served Mon 7 Dec (CPR 6.26); 28 days on is 4 January 2027
    info = svc.notices.pack(case, "s128_introductory", tmp_path / "pack", service_method="first_class_post",
                            service_at="2026-12-04 10:00")
    assert info.specified_on == date(2027, 1, 4)
    notice = " ".join(subprocess.run(["pdftotext", str(tmp_path / "pack" / "01-notice.pdf"), "-"],
                                     capture_output=True, text=True, check=True).stdout.split())
    assert "Proceedings for the possession of the dwelling-house may be begun after 4 January 2027. The court " \
           "will not entertain proceedings begun on or before that date." in notice, notice
    assert "on or after" not in notice and "If it is delivered" not in notice
    later = Services(Context(ctx.engine, ctx.actor, ctx.data_dir, clock=lambda: datetime(2026, 12, 10, 12, 0)))
    # posted on Wed 9 Dec instead: deemed Fri 11 Dec, so the notice's date would have to be 8 January at least
    with pytest.raises(RuleBlocked, match="says proceedings may be begun after 04/01/2027") as err:
        later.notices.served(case, 1, "first_class_post", datetime(2026, 12, 9, 10, 0), "Sam Server")
    assert "no earlier than 08/01/2027" in str(err.value) and later.notices.list(case)[0].served_at is None
    # delivered by hand on 4 Dec, earlier than the post would have been: the date the notice names governs
    served = later.notices.served(case, 1, "by_hand", datetime(2026, 12, 4, 9, 0), "Sam Server")
    assert served.specified_on == date(2027, 1, 4) and served.earliest_proceedings_on == date(2027, 1, 5)
    cert = " ".join(subprocess.run(["pdftotext", str(served.folder / "05-certificate-of-service.pdf"), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "Date specified in the notice (proceedings may be begun after it) 04/01/2027" in cert, cert
    assert "Earliest date proceedings may be begun 05/01/2027" in cert
    assert "Rule used for the deemed date CPR 6.26, Delivering the document to or leaving it at a permitted " \
           "address" in cert


def test_a_notice_is_signed_by_a_named_person_with_authority_never_the_default_account(ctx: Context, case: str,
                                                                                       tmp_path: Path) -> None:
    from asb_desktop.services.kernel.errors import ValidationError

    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s83_ground2")
    with pytest.raises(RuleBlocked, match="'root' is a default or system account, not a named person"):
        svc.notices.pack(case, "s83_ground2", signed_by="root")
    with pytest.raises(ValidationError) as err:
        svc.notices.pack(case, "s83_ground2", signed_by="nobody.here")
    assert err.value.field == "--signed-by"
    signers = svc.notices.signatories(case, "s83_ground2")  # what the window offers under "Signed by"
    assert signers[0].suggested and signers[0].name == "Siobhán Ní Bhriain (manager)"
    assert sum(x.suggested for x in signers) == 1 and "root" not in {x.username for x in signers}
    # the signed-in account here is the computer's default one, so the approving manager signs
    info = svc.notices.pack(case, "s83_ground2", tmp_path / "pack")
    assert info.signed_by == "Siobhán Ní Bhriain (manager)"
    notice = " ".join(page_text(tmp_path / "pack" / "01-notice.pdf", pdfinfo_pages(tmp_path / "pack" /
                                                                                "01-notice.pdf")).split())
    assert "Name: Siobhán Ní Bhriain (manager), for and on behalf of" in notice, notice


def test_tenancy_option_never_overrides_the_recorded_tenancy(ctx: Context, case: str) -> None:
    svc = Services(ctx)
    manager(ctx).notices.approve(case, "s128_introductory")
    with pytest.raises(RuleBlocked, match="The case records a secure tenancy; --tenancy introductory cannot "
                                          "override it"):
        svc.notices.pack(case, "s128_introductory", tenancy_type="introductory")
    with pytest.raises(RuleBlocked, match="it applies to introductory tenancies, not secure"):
        svc.notices.pack(case, "s128_introductory")


def test_court_email_limit_is_a_setting_read_by_the_bundle_service(ctx: Context) -> None:
    from dataclasses import replace

    from asb_desktop.court.preflight import EMAIL_LIMIT
    from asb_desktop.services.kernel.errors import ValidationError
    from asb_desktop.services.kernel.org_settings import OrgSettingsService

    org = OrgSettingsService(ctx)
    assert Services(ctx).bundles.email_limit() == EMAIL_LIMIT == 36 * 1024 * 1024
    org.save(replace(org.get(), court_email_limit_mb="20"))
    assert Services(ctx).bundles.email_limit() == 20 * 1024 * 1024
    assert Services(ctx).bundles.email_limit(1000) == 1000
    with pytest.raises(ValidationError, match="court e-mail limit: 'lots' is not a size in MB"):
        org.save(replace(org.get(), court_email_limit_mb="lots"))
