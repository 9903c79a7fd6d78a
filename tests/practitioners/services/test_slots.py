"""The slot engine: practitioner hours in their time zone, shown in the client's, across DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from practitioners.enums import BookingStatus
from practitioners.models import AvailabilityRule, BlockedTime, Booking, DateOverride
from practitioners.services.slots import service_slots, slots_by_local_day

from ..factories import PractitionerFactory, ServiceFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _ny_service(**practitioner_fields):
    practitioner = PractitionerFactory(timezone="America/New_York", **practitioner_fields)
    service = ServiceFactory(practitioner=practitioner, duration_minutes=60)
    for weekday in range(7):
        AvailabilityRule.objects.create(
            practitioner=practitioner, weekday=weekday, start_time=time(9), end_time=time(12)
        )
    return service


def _starts(service, start, days, now=None):
    return [
        s.starts_at
        for s in service_slots(service=service, start=start, days=days, now=now or start)
    ]


def test_spring_forward_keeps_new_york_nine_am_and_moves_the_seoul_time_an_hour_earlier():
    # given a practitioner in New York open 09:00-12:00 every day; DST begins 2026-03-08
    service = _ny_service()
    now = _utc(2026, 3, 6, 0)
    # when
    starts = _starts(service, now, 4, now)
    # then: before the change 09:00 EST is 14:00 UTC, after it 09:00 EDT is 13:00 UTC
    first_by_ny_day = {s.astimezone(NEW_YORK).date(): s for s in reversed(starts)}
    assert first_by_ny_day[date(2026, 3, 7)] == _utc(2026, 3, 7, 14)
    assert first_by_ny_day[date(2026, 3, 9)] == _utc(2026, 3, 9, 13)
    assert all(s.astimezone(NEW_YORK).hour in (9, 10, 11) for s in starts)
    # and a client in Seoul sees 23:00 before the change and 22:00 after it
    assert first_by_ny_day[date(2026, 3, 7)].astimezone(SEOUL).hour == 23
    assert first_by_ny_day[date(2026, 3, 9)].astimezone(SEOUL).hour == 22


def test_fall_back_keeps_new_york_nine_am_and_moves_the_seoul_time_an_hour_later():
    # DST ends 2026-11-01
    service = _ny_service()
    now = _utc(2026, 10, 30, 0)
    starts = _starts(service, now, 4, now)
    first_by_ny_day = {s.astimezone(NEW_YORK).date(): s for s in reversed(starts)}
    assert first_by_ny_day[date(2026, 10, 31)] == _utc(2026, 10, 31, 13)
    assert first_by_ny_day[date(2026, 11, 2)] == _utc(2026, 11, 2, 14)
    assert first_by_ny_day[date(2026, 10, 31)].astimezone(SEOUL).hour == 22
    assert first_by_ny_day[date(2026, 11, 2)].astimezone(SEOUL).hour == 23


def test_slots_group_by_the_clients_local_day():
    service = _ny_service()
    now = _utc(2026, 3, 9, 0)
    slots = service_slots(service=service, start=now, days=1, now=now)
    grouped = dict(slots_by_local_day(slots, "Asia/Seoul"))
    # starts 09:00-11:00 New York on 9 March are 22:00 on 9 March to 00:00 on 10 March in Seoul
    seoul_hours = {
        day: [s.starts_at.astimezone(SEOUL).hour for s in day_slots]
        for day, day_slots in grouped.items()
    }
    assert seoul_hours == {date(2026, 3, 9): [22, 22, 23, 23], date(2026, 3, 10): [0]}


def test_one_off_blocked_time_removes_the_slots_it_touches():
    service = _ny_service()
    now = _utc(2026, 3, 2, 0)
    BlockedTime.objects.create(
        practitioner=service.practitioner,
        starts_at=datetime(2026, 3, 2, 10, tzinfo=NEW_YORK),
        ends_at=datetime(2026, 3, 2, 10, 30, tzinfo=NEW_YORK),
    )
    local = [s.astimezone(NEW_YORK).strftime("%H:%M") for s in _starts(service, now, 1, now)]
    assert local == ["09:00", "10:30", "11:00"]


def test_recurring_block_repeats_at_the_same_wall_clock_time_across_dst():
    service = _ny_service()
    # a weekly Monday 10:00-11:00 New York block, starting before DST begins
    BlockedTime.objects.create(
        practitioner=service.practitioner,
        starts_at=datetime(2026, 3, 2, 10, tzinfo=NEW_YORK),
        ends_at=datetime(2026, 3, 2, 11, tzinfo=NEW_YORK),
        rrule="FREQ=WEEKLY;BYDAY=MO",
    )
    now = _utc(2026, 3, 2, 0)
    starts = _starts(service, now, 10, now)
    for monday in (date(2026, 3, 2), date(2026, 3, 9)):
        local = [s.astimezone(NEW_YORK) for s in starts if s.astimezone(NEW_YORK).date() == monday]
        assert [t.strftime("%H:%M") for t in local] == ["09:00", "11:00"], monday
    tuesday = [s for s in starts if s.astimezone(NEW_YORK).date() == date(2026, 3, 3)]
    assert len(tuesday) == 5


def _book(service, starts_at, status=BookingStatus.CONFIRMED):
    p = service.practitioner
    ends_at = starts_at + timedelta(minutes=service.duration_minutes)
    return Booking.objects.create(
        practitioner=p,
        service=service,
        starts_at=starts_at,
        ends_at=ends_at,
        occupied_from=starts_at - timedelta(minutes=p.buffer_before_minutes),
        occupied_until=ends_at + timedelta(minutes=p.buffer_after_minutes),
        session_type="video",
        status=status,
        price=service.price,
    )


def test_buffers_before_and_after_keep_free_time_around_bookings():
    service = _ny_service(buffer_before_minutes=15, buffer_after_minutes=15)
    now = _utc(2026, 3, 2, 0)
    _book(service, datetime(2026, 3, 2, 10, 30, tzinfo=NEW_YORK))  # occupies 10:15-11:45
    local = [s.astimezone(NEW_YORK).strftime("%H:%M") for s in _starts(service, now, 1, now)]
    # 09:00 would occupy 08:45-10:15 (touching, allowed); 09:30 would run into the buffer
    assert local == ["09:00"]


def test_minimum_notice_hides_slots_that_start_too_soon():
    service = _ny_service(minimum_notice_minutes=120)
    now = datetime(2026, 3, 2, 8, 30, tzinfo=NEW_YORK).astimezone(UTC)
    local = [s.astimezone(NEW_YORK).strftime("%H:%M") for s in _starts(service, now, 1, now)]
    assert local[0] == "10:30"


def test_horizon_stops_slots_after_the_last_bookable_day():
    service = _ny_service(booking_horizon_days=3)
    now = _utc(2026, 3, 2, 0)
    starts = _starts(service, now, 30, now)
    assert starts
    assert max(starts) < now + timedelta(days=3)


def test_daily_limit_closes_a_day_once_it_is_reached_and_weekly_limit_closes_the_week():
    service = _ny_service(daily_limit=1)
    now = _utc(2026, 3, 2, 0)
    _book(service, datetime(2026, 3, 2, 9, tzinfo=NEW_YORK))
    days = {s.astimezone(NEW_YORK).date() for s in _starts(service, now, 2, now)}
    assert date(2026, 3, 2) not in days
    assert date(2026, 3, 3) in days

    weekly = _ny_service(weekly_limit=1)
    _book(weekly, datetime(2026, 3, 3, 9, tzinfo=NEW_YORK))  # Tuesday of ISO week 10
    days = {s.astimezone(NEW_YORK).date() for s in _starts(weekly, now, 9, now)}
    assert not any(date(2026, 3, 2) <= d <= date(2026, 3, 8) for d in days)
    assert date(2026, 3, 9) in days


def test_date_override_replaces_weekly_hours_or_closes_the_day():
    service = _ny_service()
    p = service.practitioner
    DateOverride.objects.create(practitioner=p, date=date(2026, 3, 2), is_unavailable=True)
    DateOverride.objects.create(
        practitioner=p, date=date(2026, 3, 3), start_time=time(14), end_time=time(16)
    )
    now = _utc(2026, 3, 2, 0)
    starts = [s.astimezone(NEW_YORK) for s in _starts(service, now, 3, now)]
    assert not [s for s in starts if s.date() == date(2026, 3, 2)]
    assert [s.strftime("%H:%M") for s in starts if s.date() == date(2026, 3, 3)] == [
        "14:00",
        "14:30",
        "15:00",
    ]


def test_expired_holds_and_cancelled_bookings_free_their_time():
    service = _ny_service()
    now = _utc(2026, 3, 2, 0)
    held = _book(service, datetime(2026, 3, 2, 9, tzinfo=NEW_YORK), status=BookingStatus.PENDING)
    Booking.objects.filter(pk=held.pk).update(hold_expires_at=now - timedelta(minutes=1))
    _book(service, datetime(2026, 3, 2, 11, tzinfo=NEW_YORK), status=BookingStatus.CANCELLED)
    local = [s.astimezone(NEW_YORK).strftime("%H:%M") for s in _starts(service, now, 1, now)]
    assert local == ["09:00", "09:30", "10:00", "10:30", "11:00"]


def test_sixty_day_view_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    service = _ny_service()
    now = _utc(2026, 3, 2, 0)
    for day in range(0, 40, 3):
        _book(service, datetime(2026, 3, 3, 9, tzinfo=NEW_YORK) + timedelta(days=day))
    service = type(service).objects.select_related("practitioner").get(pk=service.pk)
    with django_assert_max_num_queries(4):
        slots = service_slots(service=service, start=now, days=60, now=now)
    assert len(slots) > 200
