"""The user's local day and time. Every habit "day" is a day in ``user.timezone``."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time

from django.utils import timezone


def user_tz(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or "Asia/Seoul")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Seoul")


def local_now(user, at: datetime | None = None) -> datetime:
    return (at or timezone.now()).astimezone(user_tz(user))


def local_date_of(user, at: datetime) -> date:
    return at.astimezone(user_tz(user)).date()


def local_datetime(user, day: date, at: time) -> datetime:
    """The aware datetime of ``at`` o'clock on ``day`` in the user's zone."""
    return datetime.combine(day, at, tzinfo=user_tz(user))
