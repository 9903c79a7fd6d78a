from ops_admin.models.analytics import (
    AnalyticsEvent,
    Cohort,
    CohortMembership,
    DailyKpi,
    UserDailyAnalytics,
)
from ops_admin.models.logs import ApiLog, ErrorGroup, ErrorOccurrence
from ops_admin.models.retention import RetentionRun

from .support import CannedAnswer, SupportCategory, SupportInquiry, SupportMessage

__all__ = [
    "AnalyticsEvent",
    "ApiLog",
    "CannedAnswer",
    "Cohort",
    "CohortMembership",
    "DailyKpi",
    "ErrorGroup",
    "ErrorOccurrence",
    "RetentionRun",
    "SupportCategory",
    "SupportInquiry",
    "SupportMessage",
    "UserDailyAnalytics",
]
