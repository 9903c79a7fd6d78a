"""Reads. Other apps call ``user_in_quiet_hours``, ``user_is_safety_paused`` and
``user_local_today``; pages and the API use the ``*_for_user`` selectors, which only ever
return the asking user's own rows."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from accounts.enums import ExportStatus
from accounts.models import (
    DataExport,
    LoginLog,
    Notification,
    NotificationDevice,
    NotificationPreference,
    NotificationReceipt,
    UploadedFile,
)
from core.clock import DEFAULT_TIMEZONE, user_local_today, user_zone
from core.exceptions import NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

# The user's local day lives in core (one home); re-exported for accounts' callers.
__all__ = ["DEFAULT_TIMEZONE", "user_local_today", "user_zone"]


def user_is_safety_paused(*, user: User, at: datetime.datetime | None = None) -> bool:
    """True while ``user.safety_paused_until`` lies after ``at`` (default now)."""
    until = user.safety_paused_until
    return until is not None and until > (at or timezone.now())


def _local_bounds(
    *, user: User, first: datetime.date, last: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    zone = user_zone(user=user)
    lower = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    upper = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return lower, upper


def user_safety_pause_spans(*, user: User, first: datetime.date, last: datetime.date) -> QuerySet:
    """``(starts_at, ends_at)`` of the user's safety pauses touching local days [first, last],
    unevaluated: a caller may read it together with its own rows (one round trip) and turn
    the spans into days with ``safety_paused_days_from_spans``."""
    from accounts.models import SafetyPause

    lower, upper = _local_bounds(user=user, first=first, last=last)
    return SafetyPause.objects.filter(
        user_id=user.pk, starts_at__lt=upper, ends_at__gt=lower
    ).values_list("starts_at", "ends_at")


def safety_paused_days_from_spans(
    spans, *, user: User, first: datetime.date, last: datetime.date
) -> set[datetime.date]:
    """The user's local days in ``[first, last]`` that the pauses ``(starts_at, ends_at)``
    touched."""
    zone = user_zone(user=user)
    days: set[datetime.date] = set()
    for starts_at, ends_at in spans:
        day = max(starts_at.astimezone(zone).date(), first)
        # [start, end): a pause ending exactly at midnight does not touch the next day.
        end_day = (ends_at - datetime.timedelta(microseconds=1)).astimezone(zone).date()
        while day <= min(end_day, last):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


def user_safety_paused_days(
    *, user: User, first: datetime.date, last: datetime.date
) -> set[datetime.date]:
    """The user's local days in ``[first, last]`` that a safety pause touched (frozen days)."""
    spans = user_safety_pause_spans(user=user, first=first, last=last)
    return safety_paused_days_from_spans(spans, user=user, first=first, last=last)


def notification_preference_for(*, user: User) -> NotificationPreference:
    """The user's saved preferences, or the defaults (unsaved) when they never changed any."""
    cached = getattr(user, "_haru_notification_preference", None)
    if cached is not None:
        return cached
    try:
        preference = NotificationPreference.objects.get(user=user)
    except NotificationPreference.DoesNotExist:
        preference = NotificationPreference(user=user)
    return preference


def _quiet_window(preference: NotificationPreference) -> tuple[datetime.time, datetime.time] | None:
    if not preference.quiet_hours_enabled or preference.quiet_start == preference.quiet_end:
        return None
    return preference.quiet_start, preference.quiet_end


def user_in_quiet_hours(*, user: User, at: datetime.datetime | None = None) -> bool:
    """True when ``at`` (default now) falls in the user's quiet hours, in their time zone.

    Quiet hours may wrap midnight (22:00-08:00); the start is inside, the end is not.
    """
    window = _quiet_window(notification_preference_for(user=user))
    if window is None:
        return False
    start, end = window
    local = (at or timezone.now()).astimezone(user_zone(user=user)).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_hours_end(*, user: User, at: datetime.datetime) -> datetime.datetime:
    """The first moment at or after ``at`` outside the user's quiet hours."""
    if not user_in_quiet_hours(user=user, at=at):
        return at
    zone = user_zone(user=user)
    preference = notification_preference_for(user=user)
    local = at.astimezone(zone)
    candidate = datetime.datetime.combine(local.date(), preference.quiet_end, tzinfo=zone)
    if candidate <= local:
        candidate += datetime.timedelta(days=1)
    return candidate.astimezone(datetime.UTC)


