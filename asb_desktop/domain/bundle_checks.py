"""What a court bundle must hold for its hearing, as a pure rule over facts the service gathers.

- Possession (CPR 55, Housing Act 1985 s83 / 1988 s8 / 1996 s128): the notice served on the tenant
  and its certificate of service (CPR 6.17(2)(a), form N215), so the court can see the notice was
  served and when; a notice with no recorded service, or served but without its certificate in the
  bundle, is pointed out.
- Committal (CPR 81.4(2)): the order said to be breached, with its penal notice (CPR 81.9(1): a
  warning displayed prominently on the front of the order), and proof that the order was served
  (or of the defendant's knowledge of it).
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

STOP, WARN = "stop", "warn"

ORDER = re.compile(r"\border\b", re.I)
NOT_THE_ORDER = re.compile(r"\bdraft\b|\bapplication\b", re.I)
PENAL_NOTICE = re.compile(r"penal\s+notice|if\s+you\s+(?:do\s+not\s+comply|disobey)", re.I)
PROOF_OF_SERVICE = re.compile(r"certificate\s+of\s+service|proof\s+of\s+service|statement\s+of\s+service|"
                              r"affidavit\s+of\s+service|\bN215\b", re.I)


@dataclass(frozen=True)
class NoticeFact:
    number: int
    title: str
    served: bool  # service recorded (method and date)
    in_bundle: bool  # the notice itself
    certificate_in_bundle: bool  # its certificate of service


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
    found += unexhibited(facts)
    return found
