"""What a court bundle must hold for its hearing, as a pure rule over facts the service gathers.

- Possession (CPR 55, Housing Act 1985 s83 / 1988 s8 / 1996 s128): the notice served on the tenant
  and its certificate of service (CPR 6.17(2)(a), form N215), so the court can see the notice was
  served and when; a notice with no recorded service, or served but without its certificate in the
  bundle, is pointed out.
- Committal (CPR 81.4(2)): the order said to be breached, with its penal notice (CPR 81.9(1): a
  warning displayed prominently on the front of the order), and proof that the order was served
  (or of the defendant's knowledge of it).
- Injunction (Part 1 Anti-social Behaviour, Crime and Policing Act 2014; CPR 65.43): the claim form (N16A)
  stating the terms of the injunction applied for and that the respondent may get legal representation
  and legal aid without a means test (CPR 65.43(2)(a), (2)(d), (3)); the draft order; the witness
  statement filed with it (CPR 65.43(2)(c)); and, when the respondent will be under 18, evidence that the
  local youth offending team was consulted (s14(1)(a) of the 2014 Act). The list is data: ``INJUNCTION``.
- Any hearing: evidence held on the case that is not exhibited is listed, so the officer decides
  rather than forgets (PD 32 11-15: an exhibit is identified by the witness's mark in a statement);
  an exhibit whose stored file no longer matches the SHA-256 recorded when it was taken in stops
  the build: the court would otherwise receive something other than what the witness produced.

Missing documents are warnings: the officer may be building an early draft, or hold a document
outside the app. A changed exhibit is a stop.

See docs/law.md, "The court bundle".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .interviews import age_on

STOP, WARN = "stop", "warn"

ORDER = re.compile(r"\border\b", re.I)
NOT_THE_ORDER = re.compile(r"\bdraft\b|\bapplication\b", re.I)
PENAL_NOTICE = re.compile(r"penal\s+notice|if\s+you\s+(?:do\s+not\s+comply|disobey)", re.I)
CLAIM_FORM = re.compile(r"claim\s+form|\bN16A\b|\bN208\b|application\s+for\s+(?:an?\s+)?(?:civil\s+)?injunction",
                        re.I)
DRAFT_ORDER = re.compile(r"draft\b.*\b(?:order|injunction)|(?:order|injunction)\b.*\bdraft|terms\s+of\s+the\s+"
                         r"injunction", re.I)
LEGAL_AID = re.compile(r"legal\s+aid", re.I)
YOT_CONSULTED = re.compile(r"youth\s+offending|\bYOT\b|youth\s+justice", re.I)
PROOF_OF_SERVICE = re.compile(r"certificate\s+of\s+service|proof\s+of\s+service|statement\s+of\s+service|"
                              r"affidavit\s+of\s+service|\bN215\b", re.I)


@dataclass(frozen=True)
class NoticeFact:
    number: int
    title: str
    served: bool  # service recorded (method and date)
    in_bundle: bool  # the notice itself
    certificate_in_bundle: bool  # its certificate of service
    defects: tuple[str, ...] = ()  # what is missing from the notice as made (notice_rules.made_notice_defects)


@dataclass(frozen=True)
class DocumentFact:
    """A document the officer added (claim form, order, certificate ...), as it stands in the bundle."""

    title: str
    in_bundle: bool
    text: str = ""  # the first pages' text, for a penal notice printed on the order itself


@dataclass(frozen=True)
class EvidenceFact:
    label: str  # e.g. "photo kitchen.jpg (added 01/02/2026)"
    marks: tuple[str, ...]  # exhibit marks; none: not exhibited
    in_bundle: bool
    recorded_sha256: str
    stored_sha256: str | None  # the file as it is now; None: not checked (not an exhibit in the bundle)


@dataclass(frozen=True)
class BundleFacts:
    hearing: str  # possession | injunction | committal
    notices: Sequence[NoticeFact] = ()
    documents: Sequence[DocumentFact] = ()
    evidence: Sequence[EvidenceFact] = ()
    statements: int = 0  # witness statements in the bundle
    respondent_under_18: bool | None = None  # the alleged perpetrator on the hearing's date; None: no date of birth


@dataclass(frozen=True)
class Finding:
    severity: str  # "stop" (the bundle is not built) or "warn"
    document: str
    problem: str

    def __str__(self) -> str:
        return f"{self.severity.upper()}: {self.document}: {self.problem}"


def changed_exhibits(facts: BundleFacts) -> list[Finding]:
    """Exhibits in the bundle whose stored file no longer hashes to the SHA-256 recorded at intake."""
    out = []
    for e in facts.evidence:
        if e.in_bundle and e.marks and e.stored_sha256 is not None and e.stored_sha256 != e.recorded_sha256:
            out.append(Finding(STOP, f"Exhibit {e.marks[0]}",
                               f"its stored file no longer matches the SHA-256 recorded at intake "
                               f"({e.recorded_sha256}; it now hashes to {e.stored_sha256}). It may have been "
                               "changed or damaged, so it was not put in the bundle. Run 'asb evidence verify' "
                               "and restore it from a backup."))
    return out


def _possession(facts: BundleFacts) -> list[Finding]:
    out: list[Finding] = []
    in_bundle = [n for n in facts.notices if n.in_bundle]
    if not in_bundle:
        served = [n for n in facts.notices if n.served]
        problem = ("a possession claim rests on the notice served on the tenant; put the served notice and its "
                   "certificate of service in the bundle") if served else \
            ("no notice seeking possession has been served on this case; a possession claim needs the served "
             "notice and its certificate of service")
        return [Finding(WARN, "the bundle", problem)]
    for n in in_bundle:
        name = f"Notice {n.number} ({n.title})"
        out += [Finding(WARN, name, problem) for problem in n.defects]
        if not n.served:
            out.append(Finding(WARN, name, "its service is not recorded: record how and when it was served, so "
                               "the certificate of service is completed and the bundle can show it"))
        elif not n.certificate_in_bundle:
            out.append(Finding(WARN, name, "its certificate of service is not in the bundle: add it, so the court "
                               "can see the notice was served and when"))
    return out


def _committal(facts: BundleFacts) -> list[Finding]:
    docs = [d for d in facts.documents if d.in_bundle]
    orders = [d for d in docs if ORDER.search(d.title) and not NOT_THE_ORDER.search(d.title)
              and not PROOF_OF_SERVICE.search(d.title)]
    out: list[Finding] = []
    if not orders:
        out.append(Finding(WARN, "the bundle", "a committal bundle needs the order said to have been breached: "
                           "add it (asb bundle add ... --title \"Injunction order of ...\")"))
    if not any(PENAL_NOTICE.search(d.title) or PENAL_NOTICE.search(d.text) for d in orders) \
            and not any(PENAL_NOTICE.search(d.title) for d in docs):
        out.append(Finding(WARN, "the bundle", "no penal notice found: the order breached must carry a penal "
                           "notice on its front (CPR 81.9); add the order with its penal notice"))
    if not any(PROOF_OF_SERVICE.search(d.title) for d in docs):
        out.append(Finding(WARN, "the bundle", "no proof that the order was served: add the certificate of "
                           "service (N215) or statement of service of the order"))
    return out


@dataclass(frozen=True)
class Required:
    """A document a hearing's bundle needs: found by its title (and, where the rule says what it must state,
    by that wording in its first pages' text, when those were read)."""

    what: str
    title: re.Pattern[str]
    authority: str
    fix: str
    says: re.Pattern[str] | None = None  # what the document must state
    says_what: str = ""
    only_under_18: bool = False  # required only when the respondent will be under 18


