"""The console's daily KPIs: a registry of named computations and the rollup that stores
them in ``DailyKpi`` (one row per platform day and KPI, upserted: safe to rerun).

A KPI computes one integer for the platform day [start, end) (Asia/Seoul). Units:
``count``, ``krw`` (minor units = won), ``bp`` (basis points: 1234 = 12.34 %), ``micro_usd``.
A computation returning None means "not available" (the source app has no data model yet),
shown as a dash. Apps that land later add theirs with ``register_kpi`` (see ``bookings``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ops_admin.services.analytics import day_bounds


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str | Promise
    unit: str
    compute: Callable[[dt.date], int | None]
    order: int
    higher_is_better: bool = True


_registry: dict[str, Kpi] = {}


def register_kpi(
    key: str,
    label: str | Promise,
    compute: Callable[[dt.date], int | None],
    *,
    unit: str = "count",
    order: int = 100,
    higher_is_better: bool = True,
) -> None:
    _registry[key] = Kpi(key, label, unit, compute, order, higher_is_better)


def kpis() -> list[Kpi]:
    return sorted(_registry.values(), key=lambda kpi: kpi.order)


def _users():
    return get_user_model().objects.filter(is_staff=False)


def signups(day: dt.date) -> int:
    start, end = day_bounds(day)
    return _users().filter(date_joined__gte=start, date_joined__lt=end).count()


def active_users(day: dt.date, days: int) -> int:
    """Distinct users with any product event in the ``days`` platform days ending ``day``."""
    start, end = day_bounds(day)
    start -= dt.timedelta(days=days - 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT user_id) FROM ops_admin_analytics_event "
            "WHERE occurred_at >= %s AND occurred_at < %s AND user_id IS NOT NULL",
            [start, end],
        )
        return int(cursor.fetchone()[0])


def retention(day: dt.date, after: int) -> int | None:
    """Day-N retention: of the users who signed up N days before ``day``, the share (bp)
    active on ``day``. None when nobody signed up that day."""
    cohort_start, cohort_end = day_bounds(day - dt.timedelta(days=after))
    start, end = day_bounds(day)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT count(*), count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM ops_admin_analytics_event e
                WHERE e.user_id = u.id AND e.occurred_at >= %s AND e.occurred_at < %s))
            FROM {get_user_model()._meta.db_table} u
            WHERE u.is_staff = false AND u.date_joined >= %s AND u.date_joined < %s
              AND u.allow_usage_analytics
            """,  # noqa: S608 - the table name is model metadata; values are parameters
            [start, end, cohort_start, cohort_end],
        )
        cohort, retained = cursor.fetchone()
    return round(retained * 10_000 / cohort) if cohort else None


def mrr(day: dt.date) -> int:
    """Monthly recurring revenue in KRW at the end of ``day``: every paying live subscription's
    period price spread over its months (trials excluded; other currencies not summed)."""
    from billing.enums import SubscriptionStatus
    from billing.models import Subscription

    _start, end = day_bounds(day)
    live = (
        Subscription.objects.filter(
            status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE],
            currency="KRW",
            started_at__lt=end,
        )
        .select_related("plan")
        .only(
            "plan__price",
            "plan__cycle",
            "price_override",
            "price_override_until",
            "agreed_price",
            "quantity",
            "current_period_start",
        )
    )
    return round(sum(sub.amount / sub.plan.cycle_months for sub in live.iterator(2_000)))


def churned(day: dt.date) -> int:
    from billing.enums import SubscriptionStatus
    from billing.models import Subscription

    start, end = day_bounds(day)
    return Subscription.objects.filter(
        ended_at__gte=start,
        ended_at__lt=end,
        status__in=[SubscriptionStatus.CANCELED, SubscriptionStatus.EXPIRED],
    ).count()


def failed_renewals(day: dt.date) -> int:
    from billing.enums import SubscriptionEventType
    from billing.models import SubscriptionEvent

    start, end = day_bounds(day)
    return SubscriptionEvent.objects.filter(
        type=SubscriptionEventType.PAYMENT_FAILED, created_at__gte=start, created_at__lt=end
    ).count()


def ai_cost(day: dt.date) -> int:
    from coaching.models import AICallLog

    start, end = day_bounds(day)
    total = AICallLog.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        total=Sum("cost_micro_usd")
    )["total"]
    return int(total or 0)


def crisis_events(day: dt.date) -> int:
    from diaries.enums import SafetyLevel
    from diaries.models import SafetyEvent

    start, end = day_bounds(day)
    return SafetyEvent.objects.filter(
        level=SafetyLevel.CRISIS, created_at__gte=start, created_at__lt=end
    ).count()


