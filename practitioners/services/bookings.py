"""Bookings: hold a slot, pay through billing, confirm, move through the state machine, cancel
with the service's refund tiers, reschedule.

Every status change goes through :func:`booking_transition`, which checks the transition and
writes the log row in the caller's transaction. Seats change only with the booking row
locked. Overlaps are refused by the database (exclusion constraint); the IntegrityError
becomes :class:`SlotUnavailable` (HTTP 409).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practitioners.enums import (
    BOOKING_TRANSITIONS,
    OCCUPYING_STATUSES,
    BookingStatus,
    SeatStatus,
)
from practitioners.exceptions import (
    AlreadyBooked,
    InvalidBookingTransition,
    NotBookable,
    SessionFull,
    SlotUnavailable,
)
from practitioners.models import Booking, BookingParticipant, BookingStatusLog, Service
from practitioners.services import slots as slot_engine

if TYPE_CHECKING:
    from accounts.models import User
    from billing.models import Checkout, Payment

logger = logging.getLogger(__name__)

TAKEN_MESSAGE = gettext_lazy("Someone else has just taken this time. Please choose another slot.")


def _hold_minutes() -> int:
    return int(getattr(settings, "PRACTITIONERS_HOLD_MINUTES", 15))


def _fee_percent() -> int:
    return int(getattr(settings, "PRACTITIONERS_PLATFORM_FEE_PERCENT", 15))


def platform_fee_for(amount: int) -> int:
    """The platform's share of a booking payment (rounded down: the practitioner keeps the rest)."""
    return amount * _fee_percent() // 100


# --- the state machine --------------------------------------------------------------------------


def booking_transition(
    *, booking: Booking, to_status: str, actor: User | None = None, reason: str = ""
) -> Booking:
    """Move a (locked) booking to ``to_status`` and log it; refuses transitions not allowed."""
    from_status = booking.status
    if to_status not in BOOKING_TRANSITIONS.get(from_status, frozenset()):
        raise InvalidBookingTransition(
            _("A booking that is %(from)s cannot become %(to)s.")
            % {
                "from": BookingStatus(from_status).label,
                "to": BookingStatus(to_status).label,
            }
        )
    now = timezone.now()
    booking.status = to_status
    stamp = {
        BookingStatus.CONFIRMED: "confirmed_at",
        BookingStatus.IN_PROGRESS: "started_at",
        BookingStatus.COMPLETED: "completed_at",
        BookingStatus.CANCELLED: "cancelled_at",
        BookingStatus.NO_SHOW: "no_show_at",
    }.get(BookingStatus(to_status))
    if stamp:
        setattr(booking, stamp, now)
    if to_status != BookingStatus.PENDING:
        booking.hold_expires_at = None
    booking.save()
    BookingStatusLog.objects.create(
        booking=booking,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=reason[:500],
    )
    return booking


def _lock(booking_id) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("practitioner", "service")
        .get(pk=booking_id)
    )


# --- holding a slot -----------------------------------------------------------------------------


def _release_expired_holds(
    *, practitioner_id, start: datetime, end: datetime, now: datetime
) -> None:
    """Cancel expired holds in the way of ``[start, end)`` so the constraint sees them gone."""
    expired = Booking.objects.select_for_update(skip_locked=True).filter(
        practitioner_id=practitioner_id,
        status=BookingStatus.PENDING,
        hold_expires_at__lte=now,
        occupied_from__lt=end,
        occupied_until__gt=start,
    )
    for booking in expired:
        _expire_hold(booking)


def _expire_hold(booking: Booking) -> None:
    booking.participants.filter(status=SeatStatus.HELD).update(
        status=SeatStatus.CANCELLED, cancelled_at=timezone.now()
    )
    booking.seats_taken = 0
    booking_transition(
        booking=booking, to_status=BookingStatus.CANCELLED, reason="hold expired before payment"
    )


