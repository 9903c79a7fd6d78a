"""The slot engine: which start times a service can be booked at.

Weekly rules and date overrides are wall-clock times in the practitioner's time zone, so
each local date is turned into UTC instants on its own (a 09:00 rule is 09:00 on both sides
of a daylight-saving change). Blocked times are instants; recurring ones repeat by their
RRULE expanded from an aware local start, which also keeps their wall-clock time across
DST. Everything is computed in UTC; callers convert to the client's time zone only to show.

One call reads a fixed number of rows sets (rules, overrides, blocked times, bookings),
whatever the number of days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.db.models import Q
from django.utils import timezone

from practitioners.enums import OCCUPYING_STATUSES, BookingStatus
from practitioners.models import (
    AvailabilityRule,
    BlockedTime,
    Booking,
    DateOverride,
    Practitioner,
    Service,
)

# bookings that count against daily and weekly limits
COUNTED_STATUSES = (*OCCUPYING_STATUSES, BookingStatus.IN_PROGRESS, BookingStatus.COMPLETED)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    seats_left: int
    booking_id: str | None = None  # an open group session this slot joins


@dataclass(frozen=True)
class _Busy:
    start: datetime
    end: datetime


def _overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def _local_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a local date (a time skipped by DST moves on)."""
    return datetime.combine(day, wall, tzinfo=tz).astimezone(UTC)


def _windows_for(
    day: date,
    rules_by_weekday: dict[int, list[AvailabilityRule]],
    overrides_by_date: dict[date, list[DateOverride]],
    session_type: str | None,
) -> list[tuple[time, time]]:
    def offered(types: Sequence[str]) -> bool:
        return not session_type or not types or session_type in types

    overrides = overrides_by_date.get(day)
    if overrides is not None:
        if any(o.is_unavailable for o in overrides):
            return []
        return [
            (o.start_time, o.end_time)
            for o in overrides
            if o.start_time and o.end_time and offered(o.session_types)
        ]
    return [
        (r.start_time, r.end_time)
        for r in rules_by_weekday.get(day.weekday(), [])
        if offered(r.session_types)
    ]


def blocked_intervals(
    blocks: Iterable[BlockedTime], tz: ZoneInfo, start: datetime, end: datetime
) -> list[_Busy]:
    """Every blocked interval touching ``[start, end)``, recurring ones expanded."""
    out: list[_Busy] = []
    for block in blocks:
        length = block.ends_at - block.starts_at
        if not block.rrule:
            if _overlaps(block.starts_at, block.ends_at, start, end):
                out.append(_Busy(block.starts_at, block.ends_at))
            continue
        local_start = block.starts_at.astimezone(tz)
        try:
            rule = rrulestr(block.rrule, dtstart=local_start)
        except (ValueError, TypeError):
            # an unreadable rule blocks only its first occurrence (the form refuses such rules)
            out.append(_Busy(block.starts_at, block.ends_at))
            continue
        for occurrence in rule.between(
            (start - length).astimezone(tz), end.astimezone(tz), inc=True
        ):
            occ_start = occurrence.astimezone(UTC)
            out.append(_Busy(occ_start, occ_start + length))
    return out


@dataclass
class _Calendar:
    """The rows one practitioner's slots depend on, read once."""

    rules_by_weekday: dict[int, list[AvailabilityRule]]
    overrides_by_date: dict[date, list[DateOverride]]
    blocked: list[_Busy]
    bookings: list[Booking]


