"""The seven-year booking archive: old bookings are marked archived and lose their personal text
(with their status log, reschedule reasons, reminders, history and the messages of their
conversation written before the cut-off); newer ones are untouched; a second run does nothing."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from ops_admin import retention
from ops_admin.models import RetentionRun
from practitioners.models import (
    Booking,
    BookingParticipant,
    BookingReminder,
    BookingStatusLog,
    Message,
    RescheduleRequest,
)
from practitioners.services import messaging
from practitioners.services.archive import booking_archive_cutoff, bookings_archive

from ..social.factories import BookingFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC)


def _booking_years_ago(years: int, **fields) -> Booking:
    starts_at = NOW.replace(year=NOW.year - years) - datetime.timedelta(days=1)
    booking = BookingFactory(
        starts_at=starts_at,
        location_detail="서울 마포구 상담실 3호",
        client_notes="요즘 잠을 못 자요",
        practitioner_notes="불면, 불안 호소",
        cancellation_reason="",
        **fields,
    )
    BookingStatusLog.objects.create(booking=booking, to_status="completed", reason="세션 메모")
    RescheduleRequest.objects.create(
        booking=booking,
        requested_by=booking.client,
        original_starts_at=starts_at,
        new_starts_at=starts_at + datetime.timedelta(hours=2),
        new_ends_at=starts_at + datetime.timedelta(hours=3),
        reason="회사 일정 때문에요",
        status="declined",
        response_note="그 시간은 안 돼요",
    )
    BookingReminder.objects.create(booking=booking, user=booking.client, kind="day_before")
    return booking


def _message(booking: Booking, body: str, *, at: datetime.datetime) -> Message:
    conversation = messaging.conversation_start(
        client=booking.client, practitioner=booking.practitioner, booking=booking
    )
    message = messaging.message_send(
        conversation=conversation, sender=booking.client, body=body
    ).message
    Message.objects.filter(pk=message.pk).update(created_at=at)
    return message


def test_an_eight_year_old_booking_is_archived_and_stripped_and_a_six_year_old_is_untouched():
    old = _booking_years_ago(8)
    recent = _booking_years_ago(6)
    old_message = _message(old, "그때 얘기한 약 이름이요", at=old.ends_at)
    later_message = _message(old, "요즘은 괜찮아요", at=NOW - datetime.timedelta(days=30))
    recent_message = _message(recent, "다음 주에 봬요", at=recent.ends_at)

    assert bookings_archive(now=NOW) == 1

    old.refresh_from_db()
    assert old.archived_at == NOW
    assert (old.location_detail, old.client_notes, old.practitioner_notes) == ("", "", "")
    assert old.status == "completed"  # the record of the session stays
    assert BookingParticipant.objects.filter(booking=old).count() == 1
    assert BookingStatusLog.objects.get(booking=old).reason == ""
    request = RescheduleRequest.objects.get(booking=old)
    assert (request.reason, request.response_note) == ("", "")
    assert not BookingReminder.objects.filter(booking=old).exists()
    history = apps.get_model("practitioners", "BookingHistory")
    assert not history.objects.filter(pgh_obj_id=old.pk).exists()
    stripped = Message.objects.get(pk=old_message.pk)
    assert (stripped.body, stripped.erased_at) == ("", NOW)
    assert Message.objects.get(pk=later_message.pk).body == "요즘은 괜찮아요"

    recent.refresh_from_db()
    assert recent.archived_at is None
    assert recent.client_notes == "요즘 잠을 못 자요"
    assert BookingStatusLog.objects.get(booking=recent).reason == "세션 메모"
    assert RescheduleRequest.objects.get(booking=recent).reason == "회사 일정 때문에요"
    assert BookingReminder.objects.filter(booking=recent).exists()
    assert Message.objects.get(pk=recent_message.pk).body == "다음 주에 봬요"


def test_a_second_run_archives_nothing():
    _booking_years_ago(8)

    assert bookings_archive(now=NOW) == 1
    assert bookings_archive(now=NOW) == 0
    assert bookings_archive(now=NOW + datetime.timedelta(days=1)) == 0


def test_it_works_in_batches_until_every_old_booking_is_archived():
    for _ in range(5):
        _booking_years_ago(9)

    assert bookings_archive(now=NOW, batch=2) == 5
    assert not Booking.objects.filter(archived_at__isnull=True).exists()


def test_the_cut_off_is_seven_calendar_years_and_a_leap_day_falls_back():
    leap_day = datetime.datetime(2028, 2, 29, 12, tzinfo=datetime.UTC)
    assert booking_archive_cutoff(now=leap_day) == datetime.datetime(
        2021, 2, 28, 12, tzinfo=datetime.UTC
    )
    assert booking_archive_cutoff(now=NOW) == datetime.datetime(
        2019, 11, 30, 3, tzinfo=datetime.UTC
    )


def test_the_nightly_retention_run_archives_and_logs_the_count():
    _booking_years_ago(8)
    _booking_years_ago(6)

    assert retention.run_job("practitioners.archive_bookings", now=NOW) == 1

    run = RetentionRun.objects.get(job="practitioners.archive_bookings")
    assert run.status == RetentionRun.Status.OK
    assert run.affected == 1
    assert "2019-11-30" in run.detail
    assert timezone.is_aware(Booking.objects.get(archived_at__isnull=False).archived_at)