def bookings_expire_holds(*, now: datetime | None = None) -> int:
    """Beat job: cancel bookings and seats whose checkout time ran out unpaid."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for booking in Booking.objects.select_for_update(skip_locked=True).filter(
            status=BookingStatus.PENDING, hold_expires_at__lte=now
        ):
            _expire_hold(booking)
            count += 1
        # held seats of confirmed group sessions
        for seat in (
            BookingParticipant.objects.select_for_update(skip_locked=True)
            .filter(status=SeatStatus.HELD, hold_expires_at__lte=now)
            .exclude(booking__status=BookingStatus.PENDING)
        ):
            booking = _lock(seat.booking_id)
            seat.status = SeatStatus.CANCELLED
            seat.cancelled_at = now
            seat.save(update_fields=["status", "cancelled_at"])
            Booking.objects.filter(pk=booking.pk).update(seats_taken=F("seats_taken") - 1)
            count += 1
    return count


@dataclass(frozen=True)
class Hold:
    booking: Booking
    seat: BookingParticipant


def booking_hold(
    *,
    client: User,
    service: Service,
    starts_at: datetime,
    session_type: str,
    notes: str = "",
    now: datetime | None = None,
    hold_minutes: int | None = None,
) -> Hold:
    """Hold a seat at ``starts_at`` for ``client`` until the checkout ends.

    A one-to-one service creates a pending booking; a group service joins the open session at
    that time (or opens it) while seats remain. Raises ``SlotUnavailable`` (409) when the time
    is not bookable or another booking won the race, ``SessionFull`` when no seat is left.
    """
    now = now or timezone.now()
    practitioner = service.practitioner
    if not (service.is_active and practitioner.is_bookable):
        raise NotBookable(_("This service cannot be booked right now."))
    if practitioner.user_id == client.pk:
        raise NotBookable(_("You cannot book your own service."))
    if session_type not in service.session_types:
        raise NotBookable(_("This service is not offered as that session type."))
    slot = slot_engine.slot_is_open(
        service=service, starts_at=starts_at, session_type=session_type, now=now
    )
    if slot is None:
        if (
            service.is_group
            and Booking.objects.filter(
                service=service,
                starts_at=starts_at,
                status__in=OCCUPYING_STATUSES,
                seats_taken__gte=F("seats"),
            ).exists()
        ):
            raise SessionFull(_("Every seat in this session is taken."))
        raise SlotUnavailable(str(TAKEN_MESSAGE))
    expires = now + timedelta(minutes=hold_minutes or _hold_minutes())
    duration = timedelta(minutes=service.duration_minutes)
    ends_at = starts_at + duration
    occupied_from = starts_at - timedelta(minutes=practitioner.buffer_before_minutes)
    occupied_until = ends_at + timedelta(minutes=practitioner.buffer_after_minutes)
    with transaction.atomic():
        _release_expired_holds(
            practitioner_id=practitioner.pk, start=occupied_from, end=occupied_until, now=now
        )
        if service.is_group:
            return _join_group(
                client=client,
                service=service,
                starts_at=starts_at,
                ends_at=ends_at,
                occupied=(occupied_from, occupied_until),
                session_type=session_type,
                notes=notes,
                expires=expires,
            )
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    practitioner=practitioner,
                    service=service,
                    client=client,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    occupied_from=occupied_from,
                    occupied_until=occupied_until,
                    session_type=session_type,
                    hold_expires_at=expires,
                    seats=1,
                    seats_taken=1,
                    price=service.price,
                    currency=service.currency,
                    client_notes=notes,
                )
        except IntegrityError as exc:
            raise SlotUnavailable(str(TAKEN_MESSAGE)) from exc
        BookingStatusLog.objects.create(
            booking=booking, to_status=BookingStatus.PENDING, actor=client, reason="held"
        )
        seat = BookingParticipant.objects.create(
            booking=booking,
            user=client,
            status=SeatStatus.HELD,
            hold_expires_at=expires,
            price=service.price,
            currency=service.currency,
        )
        return Hold(booking, seat)


def _join_group(
    *,
    client: User,
    service: Service,
    starts_at: datetime,
    ends_at: datetime,
    occupied: tuple[datetime, datetime],
    session_type: str,
    notes: str,
    expires: datetime,
) -> Hold:
    def open_session() -> Booking | None:
        return (
            Booking.objects.select_for_update()
            .filter(
                practitioner_id=service.practitioner_id,
                service=service,
                starts_at=starts_at,
                status__in=OCCUPYING_STATUSES,
            )
            .first()
        )

    booking = open_session()
    if booking is None:
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    practitioner_id=service.practitioner_id,
                    service=service,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    occupied_from=occupied[0],
                    occupied_until=occupied[1],
                    session_type=session_type,
                    hold_expires_at=expires,
                    seats=service.seats,
                    seats_taken=0,
                    price=service.price,
                    currency=service.currency,
                )
                BookingStatusLog.objects.create(
                    booking=booking, to_status=BookingStatus.PENDING, actor=client, reason="opened"
                )
        except IntegrityError:
            # another client opened this session (or something else took the time) meanwhile
            booking = open_session()
            if booking is None:
                raise SlotUnavailable(str(TAKEN_MESSAGE)) from None
    if booking.ends_at != ends_at:
        raise SlotUnavailable(str(TAKEN_MESSAGE))
    if booking.seats_taken >= booking.seats:
        raise SessionFull(_("Every seat in this session is taken."))
    if booking.participants.filter(
        user=client, status__in=[SeatStatus.HELD, SeatStatus.CONFIRMED]
    ).exists():
        raise AlreadyBooked(_("You already have a seat in this session."))
    booking.seats_taken += 1
    if booking.status == BookingStatus.PENDING:
        booking.hold_expires_at = max(booking.hold_expires_at or expires, expires)
    booking.save(update_fields=["seats_taken", "hold_expires_at", "updated_at"])
    seat = BookingParticipant.objects.create(
        booking=booking,
        user=client,
        status=SeatStatus.HELD,
        hold_expires_at=expires,
        price=service.price,
        currency=service.currency,
    )
    if notes:
        logger.debug("group seat notes are not stored per seat")
    return Hold(booking, seat)


# --- paying ------------------------------------------------------------------------------------


def booking_checkout_start(*, hold: Hold) -> Checkout:
    """Open billing's checkout for a held seat; the checkout ends when the hold does."""
    from billing.services import checkout_start_booking

    booking, seat = hold.booking, hold.seat
    assert seat.hold_expires_at is not None, "a held seat has an expiry"
    checkout = checkout_start_booking(
        user=seat.user,
        booking_id=booking.pk,
        practitioner_id=booking.practitioner_id,
        amount=seat.price,
        currency=seat.currency,
        platform_fee=platform_fee_for(seat.price),
        order_name=f"Haru {booking.service.name_en or booking.service.name_ko}",
        expires_at=seat.hold_expires_at,
        description_key="practitioners.booking",
        description_params={
            "service": booking.service.name_ko,
            "service_en": booking.service.name_en,
            "practitioner": booking.practitioner.display_name,
        },
        return_url=reverse("practitioners:booking_detail", args=[booking.pk]),
    )
    BookingParticipant.objects.filter(pk=seat.pk).update(checkout_id=checkout.pk)
    seat.checkout_id = checkout.pk
    return checkout


