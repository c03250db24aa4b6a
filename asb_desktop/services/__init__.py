"""Use cases over the case file. Services take a Context and return plain data, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .kernel.context import Context

if TYPE_CHECKING:  # each service module is imported when first used, so the window starts fast
    from sqlalchemy import Engine

    from .admin.retention import RetentionService
    from .admin.sar import SarService
    from .admin.users import UserService
    from .casework.activity import ActivityService
    from .casework.case_records import CaseRecordsService, PartnerService
    from .casework.case_review import CaseReviewService
    from .casework.cases import CaseService
    from .casework.interviews import InterviewService
    from .casework.noise import NoiseService
    from .casework.parties import PartyService
    from .casework.publicity import PublicityService
    from .casework.queries import QueryService
    from .casework.remedies import RemedyService
    from .casework.reports import ReportService
    from .casework.review_group import ReviewGroupService
    from .casework.risk import RiskService
    from .casework.tenancy_checks import TenancyCheckService
    from .casework.tenancy_terms import TenancyTermsService
    from .casework.today import TodayService
    from .casework.tsm import TsmService
    from .court.bundles import BundleService
    from .court.notices import NoticeService
    from .documents.complaint_pack import ComplaintPackService
    from .documents.documents import DocumentService
    from .documents.review_pack import ReviewPackService
    from .documents.statement_signing import SigningService
    from .documents.statements import StatementService
    from .documents.witness_support import WitnessSupportService
    from .evidence.diary import DiaryService
    from .evidence.evidence import EvidenceService


@dataclass
class Services:
    ctx: Context

    @property
    def cases(self) -> CaseService:
        from .casework.cases import CaseService

        return CaseService(self.ctx)

    @property
    def records(self) -> CaseRecordsService:
        """The police (6.3-6.4), safeguarding discussions (7.7.2, 8.4.2), information sharing (12.1)."""
        from .casework.case_records import CaseRecordsService

        return CaseRecordsService(self.ctx)

    @property
    def partners(self) -> PartnerService:
        from .casework.case_records import PartnerService

        return PartnerService(self.ctx)

    @property
    def activity(self) -> ActivityService:
        from .casework.activity import ActivityService

        return ActivityService(self.ctx)

    @property
    def interviews(self) -> InterviewService:
        from .casework.interviews import InterviewService

        return InterviewService(self.ctx)

    @property
    def risk(self) -> RiskService:
        from .casework.risk import RiskService

        return RiskService(self.ctx)

    @property
    def remedies(self) -> RemedyService:
        from .casework.remedies import RemedyService

        return RemedyService(self.ctx)

    @property
    def queries(self) -> QueryService:
        from .casework.queries import QueryService

        return QueryService(self.ctx)

    @property
    def today(self) -> TodayService:
        from .casework.today import TodayService

        return TodayService(self.ctx)

    @property
    def users(self) -> UserService:
        from .admin.users import UserService

        return UserService(self.ctx)

    @property
    def reports(self) -> ReportService:
        from .casework.reports import ReportService

        return ReportService(self.ctx)

    @property
    def complaint_pack(self) -> ComplaintPackService:
        from .documents.complaint_pack import ComplaintPackService

        return ComplaintPackService(self.ctx)

    @property
    def tsm(self) -> TsmService:
        from .casework.tsm import TsmService

        return TsmService(self.ctx)

    @property
    def sar(self) -> SarService:
        """UK GDPR Art. 15: subject access requests, answered within one month (Art. 12(3))."""
        from .admin.sar import SarService

        return SarService(self.ctx)

    @property
    def retention(self) -> RetentionService:
        """UK GDPR Art. 5(1)(e): the retention schedule, legal holds and deletion of cases due."""
        from .admin.retention import RetentionService

        return RetentionService(self.ctx)

    @property
    def noise(self) -> NoiseService:
        from .casework.noise import NoiseService

        return NoiseService(self.ctx)

    @property
    def case_reviews(self) -> CaseReviewService:
        from .casework.case_review import CaseReviewService

        return CaseReviewService(self.ctx)

    @property
    def documents(self) -> DocumentService:
        from .documents.documents import DocumentService

        return DocumentService(self.ctx)

    @property
    def statements(self) -> StatementService:
        """Drafting, editing, comparing and rendering witness statements."""
        from .documents.statements import StatementService

        return StatementService(self.ctx)

    @property
    def signing(self) -> SigningService:
        """Preflight, the witness's review requests, making a statement final, signing."""
        from .documents.statement_signing import SigningService

        return SigningService(self.ctx)

    @property
    def tenancy_checks(self) -> TenancyCheckService:
        """Procedure 3.1 (new-tenant contact) and 4.1-4.3 (pre-tenancy assessments)."""
        from .casework.tenancy_checks import TenancyCheckService

        return TenancyCheckService(self.ctx)

    @property
    def tenancy_terms(self) -> TenancyTermsService:
        """A recorded tenancy's rent period and start date, which the notices' dates are worked out from."""
        from .casework.tenancy_terms import TenancyTermsService

        return TenancyTermsService(self.ctx)

    @property
    def review_group(self) -> ReviewGroupService:
        """Procedure 2024 5.9.1: the colleague review group and escalation."""
        from .casework.review_group import ReviewGroupService

        return ReviewGroupService(self.ctx)

    @property
    def publicity(self) -> PublicityService:
        """Procedure 17: publicity, legal advice for under-18s, court reporting restrictions."""
        from .casework.publicity import PublicityService

        return PublicityService(self.ctx)

    @property
    def witness_support(self) -> WitnessSupportService:
        """Procedure 14.5.5: supporting a witness who must attend court."""
        from .documents.witness_support import WitnessSupportService

        return WitnessSupportService(self.ctx)

    @property
    def review_packs(self) -> ReviewPackService:
        """Review at home: the fillable review pack for the witness, and the returned pack read back."""
        from .documents.review_pack import ReviewPackService

        return ReviewPackService(self.ctx)

    @property
    def evidence(self) -> EvidenceService:
        from .evidence.evidence import EvidenceService

        return EvidenceService(self.ctx)

    @property
    def diary(self) -> DiaryService:
        """Diary sheets and entries (procedure 7.4)."""
        from .evidence.diary import DiaryService

        return DiaryService(self.ctx)

    @property
    def parties(self) -> PartyService:
        from .casework.parties import PartyService

        return PartyService(self.ctx)

    @property
    def notices(self) -> NoticeService:
        from .court.notices import NoticeService

        return NoticeService(self.ctx)

    @property
    def bundles(self) -> BundleService:
        from .court.bundles import BundleService

        return BundleService(self.ctx)


def open_services(engine: Engine, data_dir: Path, username: str | None = None, password: str | None = None) -> Services:
    """Sign in (single-user or team mode) and return the services for that user."""
    from .admin.users import sign_in

    actor = sign_in(engine, username, password)
    return Services(Context(engine, actor, data_dir))
