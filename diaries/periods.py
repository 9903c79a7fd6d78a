"""Report periods: half-open ``[start, end)`` in the user's local time, stored in UTC.

Weeks start on Monday. Boundaries are computed on local dates and then localised, so a
DST change inside a period makes it 23 or 25 hours long, never shifts its midnight.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from .enums import PeriodType


@dataclass(frozen=True)
class Period:
    period_type: str
    first_day: datetime.date  # local, inclusive
    end_day: datetime.date  # local, exclusive
    start: datetime.datetime  # UTC
    end: datetime.datetime  # UTC

    @property
    def days(self) -> list[datetime.date]:
        count = (self.end_day - self.first_day).days
        return [self.first_day + datetime.timedelta(days=i) for i in range(count)]


def _first_day(period_type: str, day: datetime.date) -> datetime.date:
    if period_type == PeriodType.DAILY:
        return day
    if period_type == PeriodType.WEEKLY:
        return day - datetime.timedelta(days=day.weekday())
    if period_type == PeriodType.MONTHLY:
        return day.replace(day=1)
    if period_type == PeriodType.YEARLY:
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period type {period_type!r}")


def _next_first_day(period_type: str, first: datetime.date) -> datetime.date:
    if period_type == PeriodType.DAILY:
        return first + datetime.timedelta(days=1)
    if period_type == PeriodType.WEEKLY:
        return first + datetime.timedelta(days=7)
    if period_type == PeriodType.MONTHLY:
        return (
            first.replace(year=first.year + 1, month=1)
            if first.month == 12
            else first.replace(month=first.month + 1)
        )
    return first.replace(year=first.year + 1)


def local_midnight(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    # Midnight that does not exist (a DST jump at 00:00) resolves forward via fold=0 + UTC trip.
    naive = datetime.datetime.combine(day, datetime.time.min)
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(datetime.UTC)


def period_containing(*, period_type: str, day: datetime.date, zone: zoneinfo.ZoneInfo) -> Period:
    first = _first_day(period_type, day)
    end_day = _next_first_day(period_type, first)
    return Period(
        period_type=period_type,
        first_day=first,
        end_day=end_day,
        start=local_midnight(first, zone),
        end=local_midnight(end_day, zone),
    )


def period_before(*, period_type: str, day: datetime.date, zone: zoneinfo.ZoneInfo) -> Period:
    """The last period that is fully over on local ``day``."""
    current = period_containing(period_type=period_type, day=day, zone=zone)
    return period_containing(
        period_type=period_type, day=current.first_day - datetime.timedelta(days=1), zone=zone
    )


def parse_month(raw: str | None) -> datetime.date | None:
    """``"YYYY-MM"`` to the month's first day; anything else (or out of range: pages step to the
    next month, and 9999-12 has none) is None."""
    if not raw:
        return None
    try:
        year, month = (int(part) for part in str(raw).split("-", 1))
        return datetime.date(year, month, 1) if 1900 <= year <= 2199 else None
    except ValueError:
        return None
