"""A user's local time: the one place that turns ``user.timezone`` into days and datetimes.

Every "day" in Haru (a habit day, an attendance, a report period) is the user's local day.
An unknown or empty zone name falls back to Asia/Seoul, Haru's home.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time

from django.utils import timezone

DEFAULT_TIMEZONE = "Asia/Seoul"


def user_zone(*, user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or DEFAULT_TIMEZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)


def user_local_now(*, user, at: datetime | None = None) -> datetime:
    """``at`` (default now) as an aware datetime in the user's zone."""
    return (at or timezone.now()).astimezone(user_zone(user=user))


def user_local_today(*, user, at: datetime | None = None) -> date:
    """The user's calendar day at ``at`` (default now) in their own time zone."""
    return user_local_now(user=user, at=at).date()


def user_local_datetime(*, user, day: date, at: time) -> datetime:
    """The aware datetime of ``at`` o'clock on ``day`` in the user's zone."""
    return datetime.combine(day, at, tzinfo=user_zone(user=user))
