"""The procedure's fixed vocabularies.

Each enum is a ``StrEnum`` so its values are stored as readable text in the database and in the
JSON exchange format, and each member has a plain-English ``label`` for screens and documents.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " ").capitalize())

    @classmethod
    def parse(cls, value: str, field: str) -> LabelledEnum:
        """Return the member for ``value`` or raise ``ValueError`` naming the field and choices."""
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise ValueError(f"{field}: '{value}' is not one of: {choices}") from None


class LandlordKind(LabelledEnum):
    """Who the landlord is in law: it decides, for one, whether s85ZA Housing Act 1985 gives a secure
    tenant a statutory review of a decision to seek possession on the absolute ground."""
    PRIVATE_REGISTERED_PROVIDER = "private_registered_provider"
    LOCAL_HOUSING_AUTHORITY = "local_housing_authority"
    HOUSING_ACTION_TRUST = "housing_action_trust"


class Role(LabelledEnum):
    OFFICER = "officer"
    SCHEME_OFFICER = "scheme_officer"
    TEAM_LEADER = "team_leader"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"


class Channel(LabelledEnum):
    TELEPHONE = "telephone"
    WRITING = "writing"
    IN_PERSON = "in_person"
    WEBSITE = "website"
    THIRD_PARTY = "third_party"


class CaseStatus(LabelledEnum):
    NEW = "new"  # logged, first response not yet made
    ACTIVE = "active"  # under investigation
    LEGAL = "legal"  # legal action under way
    CLOSED = "closed"


class ClosureReason(LabelledEnum):
    """The 16.1 reasons: the only ones a case may be closed with."""

    NUISANCE_CEASED = "nuisance_ceased"
    NO_CONTACT_FOUR_WEEKS = "no_contact_four_weeks"
    RESOLVED_NON_LEGAL = "resolved_non_legal"
    RESOLVED_LEGAL = "resolved_legal"


class PartyRole(LabelledEnum):
    COMPLAINANT = "complainant"
    ALLEGED_PERPETRATOR = "alleged_perpetrator"
    WITNESS = "witness"
    PROFESSIONAL_WITNESS = "professional_witness"
    HOUSEHOLD_MEMBER = "household_member"
    THIRD_PARTY_REPORTER = "third_party_reporter"


class ThirdPartyKind(LabelledEnum):
    POLICE = "police"
    MP = "mp"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"


class TenancyType(LabelledEnum):
    SECURE = "secure"
    INTRODUCTORY = "introductory"
    ASSURED = "assured"
    ASSURED_SHORTHOLD = "assured_shorthold"
    LICENCE = "licence"
    LEASEHOLD = "leasehold"
    SHARED_OWNERSHIP = "shared_ownership"


class RentPeriod(LabelledEnum):
    """How often rent falls due on a periodic tenancy; the periods run from the tenancy's start date
    (``domain.notice_to_quit``: the date a landlord's notice to quit could end the tenancy)."""
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"


class ContactMethod(LabelledEnum):
    TELEPHONE = "telephone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    TEXT_MESSAGE = "text_message"
    VIDEO_CALL = "video_call"


class ContactOutcome(LabelledEnum):
    SPOKE = "spoke"  # a successful contact
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    WRONG_NUMBER = "wrong_number"
    SENT = "sent"  # a letter or email sent

    @property
    def failed(self) -> bool:
        return self in (ContactOutcome.NO_ANSWER, ContactOutcome.LEFT_MESSAGE, ContactOutcome.WRONG_NUMBER)


class InterviewKind(LabelledEnum):
    COMPLAINANT = "complainant"  # 7.3
    ALLEGED_PERPETRATOR = "alleged_perpetrator"  # 8.1


class NoteKind(LabelledEnum):
    GENERAL = "general"
    INTERVIEW = "interview"
    AGREED_ACTION = "agreed_action"  # 6.5
    SCHEME_ATTEMPT = "scheme_attempt"  # 2024 5.5: the scheme officer's own attempts
    IDENTIFICATION = "identification"  # 9.2: avenues tried for an unknown perpetrator
    SAFEGUARDING = "safeguarding"  # 7.7, 8.4
    POLICE = "police"  # 6.3, 6.4


class TaskKind(LabelledEnum):
    GENERAL = "general"
    RESPONSE = "response"
    SEND_LETTER = "send_letter"  # 7.6
    COLLEAGUE_RISK_ASSESSMENT = "colleague_risk_assessment"  # 2024 5.9.1
    FULL_RISK_ASSESSMENT = "full_risk_assessment"  # 6.1
    DOMESTIC_ABUSE = "domestic_abuse"  # 11
    SAFEGUARDING_REFERRAL = "safeguarding_referral"
    COMPLAINANT_CONTACT = "complainant_contact"  # 15.1
    PEIA = "peia"  # 14.4
    MANAGER_GUIDANCE = "manager_guidance"


class RemedyKind(LabelledEnum):
    # Non-legal (13.1)
    WARNING_LETTER = "warning_letter"
    ACCEPTABLE_BEHAVIOUR_CONTRACT = "acceptable_behaviour_contract"
    GOOD_NEIGHBOUR_AGREEMENT = "good_neighbour_agreement"
    MEDIATION = "mediation"
    VICTIM_TRANSFER = "victim_transfer"
    DIVERSIONARY_ACTIVITIES = "diversionary_activities"
    # Legal (14.2)
    POSSESSION_DISCRETIONARY = "possession_discretionary"
    POSSESSION_MANDATORY = "possession_mandatory"
    INJUNCTION = "injunction"
    INJUNCTION_WITHOUT_NOTICE = "injunction_without_notice"
    UNDERTAKING = "undertaking"
    COMMITTAL = "committal"
    DEMOTION = "demotion"

    @property
    def legal(self) -> bool:
        return self in LEGAL_REMEDIES


LEGAL_REMEDIES = frozenset(
    {
        RemedyKind.POSSESSION_DISCRETIONARY,
        RemedyKind.POSSESSION_MANDATORY,
        RemedyKind.INJUNCTION,
        RemedyKind.INJUNCTION_WITHOUT_NOTICE,
        RemedyKind.UNDERTAKING,
        RemedyKind.COMMITTAL,
        RemedyKind.DEMOTION,
    }
)


class RemedyStatus(LabelledEnum):
    CONSIDERED = "considered"  # considered, not pursued (reason recorded)
    PROPOSED = "proposed"
    IN_PLACE = "in_place"
    REFUSED_BY_COMPLAINANT = "refused_by_complainant"  # 13.2
    COMPLETED = "completed"
    BREACHED = "breached"


class LinkKind(LabelledEnum):
    REOPENED_FROM = "reopened_from"  # 16.3
    COUNTER_ALLEGATION = "counter_allegation"  # 8.3
    RELATED = "related"


class Forum(LabelledEnum):
    MARAC = "marac"
    MATAC = "matac"
    SOCJAG = "socjag"


class RiskBand(LabelledEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class Satisfaction(LabelledEnum):
    """TP12's five-point scale (Tenant Satisfaction Measures: Tenant Survey Requirements)."""

    VERY_SATISFIED = "very_satisfied"
    FAIRLY_SATISFIED = "fairly_satisfied"
    NEITHER = "neither"
    FAIRLY_DISSATISFIED = "fairly_dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"


class NoiseTrack(LabelledEnum):
    """Where a noise report goes after the noise triage (``domain.noise_triage``)."""

    ASB = "asb"
    GNM = "gnm"


_LABELS: dict[StrEnum, str] = {
    LandlordKind.PRIVATE_REGISTERED_PROVIDER: "Private registered provider (housing association)",
    NoiseTrack.ASB: "ASB procedure",
    NoiseTrack.GNM: "Good Neighbourhood Management",
    Satisfaction.NEITHER: "Neither satisfied nor dissatisfied",
    Role.SCHEME_OFFICER: "Scheme officer",
    Role.TEAM_LEADER: "Team leader",
    Channel.IN_PERSON: "In person",
    Channel.THIRD_PARTY: "Third party",
    CaseStatus.ACTIVE: "Under investigation",
    CaseStatus.LEGAL: "Legal action",
    ClosureReason.NUISANCE_CEASED: "The complainant has said the nuisance has ceased",
    ClosureReason.NO_CONTACT_FOUR_WEEKS: "No further contact, incidents or reports for 4 weeks",
    ClosureReason.RESOLVED_NON_LEGAL: "Resolved through non-legal action",
    ClosureReason.RESOLVED_LEGAL: "Resolved through legal action",
    PartyRole.ALLEGED_PERPETRATOR: "Alleged perpetrator",
    PartyRole.PROFESSIONAL_WITNESS: "Professional witness",
    PartyRole.THIRD_PARTY_REPORTER: "Third-party reporter",
    ThirdPartyKind.MP: "MP",
    TenancyType.ASSURED_SHORTHOLD: "Assured shorthold / starter",
    RentPeriod.WEEKLY: "Weekly",
    RentPeriod.FORTNIGHTLY: "Fortnightly (every 2 weeks)",
    RentPeriod.FOUR_WEEKLY: "Four-weekly (every 4 weeks)",
    RentPeriod.MONTHLY: "Monthly (calendar month)",
    ContactMethod.IN_PERSON: "In person",
    ContactOutcome.SPOKE: "Spoke to them",
    ContactOutcome.NO_ANSWER: "No answer",
    ContactOutcome.SENT: "Sent",
    InterviewKind.ALLEGED_PERPETRATOR: "Alleged perpetrator",
    RemedyKind.ACCEPTABLE_BEHAVIOUR_CONTRACT: "Acceptable Behaviour Contract",
    RemedyKind.GOOD_NEIGHBOUR_AGREEMENT: "Good Neighbour Agreement",
    RemedyKind.VICTIM_TRANSFER: "Transfer of the victim to other accommodation",
    RemedyKind.POSSESSION_DISCRETIONARY: "Possession (discretionary ground)",
    RemedyKind.POSSESSION_MANDATORY: "Possession (mandatory ground)",
    RemedyKind.INJUNCTION_WITHOUT_NOTICE: "Injunction without notice",
    RemedyKind.COMMITTAL: "Committal for breach",
    RemedyKind.DEMOTION: "Demotion of tenancy",
    RemedyStatus.REFUSED_BY_COMPLAINANT: "Refused by the complainant",
    Forum.MARAC: "MARAC",
    Forum.MATAC: "MATAC",
    Forum.SOCJAG: "SOCJAG",
    TaskKind.PEIA: "Proportionality and equality impact assessment",
}