def booking_payment_succeeded(payment: Payment) -> None:
    """Billing's fulfiller for booking payments: confirm the seat the payment paid for.

    Runs inside the transaction that approves the payment; safe to run twice. When the hold
    ran out and the time went to someone else, the payment is refunded in full after commit.
    """
    if payment.booking_id is None:
        return
    booking = _lock(payment.booking_id)
    seat = (
        BookingParticipant.objects.select_for_update()
        .filter(booking=booking, user_id=payment.user_id)
        .order_by("-created_at")
        .first()
    )
    if seat is None:
        _refund_late(payment)
        return
    if seat.status == SeatStatus.CONFIRMED:
        return
    if seat.status != SeatStatus.HELD or booking.status not in OCCUPYING_STATUSES:
        _refund_late(payment)
        return
    seat.status = SeatStatus.CONFIRMED
    seat.payment_id = payment.pk
    seat.hold_expires_at = None
    seat.save(update_fields=["status", "payment_id", "hold_expires_at"])
    if booking.status == BookingStatus.PENDING:
        booking_transition(
            booking=booking, to_status=BookingStatus.CONFIRMED, actor=seat.user, reason="paid"
        )
    from practitioners.services.notifications import notify_booking_confirmed

    transaction.on_commit(lambda: notify_booking_confirmed(seat_id=seat.pk))


