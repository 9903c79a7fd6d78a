"""Coaching's usage probe for billing's 7-day withdrawal (``billing.usage``): a subscriber who
ran an AI service or reading, or wrote to the AI chat, in the period has used the paid service."""

from __future__ import annotations

from datetime import datetime

from coaching.enums import ChatRole, ResultStatus
from coaching.models import ChatMessage, ServiceResult


def coaching_used(user, start: datetime, end: datetime) -> bool:
    """An AI service run that was not returned (failed/paused runs give the credits back), or a
    chat message the user sent, in ``[start, end)``."""
    ran = ServiceResult.objects.filter(
        user=user,
        created_at__gte=start,
        created_at__lt=end,
        status__in=(ResultStatus.PENDING, ResultStatus.SUCCEEDED),
    )
    chatted = ChatMessage.objects.filter(
        conversation__user=user,
        role=ChatRole.USER,
        created_at__gte=start,
        created_at__lt=end,
    )
    return ran.exists() or chatted.exists()
