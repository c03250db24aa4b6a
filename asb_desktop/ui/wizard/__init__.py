"""The new report wizard (2024 section 5), one file per step."""

from .wizard import NewReportWizard

__all__ = ["NewReportWizard"]
