"""Reschedule requests: one side proposes a new time, the other accepts or declines.

Accepting moves the session: the old booking becomes ``rescheduled`` (freeing its time) and a
new confirmed booking takes the new time with the same seats and payments, in one
transaction; the exclusion constraint refuses the move if the new time was taken meanwhile.
Payments are found through each seat's ``payment_id``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practitioners.enums import BookingStatus, RescheduleStatus, SeatStatus
from practitioners.exceptions import RescheduleNotAllowed, SlotUnavailable
from practitioners.models import Booking, BookingStatusLog, RescheduleRequest
from practitioners.services import slots as slot_engine
from practitioners.services.bookings import TAKEN_MESSAGE, _lock, booking_transition

if TYPE_CHECKING:
    from accounts.models import User


def _side(booking: Booking, user: User) -> str | None:
    if booking.practitioner.user_id == user.pk:
        return "practitioner"
    if booking.participants.filter(user=user, status=SeatStatus.CONFIRMED).exists():
        return "client"
    return None


def reschedule_propose(
    *, booking: Booking, by: User, new_starts_at: datetime, reason: str = ""
) -> RescheduleRequest:
    """Propose ``new_starts_at`` for a confirmed one-to-one booking."""
    with transaction.atomic():
        booking = _lock(booking.pk)
        if booking.status != BookingStatus.CONFIRMED or booking.is_group:
            raise RescheduleNotAllowed(_("Only confirmed one-to-one sessions can be moved."))
        if _side(booking, by) is None:
            raise RescheduleNotAllowed(_("Only the client or the practitioner can move a session."))
        if new_starts_at == booking.starts_at:
            raise RescheduleNotAllowed(_("Choose a different time."))
        if booking.reschedule_requests.filter(status=RescheduleStatus.PENDING).exists():
            raise RescheduleNotAllowed(
                _("A request to move this session is waiting for an answer.")
            )
        if (
            slot_engine.slot_is_open_ignoring(
                service=booking.service, starts_at=new_starts_at, ignore_booking_id=booking.pk
            )
            is None
        ):
            raise SlotUnavailable(str(TAKEN_MESSAGE))
        request = RescheduleRequest.objects.create(
            booking=booking,
            requested_by=by,
            original_starts_at=booking.starts_at,
            new_starts_at=new_starts_at,
            new_ends_at=new_starts_at + (booking.ends_at - booking.starts_at),
            reason=reason,
        )
        other = _other_side(booking, by)
        url = reverse("practitioners:booking_detail", args=[booking.pk])
        if other is not None:
            from practitioners.services.notifications import notify_reschedule

            transaction.on_commit(
                lambda: notify_reschedule(
                    user=other,
                    title=gettext_lazy("A new time was proposed"),
                    body=gettext_lazy("Please accept or decline the proposed time."),
                    url=url,
                    key=f"practitioners.reschedule.{request.pk}",
                )
            )
        return request


def _other_side(booking: Booking, by: User):  # -> User | None
    if booking.practitioner.user_id == by.pk:
        seat = (
            booking.participants.filter(status=SeatStatus.CONFIRMED).select_related("user").first()
        )
        return seat.user if seat else None
    return booking.practitioner.user


def reschedule_respond(
    *, request: RescheduleRequest, by: User, accept: bool, note: str = ""
) -> RescheduleRequest:
    """The other side answers. Accepting moves the booking (or raises ``SlotUnavailable``)."""
    with transaction.atomic():
        request = RescheduleRequest.objects.select_for_update().get(pk=request.pk)
        booking = _lock(request.booking_id)
        if request.status != RescheduleStatus.PENDING:
            raise RescheduleNotAllowed(_("This request was already answered."))
        side = _side(booking, by)
        if side is None:
            raise RescheduleNotAllowed(_("Only the client or the practitioner can answer."))
        if by.pk == request.requested_by_id:
            if accept:
                raise RescheduleNotAllowed(_("The other side has to accept your proposal."))
            request.status = RescheduleStatus.WITHDRAWN
        elif not accept:
            request.status = RescheduleStatus.DECLINED
        else:
            if booking.status != BookingStatus.CONFIRMED:
                raise RescheduleNotAllowed(_("Only confirmed sessions can be moved."))
            moved = _move(booking, request, by)
            request.status = RescheduleStatus.ACCEPTED
            from practitioners.services.notifications import notify_booking_moved

            moved_id, request_id = moved.pk, request.pk
            transaction.on_commit(
                lambda: notify_booking_moved(booking_id=moved_id, request_id=request_id)
            )
        request.responded_by = by
        request.responded_at = timezone.now()
        request.response_note = note
        request.save()
        return request


def _move(booking: Booking, request: RescheduleRequest, by: User) -> Booking:
    practitioner = booking.practitioner
    booking_transition(
        booking=booking, to_status=BookingStatus.RESCHEDULED, actor=by, reason="moved"
    )
    try:
        with transaction.atomic():
            moved = Booking.objects.create(
                practitioner=practitioner,
                service=booking.service,
                client=booking.client,
                starts_at=request.new_starts_at,
                ends_at=request.new_ends_at,
                occupied_from=request.new_starts_at
                - timedelta(minutes=practitioner.buffer_before_minutes),
                occupied_until=request.new_ends_at
                + timedelta(minutes=practitioner.buffer_after_minutes),
                session_type=booking.session_type,
                status=BookingStatus.CONFIRMED,
                confirmed_at=timezone.now(),
                seats=booking.seats,
                seats_taken=booking.seats_taken,
                price=booking.price,
                currency=booking.currency,
                location_detail=booking.location_detail,
                client_notes=booking.client_notes,
            )
    except IntegrityError as exc:
        raise SlotUnavailable(str(TAKEN_MESSAGE)) from exc
    BookingStatusLog.objects.create(
        booking=moved,
        to_status=BookingStatus.CONFIRMED,
        actor=by,
        reason=f"rescheduled from {booking.pk}",
    )
    booking.participants.filter(status=SeatStatus.CONFIRMED).update(booking=moved)
    booking.rescheduled_to = moved
    booking.save(update_fields=["rescheduled_to", "updated_at"])
    return moved
