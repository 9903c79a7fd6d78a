"""Health metrics (append-only), goals, and device integrations."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import user_local_today
from core.exceptions import HaruError, NotFoundError
from habits.caching import dashboard_extras_forget
from habits.enums import GoalDirection, MetricSource
from habits.metric_types import METRICS, to_canonical
from habits.models import HealthGoal, HealthIntegration, HealthMetric

MAX_BULK_POINTS = 5000
QUANT = Decimal("0.001")


@dataclass(frozen=True)
class BulkResult:
    received: int
    created: int

    @property
    def duplicates(self) -> int:
        return self.received - self.created


def _normalise(
    *, metric_type: str, value, unit: str | None, recorded_at: datetime
) -> tuple[Decimal, str]:
    """The value in the metric's canonical unit, checked against sane bounds."""
    spec = METRICS.get(metric_type)
    if spec is None:
        raise HaruError(_("Unknown metric."), fields={"metric_type": [_("Unknown metric.")]})
    try:
        number = to_canonical(metric_type, Decimal(str(value)), unit)
    except ValueError as error:
        message = _("Use %(unit)s for this metric.") % {"unit": spec.unit}
        raise HaruError(message, fields={"unit": [message]}) from error
    except InvalidOperation as error:
        raise HaruError(_("Enter a number."), fields={"value": [_("Enter a number.")]}) from error
    number = number.quantize(QUANT, rounding=ROUND_HALF_UP)
    if not spec.minimum <= number <= spec.maximum:
        message = _("Enter a value between %(min)s and %(max)s %(unit)s.") % {
            "min": spec.minimum,
            "max": spec.maximum,
            "unit": spec.unit,
        }
        raise HaruError(message, fields={"value": [message]})
    if timezone.is_naive(recorded_at):
        message = _("Give the time with its offset.")
        raise HaruError(message, fields={"recorded_at": [message]})
    if recorded_at > timezone.now() + timedelta(minutes=5):
        message = _("A measurement cannot be in the future.")
        raise HaruError(message, fields={"recorded_at": [message]})
    return number, spec.unit


def metric_record(
    *,
    user,
    metric_type: str,
    value,
    unit: str | None = None,
    recorded_at: datetime | None = None,
    source: str = MetricSource.MANUAL,
    source_device: str = "",
) -> HealthMetric:
    """Record one measurement. Recording the same (type, source, time) again returns the first."""
    recorded_at = recorded_at or timezone.now()
    number, canonical = _normalise(
        metric_type=metric_type, value=value, unit=unit, recorded_at=recorded_at
    )
    metric, _created = HealthMetric.objects.get_or_create(
        user=user,
        metric_type=metric_type,
        source=source,
        recorded_at=recorded_at,
        defaults={
            "value": number,
            "unit": canonical,
            "source_device": source_device[:100],
            "local_date": user_local_today(user=user, at=recorded_at),
            "synced_at": None if source == MetricSource.MANUAL else timezone.now(),
        },
    )
    return metric