def slips(day: dt.date) -> int:
    from diaries.enums import SlipStatus
    from diaries.models import SlipCondition

    start, end = day_bounds(day)
    return SlipCondition.objects.filter(
        status=SlipStatus.SLIPPED, triggered_at__gte=start, triggered_at__lt=end
    ).count()


def bookings(day: dt.date) -> int | None:
    """Bookings created that day, read through a guard: practitioners is being built and has
    no Booking model yet, so this answers None (a dash) until it does."""
    try:
        booking = apps.get_model("practitioners", "Booking")
    except LookupError:
        return None
    start, end = day_bounds(day)
    if not any(f.name == "created_at" for f in booking._meta.get_fields()):
        return None
    return booking.objects.filter(created_at__gte=start, created_at__lt=end).count()


def support_sla(day: dt.date) -> int | None:
    """Of the inquiries received on ``day``, the share (bp) first answered within the support
    queue's SLA target. Unanswered ones count as missed once the target has passed and are
    left out while they still have time. None when nothing was received."""
    from ops_admin.models import SupportInquiry
    from ops_admin.queues import SUPPORT_QUEUE, queue_definitions

    target = next(
        (q.sla_target for q in queue_definitions() if q.key == SUPPORT_QUEUE),
        dt.timedelta(hours=24),
    )
    start, end = day_bounds(day)
    now = timezone.now()
    inquiries = SupportInquiry.objects.filter(created_at__gte=start, created_at__lt=end)
    met = missed = 0
    for created, answered in inquiries.values_list("created_at", "first_response_at"):
        if answered is not None:
            met, missed = (met + 1, missed) if answered - created <= target else (met, missed + 1)
        elif now - created > target:
            missed += 1
    decided = met + missed
    return round(met * 10_000 / decided) if decided else None


def register_builtin_kpis() -> None:
    register_kpi("signups", _("Sign-ups"), signups, order=10)
    register_kpi("dau", _("Daily active users"), lambda day: active_users(day, 1), order=20)
    register_kpi("wau", _("Weekly active users"), lambda day: active_users(day, 7), order=21)
    register_kpi("mau", _("Monthly active users"), lambda day: active_users(day, 30), order=22)
    register_kpi("retention_d1", _("D1 retention"), lambda d: retention(d, 1), unit="bp", order=30)
    register_kpi("retention_d7", _("D7 retention"), lambda d: retention(d, 7), unit="bp", order=31)
    register_kpi(
        "retention_d30", _("D30 retention"), lambda d: retention(d, 30), unit="bp", order=32
    )
    register_kpi("mrr", _("MRR"), mrr, unit="krw", order=40)
    register_kpi("churn", _("Churned subscriptions"), churned, order=41, higher_is_better=False)
    register_kpi(
        "failed_renewals", _("Failed renewals"), failed_renewals, order=42, higher_is_better=False
    )
    register_kpi("bookings", _("Bookings"), bookings, order=50)
    register_kpi(
        "ai_cost", _("AI cost"), ai_cost, unit="micro_usd", order=60, higher_is_better=False
    )
    register_kpi(
        "crisis_events", _("Crisis events"), crisis_events, order=70, higher_is_better=False
    )
    register_kpi("slips", _("Slips"), slips, order=71, higher_is_better=False)
    register_kpi("support_sla", _("Support SLA met"), support_sla, unit="bp", order=80)


def rollup_day(day: dt.date) -> int:
    """Compute every KPI for ``day`` and upsert it (idempotent). Returns KPIs written."""
    from ops_admin.models import DailyKpi

    now = timezone.now()
    rows = [
        DailyKpi(day=day, key=kpi.key, value=kpi.compute(day), computed_at=now) for kpi in kpis()
    ]
    DailyKpi.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["day", "key"],
        update_fields=["value", "computed_at"],
    )
    return len(rows)


@dataclass(frozen=True)
class KpiTile:
    kpi: Kpi
    value: int | None
    previous: int | None
    series: list[int | None]  # oldest first
    days: list[dt.date]


def kpi_tiles(*, today: dt.date, days: int = 30) -> list[KpiTile]:
    """The home's tiles from the rollup table: one query whatever the number of users."""
    from ops_admin.models import DailyKpi

    first = today - dt.timedelta(days=days - 1)
    span = [first + dt.timedelta(days=i) for i in range(days)]
    values: dict[tuple[str, dt.date], int | None] = {
        (key, day): value
        for key, day, value in DailyKpi.objects.filter(day__gte=first, day__lte=today).values_list(
            "key", "day", "value"
        )
    }
    tiles = []
    for kpi in kpis():
        series = [values.get((kpi.key, day)) for day in span]
        tiles.append(
            KpiTile(
                kpi=kpi,
                value=series[-1],
                previous=series[-2] if len(series) > 1 else None,
                series=series,
                days=span,
            )
        )
    return tiles
