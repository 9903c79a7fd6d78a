"""Diaries' usage probe for billing's 7-day withdrawal (``billing.usage``): a subscriber whose
diary the AI analysed in the period has used the paid service."""

from __future__ import annotations

from datetime import datetime

from diaries.enums import AnalysisStatus
from diaries.models import Analysis


def diaries_used(user, start: datetime, end: datetime) -> bool:
    """A finished AI analysis of one of the user's entries in ``[start, end)`` (skipped,
    paused and failed runs read nothing back, so they are not use)."""
    return Analysis.objects.filter(
        user=user,
        status=AnalysisStatus.DONE,
        created_at__gte=start,
        created_at__lt=end,
    ).exists()