def _load(practitioner: Practitioner, start: datetime, end: datetime) -> _Calendar:
    tz = ZoneInfo(practitioner.timezone)
    rules: dict[int, list[AvailabilityRule]] = defaultdict(list)
    for rule in AvailabilityRule.objects.filter(practitioner=practitioner, is_active=True):
        rules[rule.weekday].append(rule)
    first_day = start.astimezone(tz).date() - timedelta(days=1)
    last_day = end.astimezone(tz).date() + timedelta(days=1)
    overrides: dict[date, list[DateOverride]] = defaultdict(list)
    for override in DateOverride.objects.filter(
        practitioner=practitioner, date__gte=first_day, date__lte=last_day
    ):
        overrides[override.date].append(override)
    blocks = BlockedTime.objects.filter(practitioner=practitioner).filter(
        ~Q(rrule="") | Q(starts_at__lt=end, ends_at__gt=start)
    )
    # a week either side, for the weekly limit
    bookings = list(
        Booking.objects.filter(
            practitioner=practitioner,
            status__in=COUNTED_STATUSES,
            occupied_from__lt=end + timedelta(days=8),
            occupied_until__gt=start - timedelta(days=8),
        ).only(
            "id",
            "service_id",
            "starts_at",
            "ends_at",
            "occupied_from",
            "occupied_until",
            "status",
            "hold_expires_at",
            "seats",
            "seats_taken",
        )
    )
    return _Calendar(rules, dict(overrides), blocked_intervals(blocks, tz, start, end), bookings)


def service_slots(
    *,
    service: Service,
    start: datetime | None = None,
    days: int | None = None,
    session_type: str | None = None,
    now: datetime | None = None,
    ignore_booking_id: object | None = None,
) -> list[Slot]:
    """Bookable slots of ``service`` from ``start`` for ``days`` days, earliest first (UTC).

    ``ignore_booking_id`` leaves one booking out (the one being rescheduled).
    """
    practitioner = service.practitioner
    tz = ZoneInfo(practitioner.timezone)
    now = now or timezone.now()
    earliest = now + timedelta(minutes=practitioner.minimum_notice_minutes)
    horizon = now + timedelta(days=practitioner.booking_horizon_days)
    start = max(start or now, now)
    end = min(start + timedelta(days=days or practitioner.booking_horizon_days), horizon)
    if end <= start:
        return []
    calendar = _load(practitioner, start, end)
    return _compute(
        service=service,
        practitioner=practitioner,
        tz=tz,
        calendar=calendar,
        start=start,
        end=end,
        earliest=earliest,
        session_type=session_type,
        now=now,
        ignore_booking_id=ignore_booking_id,
    )


def _compute(
    *,
    service: Service,
    practitioner: Practitioner,
    tz: ZoneInfo,
    calendar: _Calendar,
    start: datetime,
    end: datetime,
    earliest: datetime,
    session_type: str | None,
    now: datetime,
    ignore_booking_id: object | None,
) -> list[Slot]:
    duration = timedelta(minutes=service.duration_minutes)
    before = timedelta(minutes=practitioner.buffer_before_minutes)
    after = timedelta(minutes=practitioner.buffer_after_minutes)
    step = timedelta(minutes=practitioner.slot_interval_minutes)

    live = [
        b
        for b in calendar.bookings
        if b.pk != ignore_booking_id
        and not (
            b.status == BookingStatus.PENDING and b.hold_expires_at and b.hold_expires_at <= now
        )
    ]
    per_day: dict[date, int] = defaultdict(int)
    per_week: dict[tuple[int, int], int] = defaultdict(int)
    for b in live:
        local_day = b.starts_at.astimezone(tz).date()
        per_day[local_day] += 1
        per_week[local_day.isocalendar()[:2]] += 1
    occupying = [b for b in live if b.status in OCCUPYING_STATUSES]
    open_group = {
        b.starts_at: b
        for b in occupying
        if service.is_group and b.service_id == service.pk and b.seats_taken < b.seats
    }

    slots: list[Slot] = []
    day = start.astimezone(tz).date()
    last_day = end.astimezone(tz).date()
    while day <= last_day:
        if practitioner.daily_limit is not None and per_day[day] >= practitioner.daily_limit:
            day += timedelta(days=1)
            continue
        if (
            practitioner.weekly_limit is not None
            and per_week[day.isocalendar()[:2]] >= practitioner.weekly_limit
        ):
            day += timedelta(days=1)
            continue
        for wall_start, wall_end in _windows_for(
            day, calendar.rules_by_weekday, calendar.overrides_by_date, session_type
        ):
            window_start = _local_instant(day, wall_start, tz)
            window_end = _local_instant(day, wall_end, tz)
            cursor = window_start
            while cursor + duration <= window_end:
                slot = _check(
                    cursor,
                    duration,
                    before,
                    after,
                    earliest=earliest,
                    start=start,
                    end=end,
                    blocked=calendar.blocked,
                    occupying=occupying,
                    open_group=open_group,
                    service=service,
                )
                if slot is not None:
                    slots.append(slot)
                cursor += step
        day += timedelta(days=1)
    slots.sort(key=lambda s: s.starts_at)
    return slots


