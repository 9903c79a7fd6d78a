"""Reminders 24 h and 1 h before a session and a follow-up after it, each exactly once.

The beat job runs every few minutes; a :class:`BookingReminder` row (unique per booking, user
and kind) is written before the notification, in the same transaction, so a retried or
overlapping run never sends one twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from practitioners.enums import BookingStatus, ReminderKind, SeatStatus
from practitioners.models import BookingParticipant, BookingReminder

# (kind, how long before the start it becomes due, until when before the start it may go)
WINDOWS = (
    (ReminderKind.DAY_BEFORE, timedelta(hours=24), timedelta(hours=2)),
    (ReminderKind.HOUR_BEFORE, timedelta(hours=1), timedelta(0)),
)
FOLLOW_UP_AFTER = timedelta(hours=1)
FOLLOW_UP_UNTIL = timedelta(days=2)


def _send(seat: BookingParticipant, kind: str) -> bool:
    from practitioners.services.notifications import notify_reminder

    try:
        with transaction.atomic():
            BookingReminder.objects.create(
                booking_id=seat.booking_id, user_id=seat.user_id, kind=kind
            )
            seat_id = seat.pk
            transaction.on_commit(
                lambda: notify_reminder(
                    seat=BookingParticipant.objects.select_related(
                        "user", "booking__service", "booking__practitioner"
                    ).get(pk=seat_id),
                    kind=kind,
                )
            )
    except IntegrityError:
        return False
    return True


def _already(kind: str) -> Exists:
    return Exists(
        BookingReminder.objects.filter(
            booking=OuterRef("booking"), user=OuterRef("user"), kind=kind
        )
    )


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder and follow-up that is due now and not sent yet. Returns how many."""
    now = now or timezone.now()
    sent = 0
    for kind, due_before, until_before in WINDOWS:
        seats = (
            BookingParticipant.objects.filter(
                status=SeatStatus.CONFIRMED,
                booking__status=BookingStatus.CONFIRMED,
                booking__starts_at__lte=now + due_before,
                booking__starts_at__gt=now + until_before,
            )
            .exclude(_already(kind))
            .select_related("booking")
        )
        for seat in seats:
            sent += _send(seat, kind)
    follow_ups = (
        BookingParticipant.objects.filter(
            status=SeatStatus.CONFIRMED,
            booking__status__in=[
                BookingStatus.COMPLETED,
                BookingStatus.CONFIRMED,
                BookingStatus.IN_PROGRESS,
            ],
            booking__ends_at__lte=now - FOLLOW_UP_AFTER,
            booking__ends_at__gt=now - FOLLOW_UP_UNTIL,
        )
        .exclude(_already(ReminderKind.FOLLOW_UP))
        .select_related("booking")
    )
    for seat in follow_ups:
        sent += _send(seat, ReminderKind.FOLLOW_UP)
    return sent