def _refund_late(payment: Payment) -> None:
    from practitioners.tasks import refund_late_booking_payment

    payment_id = str(payment.pk)
    transaction.on_commit(lambda: refund_late_booking_payment.delay(payment_id))


def booking_refund_late_payment(*, payment_id) -> None:
    from billing.enums import RefundReason
    from billing.models import Payment as PaymentModel
    from billing.services import payment_refund

    payment = PaymentModel.objects.get(pk=payment_id)
    if payment.refundable_amount <= 0:
        return
    payment_refund(
        payment=payment,
        reason=RefundReason.TECHNICAL_ISSUE,
        description="booking hold ran out before the payment was confirmed",
        idempotency_key=f"booking-late-{payment.pk}",
    )


# --- cancelling ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundQuote:
    percent: int
    amount: int
    currency: str
    notice_hours: float


def refund_percent_for(tiers: list[dict], notice: timedelta) -> int:
    """The first tier (longest notice first) whose notice the cancellation meets; else 0."""
    hours = notice.total_seconds() / 3600
    for tier in sorted(tiers or [], key=lambda t: -float(t.get("min_notice_hours", 0))):
        if hours >= float(tier.get("min_notice_hours", 0)):
            return max(0, min(100, int(tier.get("refund_percent", 0))))
    return 0


def cancellation_quote(
    *, seat: BookingParticipant, by_practitioner: bool = False, now: datetime | None = None
) -> RefundQuote:
    """What cancelling ``seat`` now gives back (a practitioner's cancellation refunds in full)."""
    now = now or timezone.now()
    booking = seat.booking
    notice = booking.starts_at - now
    paid = seat.status == SeatStatus.CONFIRMED and seat.payment_id is not None
    if not paid:
        return RefundQuote(0, 0, seat.currency, notice.total_seconds() / 3600)
    percent = (
        100 if by_practitioner else refund_percent_for(booking.service.cancellation_tiers, notice)
    )
    # rounded down to the currency's unit (won have none smaller)
    amount = math.floor((seat.price - seat.refunded_amount) * percent / 100)
    return RefundQuote(percent, amount, seat.currency, notice.total_seconds() / 3600)