def metrics_bulk_upload(
    *,
    user,
    points: Iterable[Mapping],
    source: str,
    source_device: str = "",
) -> BulkResult:
    """Store thousands of points from HealthKit / Google Fit in one statement.

    Idempotent by (user, metric type, source, timestamp): a retried upload creates nothing new.
    Every point is checked first; one bad point rejects the upload with its index.
    """
    rows = list(points)
    if len(rows) > MAX_BULK_POINTS:
        message = _("Send at most %(count)d points per request.") % {"count": MAX_BULK_POINTS}
        raise HaruError(message, fields={"points": [message]})
    now = timezone.now()
    columns: dict[str, list] = {
        name: []
        for name in ("id", "metric_type", "value", "unit", "recorded_at", "local_date", "device")
    }
    errors: dict[str, dict] = {}
    for index, point in enumerate(rows):
        try:
            number, unit = _normalise(
                metric_type=point["metric_type"],
                value=point["value"],
                unit=point.get("unit"),
                recorded_at=point["recorded_at"],
            )
        except HaruError as error:
            errors[str(index)] = error.fields
            continue
        columns["id"].append(uuid.uuid4())
        columns["metric_type"].append(point["metric_type"])
        columns["value"].append(number)
        columns["unit"].append(unit)
        columns["recorded_at"].append(point["recorded_at"])
        columns["local_date"].append(user_local_today(user=user, at=point["recorded_at"]))
        columns["device"].append((point.get("source_device") or source_device)[:100])
    if errors:
        raise HaruError(
            _("Some points are not valid; nothing was stored."), fields={"points": errors}
        )
    if not rows:
        return BulkResult(received=0, created=0)
    table = HealthMetric._meta.db_table
    sql = f"""
        INSERT INTO {table}
            (id, user_id, metric_type, value, unit, source, source_device, recorded_at,
             local_date, synced_at, created_at)
        SELECT p.id, %(user)s, p.metric_type, p.value, p.unit, %(source)s, p.device,
               p.recorded_at, p.local_date, %(now)s, %(now)s
        FROM unnest(%(id)s::uuid[], %(metric_type)s::varchar[], %(value)s::numeric[],
                    %(unit)s::varchar[], %(recorded_at)s::timestamptz[], %(local_date)s::date[],
                    %(device)s::varchar[])
             AS p(id, metric_type, value, unit, recorded_at, local_date, device)
        ON CONFLICT (user_id, metric_type, source, recorded_at) DO NOTHING
    """  # noqa: S608 - the table name is model metadata; every value is a parameter
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, {"user": user.pk, "source": source, "now": now, **columns})
            created = max(cursor.rowcount, 0)
        if created:
            dashboard_extras_forget(user_id=user.pk)  # today's goal progress may have moved
        if source != MetricSource.MANUAL:
            HealthIntegration.objects.filter(user=user, provider=source).update(last_sync_at=now)
    return BulkResult(received=len(rows), created=created)


def goal_set(
    *,
    user,
    metric_type: str,
    target_value,
    direction: str = GoalDirection.AT_LEAST,
    start_date: date,
    end_date: date | None = None,
    unit: str | None = None,
) -> HealthGoal:
    """Set the user's goal for a metric, replacing the active one."""
    spec = METRICS.get(metric_type)
    if spec is None:
        raise HaruError(_("Unknown metric."), fields={"metric_type": [_("Unknown metric.")]})
    try:
        target = to_canonical(metric_type, Decimal(str(target_value)), unit)
    except (ValueError, InvalidOperation) as error:
        message = _("Use %(unit)s for this metric.") % {"unit": spec.unit}
        raise HaruError(message, fields={"unit": [message]}) from error
    if target <= 0:
        raise HaruError(_("Enter a target above zero."), fields={"target_value": ["> 0"]})
    if end_date is not None and end_date <= start_date:
        message = _("The end must be after the start.")
        raise HaruError(message, fields={"end_date": [message]})
    with transaction.atomic():
        HealthGoal.objects.select_for_update().filter(
            user=user, metric_type=metric_type, is_active=True
        ).update(is_active=False)
        return HealthGoal.objects.create(
            user=user,
            metric_type=metric_type,
            target_value=target.quantize(QUANT),
            unit=spec.unit,
            direction=direction,
            start_date=start_date,
            end_date=end_date,
        )


def goal_deactivate(*, goal: HealthGoal) -> HealthGoal:
    HealthGoal.objects.filter(pk=goal.pk).update(is_active=False)
    dashboard_extras_forget(user_id=goal.user_id)
    goal.is_active = False
    return goal


def integration_connect(
    *,
    user,
    provider: str,
    access_token: str = "",
    refresh_token: str = "",
    token_expires_at: datetime | None = None,
    external_user_id: str = "",
    scopes: str = "",
) -> HealthIntegration:
    """Store (encrypted) the tokens a mobile client obtained from the provider."""
    integration, _created = HealthIntegration.objects.update_or_create(
        user=user,
        provider=provider,
        defaults={
            "access_token": access_token or None,
            "refresh_token": refresh_token or None,
            "token_expires_at": token_expires_at,
            "external_user_id": external_user_id,
            "scopes": scopes,
            "is_active": True,
        },
    )
    return integration


def integration_disconnect(*, user, provider: str) -> HealthIntegration:
    """Forget the tokens; the record stays so past data keeps its source."""
    integration = HealthIntegration.objects.filter(user=user, provider=provider).first()
    if integration is None:
        raise NotFoundError(_("That integration is not connected."))
    integration.access_token = None
    integration.refresh_token = None
    integration.token_expires_at = None
    integration.is_active = False
    integration.save()
    return integration
