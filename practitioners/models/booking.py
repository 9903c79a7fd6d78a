"""Bookings, their seats, status log, reschedule requests, reminders and the waitlist (seed 003).

A booking is one session in the practitioner's calendar. Every client who takes part holds a
:class:`BookingParticipant` row (one for a one-to-one session, up to ``seats`` for a group
session), each paid by its own billing payment. The database refuses two occupying bookings
of one practitioner whose occupied spans (session plus buffers) overlap.
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from practitioners.enums import (
    ACTIVE_SEAT_STATUSES,
    OCCUPYING_STATUSES,
    BookingStatus,
    ParticipantRole,
    ReminderKind,
    RescheduleStatus,
    SeatStatus,
    SessionType,
    WaitlistStatus,
)

from .practitioner import Practitioner, Service


class TsTzRange(Func):
    """``tstzrange(start, end, '[)')``: the half-open span the exclusion constraint compares."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "seats_taken"],
    model_name="BookingHistory",
)
class Booking(models.Model):
    """One session in a practitioner's calendar (seed 003 ``bookings``).

    ``occupied_from``/``occupied_until`` are the session widened by the practitioner's
    buffers; the exclusion constraint compares them. ``client`` is the person who booked a
    one-to-one session (empty for group sessions, whose clients are the participants).
    Change ``status`` only through ``practitioners.services.bookings``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="bookings"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="bookings")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practitioner_bookings",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    occupied_from = models.DateTimeField(editable=False)
    occupied_until = models.DateTimeField(editable=False)
    session_type = models.CharField(_("session type"), max_length=12, choices=SessionType.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BookingStatus.choices,
        default=BookingStatus.PENDING,
        editable=False,
    )
    hold_expires_at = models.DateTimeField(_("held until"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    seats_taken = models.PositiveSmallIntegerField(_("seats taken"), default=0)
    price = models.PositiveIntegerField(_("price per seat"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    # where it happens, copied from the practitioner when confirmed; shown to participants only
    location_detail = models.TextField(_("location"), blank=True)
    client_notes = models.TextField(_("notes from the client"), blank=True)
    practitioner_notes = models.TextField(_("notes from the practitioner"), blank=True)
    cancellation_reason = models.TextField(_("why it was cancelled"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    no_show_at = models.DateTimeField(null=True, blank=True)
    rescheduled_to = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_from"
    )
    # Set by the seven-year archive (services/archive.py), which also strips the free texts.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("starts_at",)
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            models.Index(fields=["practitioner", "starts_at"], name="prac_booking_calendar"),
            models.Index(fields=["client", "starts_at"], name="prac_booking_client"),
            models.Index(fields=["status", "starts_at"], name="prac_booking_status"),
            models.Index(
                fields=["hold_expires_at"],
                condition=Q(status=BookingStatus.PENDING),
                name="prac_booking_holds",
            ),
            models.Index(
                fields=["ends_at"],
                condition=Q(archived_at__isnull=True),
                name="prac_booking_to_archive",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="prac_booking_order"
            ),
            models.CheckConstraint(
                condition=Q(occupied_from__lte=F("starts_at"), occupied_until__gte=F("ends_at")),
                name="prac_booking_occupied_covers",
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("seats")), name="prac_booking_seats_within"
            ),
            ExclusionConstraint(
                name="prac_booking_no_overlap",
                expressions=[
                    (
                        TsTzRange("occupied_from", "occupied_until", RangeBoundary()),
                        RangeOperators.OVERLAPS,
                    ),
                    ("practitioner", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=list(OCCUPYING_STATUSES)),
                violation_error_message=_("This time overlaps another booking."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def is_group(self) -> bool:
        return self.seats > 1

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class BookingParticipant(models.Model):
    """One client's seat in a booking, paid by its own billing payment (``payment_id``)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="booking_seats"
    )
    role = models.CharField(
        max_length=12, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    status = models.CharField(
        _("seat"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.HELD
    )
    hold_expires_at = models.DateTimeField(_("held until"), null=True, blank=True)
    payment_id = models.UUIDField(_("payment"), null=True, blank=True, db_index=True)
    checkout_id = models.UUIDField(_("checkout"), null=True, blank=True)
    price = models.PositiveIntegerField(_("price"))
    currency = models.CharField(max_length=3, default="KRW")
    refunded_amount = models.PositiveIntegerField(_("refunded"), default=0)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["user", "status"], name="prac_seat_user")]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "user"],
                condition=Q(status__in=list(ACTIVE_SEAT_STATUSES)),
                name="prac_one_active_seat_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"


class BookingStatusLog(models.Model):
    """Every booking transition, written in the transition's transaction."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="status_logs")
    from_status = models.CharField(max_length=12, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=BookingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("booking status change")
        verbose_name_plural = _("booking status changes")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class RescheduleRequest(models.Model):
    """One side proposes a new time; the other side accepts or declines."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="reschedule_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    original_starts_at = models.DateTimeField()
    new_starts_at = models.DateTimeField(_("proposed time"))
    new_ends_at = models.DateTimeField()
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        max_length=10, choices=RescheduleStatus.choices, default=RescheduleStatus.PENDING
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("reschedule request")
        verbose_name_plural = _("reschedule requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(original_starts_at=F("new_starts_at")),
                name="prac_reschedule_different_time",
            ),
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(status=RescheduleStatus.PENDING),
                name="prac_one_open_reschedule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_starts_at:%Y-%m-%d %H:%M} → {self.new_starts_at:%Y-%m-%d %H:%M}"


class BookingReminder(models.Model):
    """A reminder or follow-up sent for a booking to one user: the row makes it exactly once."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking reminder")
        verbose_name_plural = _("booking reminders")
        constraints = [
            models.UniqueConstraint(fields=["booking", "user", "kind"], name="prac_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} · {self.kind}"


class WaitlistEntry(models.Model):
    """A client waiting for a time with a practitioner; freed slots go to the oldest first."""

    practitioner = models.ForeignKey(
        Practitioner, on_delete=models.CASCADE, related_name="waitlist"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="waitlist")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practitioner_waitlist"
    )
    earliest = models.DateTimeField(_("from"))
    latest = models.DateTimeField(_("until"))
    status = models.CharField(
        max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    offered_starts_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        indexes = [
            models.Index(
                fields=["practitioner", "status", "created_at"], name="prac_waitlist_queue"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(earliest__lt=F("latest")), name="prac_waitlist_order"
            ),
            models.UniqueConstraint(
                fields=["service", "user"],
                condition=Q(status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]),
                name="prac_waitlist_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.service}"


class CalendarFeed(models.Model):
    """A user's private calendar feed: the URL carries a signed (user, version) token.

    Nothing secret is stored; bumping ``version`` revokes every URL handed out before.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practitioner_calendar_feed",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} · v{self.version}"
