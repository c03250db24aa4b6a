"""Noise triage on a case (issue 22): the officer answers the checklist in ``forms/noise_triage.toml``,
``domain.noise_triage.decide`` routes the report to the ASB procedure or to Good Neighbourhood
Management (GNM), and the answers, the track and the reason are kept on the case and audited. The
report counts noise cases by track (reporting roles only)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ...domain import noise_triage
from ...domain.enums import NoiseTrack, Role
from ...domain.forms import FormError
from ...domain.noise_triage import NoiseChecklist, NoiseDecision
from ...storage.orm import Case, CaseCategory, Category
from ..kernel.access import require_role
from ..kernel.case_file import open_case
from ..kernel.context import Context
from ..kernel.errors import Conflict, ValidationError

REPORTING = (Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR)
NOISE_CATEGORY = "Noise"
#: the letters of the GNM track (forms/letters/gnm_*.toml)
GNM_LETTERS = ("gnm_advice_complainant", "gnm_advice_neighbour", "gnm_mediation_offer_complainant",
               "gnm_mediation_offer")


@dataclass(frozen=True)
class NoiseTracks:
    """How many noise reports went to each track (received between ``since`` and ``until``)."""

    since: date | None
    until: date | None
    counts: dict[str, int] = field(default_factory=dict)  # NoiseTrack value or "" (not triaged) -> cases
    references: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[str, int]]:
        out = [(NoiseTrack(k).label, self.counts.get(k, 0)) for k in (NoiseTrack.ASB.value, NoiseTrack.GNM.value)]
        return [*out, ("Not triaged yet", self.counts.get("", 0))]


def parse_answers(pairs: list[str]) -> dict[str, str]:
    """``["time=01:30", "footsteps=yes"]`` -> a dict; a pair without "=" is refused naming it."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationError("answers", f"'{pair}' is not QUESTION=ANSWER (for example footsteps=yes, time=23:30)")
        out[key.strip()] = value.strip()
    return out


class NoiseService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @staticmethod
    def checklist() -> NoiseChecklist:
        return noise_triage.load_noise_checklist()

    @staticmethod
    def decide(answers: Mapping[str, object]) -> NoiseDecision:
        """The decision for these answers, without recording it (the dialog's preview)."""
        try:
            return noise_triage.decide(noise_triage.load_noise_checklist(), answers)
        except FormError as exc:
            raise ValidationError("answers", str(exc)) from None

    def triage(self, reference: str, answers: Mapping[str, object],
               expected_version: int | None = None) -> NoiseDecision:
        """Record the noise triage on the case: the answers, the track and the reason, audited."""
        checklist = noise_triage.load_noise_checklist()
        try:
            cleaned = noise_triage.clean_answers(checklist, answers)
            decision = noise_triage.decide(checklist, cleaned)
        except FormError as exc:
            raise ValidationError("answers", str(exc)) from None
        now = self.ctx.now()
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            if expected_version is not None and case.version != expected_version:
                raise Conflict(f"Case {case.reference} was changed by someone else; reload it and triage again.")
            before = case.noise_track
            case.noise_answers, case.noise_track, case.noise_reason = cleaned, decision.track.value, decision.reason
            case.updated_at = now
            self.ctx.audit(s, "change", "case", case.id, case.reference,
                           f"Noise triage: {decision.track.label}", before=before, after=decision.track.value,
                           reason=decision.reason)
        return decision

    def tracks(self, since: date | None = None, until: date | None = None) -> NoiseTracks:
        """Noise cases (the Noise category, or any case triaged) received in the period, by track."""
        require_role(self.ctx.actor, *REPORTING, doing="run the noise report")
        if since and until and until < since:
            raise ValidationError("until", "the end of the period is before its start")
        with self.ctx.session() as s:
            noise = select(CaseCategory.case_id).join(Category).where(Category.name == NOISE_CATEGORY)
            query = select(Case.reference, Case.noise_track).where(
                Case.id.in_(noise) | Case.noise_track.is_not(None))
            if since:
                query = query.where(Case.received_at >= datetime.combine(since, time()))
            if until:
                query = query.where(Case.received_at < datetime.combine(until + timedelta(days=1), time()))
            counts: Counter[str] = Counter()
            refs: dict[str, list[str]] = {}
            for ref, track in s.execute(query.order_by(Case.reference)):
                counts[track or ""] += 1
                refs.setdefault(track or "", []).append(ref)
            self.ctx.audit(s, "view", "report", "noise_tracks", None, "Ran the noise tracks report",
                           **{k or "untriaged": v for k, v in counts.items()})
        return NoiseTracks(since, until, dict(counts), refs)
