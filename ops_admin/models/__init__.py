from ops_admin.models.analytics import (
    AnalyticsEvent,
    Cohort,
    CohortMembership,
    DailyKpi,
    UserDailyAnalytics,
)
from ops_admin.models.logs import ApiLog, ErrorGroup, ErrorOccurrence
from ops_admin.models.retention import RetentionRun

from .flags import Flag
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
    "Flag",
    "RetentionRun",
    "SupportCategory",
    "SupportInquiry",
    "SupportMessage",
    "UserDailyAnalytics",
]