# An injunction under section 1 of the Anti-social Behaviour, Crime and Policing Act 2014 (docs/law.md, "The court
# bundle"). The witness statement (CPR 65.43(2)(c)) is checked from the statements in the bundle.
INJUNCTION = (
    Required("the claim form (N16A) stating the terms of the injunction applied for", CLAIM_FORM,
             "CPR 65.43(2)(a) and (3)", 'add it: asb bundle add REF claim.pdf --title "Claim form N16A"',
             LEGAL_AID, "that the respondent is entitled to a reasonable opportunity to obtain legal representation "
             "and to apply for legal aid, which may be available without any means test (CPR 65.43(2)(d))"),
    Required("the draft order (the prohibitions and requirements sought, any power of arrest)", DRAFT_ORDER,
             "CPR 65.43(3)(b); sections 1(4) and 4 of the 2014 Act",
             'add it: asb bundle add REF draft-order.pdf --title "Draft injunction order"'),
    Required("evidence that the local youth offending team was consulted about the application", YOT_CONSULTED,
             "section 14(1)(a) Anti-social Behaviour, Crime and Policing Act 2014 (a respondent under 18)",
             'add the consultation letter or record: asb bundle add REF yot.pdf --title "Consultation with the '
             'youth offending team"', only_under_18=True),
)


def _required(facts: BundleFacts, needed: Sequence[Required]) -> list[Finding]:
    docs = [d for d in facts.documents if d.in_bundle]
    out: list[Finding] = []
    for r in needed:
        if r.only_under_18 and not facts.respondent_under_18:
            continue
        found = [d for d in docs if r.title.search(d.title)]
        if not found:
            out.append(Finding(WARN, "the bundle", f"an injunction bundle needs {r.what} ({r.authority}): {r.fix}"))
        elif r.says is not None and any(d.text for d in found) and \
                not any(r.says.search(d.text) for d in found if d.text):
            out.append(Finding(WARN, found[0].title, f"it does not say {r.says_what}: the application must include "
                               "that statement"))
    return out


def under_18_on(births: Sequence[date | None], on: date) -> bool | None:
    """Whether any respondent will be under 18 on ``on`` (None: no date of birth recorded for any)."""
    known = [b for b in births if b is not None]
    return any(age_on(b, on) < 18 for b in known) if known else None


def _injunction(facts: BundleFacts) -> list[Finding]:
    out = _required(facts, INJUNCTION)
    if not facts.statements:
        out.append(Finding(WARN, "the bundle", "an injunction application must be supported by a witness statement "
                           "filed with the claim form (CPR 65.43(2)(c)): put the signed statements in the bundle"))
    if facts.respondent_under_18:
        out.append(Finding(WARN, "the bundle", "the respondent will be under 18: the application is made to the youth "
                           "court, not the county court (section 1(8)(a) of the 2014 Act)"))
    return out


def unexhibited(facts: BundleFacts) -> list[Finding]:
    """Evidence on the case that is neither exhibited nor otherwise in the bundle, listed in one finding."""
    left = [e.label for e in facts.evidence if not e.marks and not e.in_bundle]
    if not left:
        return []
    return [Finding(WARN, "the bundle", f"{len(left)} evidence item(s) on the case are not exhibited, so they are "
                    f"not in the bundle: {'; '.join(left)}. Exhibit any the court should see.")]


def check_bundle(facts: BundleFacts) -> list[Finding]:
    """Every finding for this hearing's bundle: stops first."""
    found = changed_exhibits(facts)
    if facts.hearing == "possession":
        found += _possession(facts)
    elif facts.hearing == "committal":
        found += _committal(facts)
    elif facts.hearing == "injunction":
        found += _injunction(facts)
    found += unexhibited(facts)
    return found