def _check(
    cursor: datetime,
    duration: timedelta,
    before: timedelta,
    after: timedelta,
    *,
    earliest: datetime,
    start: datetime,
    end: datetime,
    blocked: list[_Busy],
    occupying: list[Booking],
    open_group: dict[datetime, Booking],
    service: Service,
) -> Slot | None:
    slot_end = cursor + duration
    if cursor < earliest or cursor < start or cursor >= end:
        return None
    if any(_overlaps(cursor, slot_end, b.start, b.end) for b in blocked):
        return None
    group = open_group.get(cursor)
    if group is not None and group.ends_at == slot_end:
        return Slot(cursor, slot_end, group.seats - group.seats_taken, str(group.pk))
    occupied_from, occupied_until = cursor - before, slot_end + after
    if any(
        _overlaps(occupied_from, occupied_until, b.occupied_from, b.occupied_until)
        for b in occupying
    ):
        return None
    return Slot(cursor, slot_end, service.seats)


def slot_is_open(
    *, service: Service, starts_at: datetime, session_type: str | None = None, now=None
) -> Slot | None:
    """The slot starting exactly at ``starts_at`` if it is bookable now, else ``None``."""
    now = now or timezone.now()
    day_start = starts_at - timedelta(days=1)
    for slot in service_slots(
        service=service, start=day_start, days=2, session_type=session_type, now=now
    ):
        if slot.starts_at == starts_at:
            return slot
    return None


def slot_is_open_ignoring(
    *, service: Service, starts_at: datetime, ignore_booking_id: object, now=None
) -> Slot | None:
    """Like :func:`slot_is_open`, leaving one booking out (the session being moved)."""
    now = now or timezone.now()
    for slot in service_slots(
        service=service,
        start=starts_at - timedelta(days=1),
        days=2,
        now=now,
        ignore_booking_id=ignore_booking_id,
    ):
        if slot.starts_at == starts_at:
            return slot
    return None


def slots_by_local_day(slots: Iterable[Slot], tz_name: str) -> list[tuple[date, list[Slot]]]:
    """Group slots by the viewer's local date (the client's, not the practitioner's)."""
    tz = ZoneInfo(tz_name)
    grouped: dict[date, list[Slot]] = defaultdict(list)
    for slot in slots:
        grouped[slot.starts_at.astimezone(tz).date()].append(slot)
    return sorted(grouped.items())


def practitioner_next_slots(
    *, practitioner: Practitioner, services: Sequence[Service], limit: int = 6, days: int = 14
) -> list[tuple[Service, Slot]]:
    """The soonest free slots across a practitioner's services (profile page)."""
    out: list[tuple[Service, Slot]] = []
    if not services:
        return out
    now = timezone.now()
    start = now
    end = min(now + timedelta(days=days), now + timedelta(days=practitioner.booking_horizon_days))
    calendar = _load(practitioner, start, end)
    tz = ZoneInfo(practitioner.timezone)
    earliest = now + timedelta(minutes=practitioner.minimum_notice_minutes)
    for service in services:
        for slot in _compute(
            service=service,
            practitioner=practitioner,
            tz=tz,
            calendar=calendar,
            start=start,
            end=end,
            earliest=earliest,
            session_type=None,
            now=now,
            ignore_booking_id=None,
        )[:limit]:
            out.append((service, slot))
    out.sort(key=lambda pair: pair[1].starts_at)
    # one entry per start time: the profile lists times, the slot picker lists services
    seen: set[datetime] = set()
    unique = []
    for service, slot in out:
        if slot.starts_at not in seen:
            seen.add(slot.starts_at)
            unique.append((service, slot))
    return unique[:limit]