def booking_cancel_seat(
    *, seat: BookingParticipant, actor: User | None, reason: str = "", now: datetime | None = None
) -> RefundQuote:
    """A client gives up their seat: the refund follows the service's tiers.

    For a one-to-one session the whole booking is cancelled (and the time freed).
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = _lock(seat.booking_id)
        seat = BookingParticipant.objects.select_for_update().get(pk=seat.pk)
        if seat.status == SeatStatus.CANCELLED:
            raise InvalidBookingTransition(_("This booking is already cancelled."))
        if booking.status not in OCCUPYING_STATUSES:
            raise InvalidBookingTransition(
                _("A booking that is %(status)s cannot be cancelled.")
                % {"status": BookingStatus(booking.status).label}
            )
        seat.booking = booking
        quote = cancellation_quote(seat=seat, now=now)
        _cancel_seat(seat, quote, actor=actor, reason=reason, now=now)
        active_left = booking.participants.filter(
            status__in=[SeatStatus.HELD, SeatStatus.CONFIRMED]
        ).exists()
        booking.seats_taken = max(0, booking.seats_taken - 1)
        booking.save(update_fields=["seats_taken", "updated_at"])
        if not booking.is_group or not active_left:
            booking.cancellation_reason = reason
            booking.cancelled_by = actor
            booking_transition(
                booking=booking, to_status=BookingStatus.CANCELLED, actor=actor, reason=reason
            )
        _after_freed(booking)
    return quote


def booking_cancel_by_practitioner(
    *, booking: Booking, actor: User | None, reason: str = "", now: datetime | None = None
) -> int:
    """The practitioner cancels the session: every paid seat is refunded in full."""
    now = now or timezone.now()
    refunded = 0
    with transaction.atomic():
        booking = _lock(booking.pk)
        if booking.status not in OCCUPYING_STATUSES:
            raise InvalidBookingTransition(_("Only upcoming bookings can be cancelled."))
        for seat in booking.participants.select_for_update().filter(
            status__in=[SeatStatus.HELD, SeatStatus.CONFIRMED]
        ):
            seat.booking = booking
            quote = cancellation_quote(seat=seat, by_practitioner=True, now=now)
            _cancel_seat(seat, quote, actor=actor, reason=reason, now=now)
            refunded += quote.amount
        booking.seats_taken = 0
        booking.cancellation_reason = reason
        booking.cancelled_by = actor
        booking_transition(
            booking=booking, to_status=BookingStatus.CANCELLED, actor=actor, reason=reason
        )
        _after_freed(booking)
    return refunded


def _cancel_seat(
    seat: BookingParticipant, quote: RefundQuote, *, actor: User | None, reason: str, now: datetime
) -> None:
    if quote.amount > 0 and seat.payment_id is not None:
        from billing.enums import RefundReason
        from billing.models import Payment as PaymentModel
        from billing.services import payment_refund

        payment_refund(
            payment=PaymentModel.objects.get(pk=seat.payment_id),
            reason=RefundReason.CANCELLATION,
            amount=quote.amount,
            description=f"booking cancelled ({quote.percent}%)",
            requested_by=actor,
            idempotency_key=f"booking-cancel-{seat.pk}",
        )
        seat.refunded_amount += quote.amount
    seat.status = SeatStatus.CANCELLED
    seat.cancelled_at = now
    seat.save(update_fields=["status", "cancelled_at", "refunded_amount"])


def _after_freed(booking: Booking) -> None:
    from practitioners.tasks import offer_freed_slot

    booking_id = str(booking.pk)
    transaction.on_commit(lambda: offer_freed_slot.delay(booking_id))


# --- the session itself -------------------------------------------------------------------------


def booking_start(*, booking: Booking, actor: User | None) -> Booking:
    with transaction.atomic():
        booking = _lock(booking.pk)
        return booking_transition(
            booking=booking, to_status=BookingStatus.IN_PROGRESS, actor=actor, reason="started"
        )


def booking_complete(*, booking: Booking, actor: User | None) -> Booking:
    from practitioners.models import Practitioner

    with transaction.atomic():
        booking = _lock(booking.pk)
        booking_transition(
            booking=booking, to_status=BookingStatus.COMPLETED, actor=actor, reason="completed"
        )
        Practitioner.objects.filter(pk=booking.practitioner_id).update(
            completed_sessions=F("completed_sessions") + 1
        )
        return booking


def booking_mark_no_show(*, booking: Booking, actor: User | None) -> Booking:
    with transaction.atomic():
        booking = _lock(booking.pk)
        if booking.starts_at > timezone.now():
            raise InvalidBookingTransition(
                _("A session can be marked as missed only once it has started.")
            )
        return booking_transition(
            booking=booking, to_status=BookingStatus.NO_SHOW, actor=actor, reason="no-show"
        )
