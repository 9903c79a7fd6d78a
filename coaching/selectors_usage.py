"""The AI usage report for operators: calls, tokens, cost, failures, latency per prompt and day."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from coaching.enums import FAILED_CALL_STATUSES, CallStatus
from coaching.models import AICallLog


def usage_by_prompt_and_day(*, days: int = 7) -> list[dict]:
    since = timezone.now() - timedelta(days=days)
    rows = (
        AICallLog.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "prompt_name", "prompt_version")
        .annotate(
            calls=Count("id"),
            offline=Count("id", filter=Q(status=CallStatus.OFFLINE)),
            failures=Count("id", filter=Q(status__in=FAILED_CALL_STATUSES)),
            tokens_in=Sum("tokens_in"),
            tokens_out=Sum("tokens_out"),
            cost=Sum("cost_micro_usd"),
            avg_latency=Avg("latency_ms", filter=Q(status=CallStatus.OK)),
        )
        .order_by("-day", "prompt_name", "prompt_version")
    )
    return [{**row, "cost_usd": f"{(row['cost'] or 0) / 1_000_000:.4f}"} for row in rows]
