from ops_admin.models.analytics import (
    AnalyticsEvent,
    Cohort,
    CohortMembership,
    DailyKpi,
    UserDailyAnalytics,
)
from ops_admin.models.logs import ApiLog, ErrorGroup, ErrorOccurrence
from ops_admin.models.retention import RetentionRun

__all__ = [
    "AnalyticsEvent",
    "ApiLog",
    "Cohort",
    "CohortMembership",
    "DailyKpi",
    "ErrorGroup",
    "ErrorOccurrence",
    "RetentionRun",
    "UserDailyAnalytics",
]