# --- notifications ------------------------------------------------------------------------------


def _visible_to(user: User, now: datetime.datetime) -> Q:
    window = Q(visible_from__lte=now) & (Q(visible_to__isnull=True) | Q(visible_to__gt=now))
    return window & (Q(user=user) | Q(user__isnull=True)) & Q(channels__contains=["in_app"])


def notification_list_for_user(
    *, user: User, unread_only: bool = False, now: datetime.datetime | None = None
) -> QuerySet[Notification]:
    """The user's inbox: their own in-app notifications and live broadcasts, newest first.

    Each row carries ``is_read`` and ``receipt_read_at`` / ``receipt_clicked_at`` (broadcasts
    keep per-user receipts), so a page of any length costs one query.
    """
    now = now or timezone.now()
    receipts = NotificationReceipt.objects.filter(notification=OuterRef("pk"), user=user)
    qs = (
        Notification.objects.filter(_visible_to(user, now))
        .annotate(
            receipt_read_at=Subquery(receipts.values("read_at")[:1]),
            receipt_clicked_at=Subquery(receipts.values("clicked_at")[:1]),
        )
        .annotate(
            is_read=Case(
                When(user__isnull=False, read_at__isnull=False, then=Value(True)),
                When(user__isnull=True, receipt_read_at__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-created_at", "-pk")
    )
    if unread_only:
        qs = qs.filter(is_read=False)
    return qs


def notification_unread_count(*, user: User) -> int:
    now = timezone.now()
    own = Notification.objects.filter(
        _visible_to(user, now), user=user, read_at__isnull=True
    ).count()
    broadcasts = (
        Notification.objects.filter(_visible_to(user, now), user__isnull=True)
        .exclude(Exists(NotificationReceipt.objects.filter(notification=OuterRef("pk"), user=user)))
        .count()
    )
    return own + broadcasts


def notification_get_for_user(*, user: User, notification_id) -> Notification:
    try:
        return notification_list_for_user(user=user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_not_found(), code="not_found") from exc


def _not_found() -> str:
    from django.utils.translation import gettext

    return gettext("We could not find that.")


def device_list_for_user(*, user: User) -> QuerySet[NotificationDevice]:
    return NotificationDevice.objects.filter(user=user).order_by("-created_at", "-pk")


def device_get_for_user(*, user: User, device_id) -> NotificationDevice:
    try:
        return device_list_for_user(user=user).get(pk=device_id)
    except (NotificationDevice.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_not_found()) from exc


# --- sessions, logins, exports, uploads -------------------------------------------------------


def session_list_for_user(*, user: User) -> QuerySet:
    from allauth.usersessions.models import UserSession

    return UserSession.objects.filter(user=user).order_by("-last_seen_at", "-pk")


def session_get_for_user(*, user: User, session_id):
    from allauth.usersessions.models import UserSession

    try:
        return session_list_for_user(user=user).get(pk=session_id)
    except (UserSession.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_not_found()) from exc


def login_log_list_for_user(*, user: User) -> QuerySet[LoginLog]:
    return LoginLog.objects.filter(user=user).order_by("-created_at", "-id")


def export_list_for_user(*, user: User) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user).order_by("-created_at", "-pk")


def export_get_for_user(*, user: User, export_id) -> DataExport:
    try:
        return export_list_for_user(user=user).get(pk=export_id)
    except (DataExport.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_not_found()) from exc


def export_in_progress(*, user: User) -> bool:
    return DataExport.objects.filter(
        user=user, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]
    ).exists()


def upload_list_for_user(*, user: User, upload_ids) -> list[UploadedFile]:
    """The user's own live uploads among ``upload_ids`` (others' and deleted ones left out)."""
    uploads = UploadedFile.objects.filter(owner=user, pk__in=list(upload_ids))
    return list(uploads.filter(deleted_at__isnull=True))


def upload_get_for_user(*, user: User, upload_id) -> UploadedFile:
    """A file its owner (or staff) may open; infected and deleted files are never served."""
    qs = UploadedFile.objects.filter(deleted_at__isnull=True).exclude(scan_status="infected")
    if not user.is_staff:
        qs = qs.filter(owner=user)
    try:
        return qs.get(pk=upload_id)
    except (UploadedFile.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_not_found()) from exc


def user_has_mfa(*, user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_email_verified(*, user: User) -> bool:
    from allauth.account.models import EmailAddress

    if not user.email:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
