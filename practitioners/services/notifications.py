"""What practitioners tells people, through ``accounts.services.notify`` (after commit)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accounts.services import Attachment
from accounts.services import notify as _notify
from practitioners.enums import SeatStatus
from practitioners.models import Booking, BookingParticipant
from practitioners.services.calendar import booking_ics
from practitioners.services.links import booking_link


def _when_for(booking: Booking, user) -> str:
    """The session's start in the user's own time zone and language."""
    tz = ZoneInfo(getattr(user, "timezone", "") or "Asia/Seoul")
    local = booking.starts_at.astimezone(tz)
    with override(getattr(user, "language", None) or "ko"):
        return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}"


def _when(seat: BookingParticipant) -> str:
    return _when_for(seat.booking, seat.user)


def _links(seat: BookingParticipant) -> dict:
    return {
        "url": reverse("practitioners:booking_detail", args=[seat.booking_id]),
        "ics": reverse("practitioners:booking_ics", args=[seat.booking_id]),
        "cancel_url": booking_link(seat=seat, action="cancel"),
        "reschedule_url": booking_link(seat=seat, action="reschedule"),
    }


def _ics(booking: Booking) -> Attachment:
    """The booking as a calendar file for the e-mail (the same one the booking page serves)."""
    return Attachment(
        name=f"haru-{booking.pk}.ics",
        content_type="text/calendar",
        content=booking_ics(booking=booking),
    )


def notify_booking_confirmed(*, seat_id) -> None:
    seat = BookingParticipant.objects.select_related(
        "user", "booking__service", "booking__practitioner__user"
    ).get(pk=seat_id)
    booking = seat.booking
    with override(seat.user.language or "ko"):
        _notify(
            user=seat.user,
            type="practitioners.booking_confirmed",
            title=_("Your session is booked"),
            body=_(
                "%(service)s with %(practitioner)s on %(when)s. "
                "Add it to your calendar with the attached file."
            )
            % {
                "service": booking.service.name,
                "practitioner": booking.practitioner.name,
                "when": _when(seat),
            },
            data=_links(seat),
            channels=("in_app", "email", "push"),
            dedupe_key=f"practitioners.confirmed.{seat.pk}",
            attachments=[_ics(booking)],
        )
    with override(booking.practitioner.user.language or "ko"):
        _notify(
            user=booking.practitioner.user,
            type="practitioners.new_booking",
            title=_("New booking"),
            body=_("%(client)s booked %(service)s.")
            % {
                "client": seat.user.nickname or seat.user.email or "",
                "service": booking.service.name,
            },
            data={"url": reverse("practitioners:dashboard")},
            channels=("in_app", "email"),
            dedupe_key=f"practitioners.new_booking.{seat.pk}",
            attachments=[_ics(booking)],
        )


REMINDER_TEXT = {
    "day_before": (
        _("Your session is tomorrow"),
        _("%(service)s with %(practitioner)s at %(when)s."),
    ),
    "hour_before": (
        _("Your session starts in an hour"),
        _("%(service)s with %(practitioner)s at %(when)s."),
    ),
    "follow_up": (
        _("How was your session?"),
        _("Thank you for meeting %(practitioner)s. %(follow_up)s"),
    ),
}


def notify_reminder(*, seat: BookingParticipant, kind: str) -> None:
    title, body = REMINDER_TEXT[kind]
    booking = seat.booking
    with override(seat.user.language or "ko"):
        _notify(
            user=seat.user,
            type=f"practitioners.{kind}",
            title=title,
            body=body
            % {
                "service": booking.service.name,
                "practitioner": booking.practitioner.name,
                "when": _when(seat),
                "follow_up": booking.service.follow_up_text,
            },
            data=_links(seat),
            channels=("in_app", "email", "push"),
            dedupe_key=f"practitioners.{kind}.{seat.pk}",
        )


def notify_waitlist_offer(*, seat: BookingParticipant, checkout_url: str) -> None:
    booking = seat.booking
    with override(seat.user.language or "ko"):
        _notify(
            user=seat.user,
            type="practitioners.waitlist_offer",
            title=_("A time you waited for is free"),
            body=_(
                "%(service)s with %(practitioner)s on %(when)s is held for you. "
                "Pay before the hold ends to keep it."
            )
            % {
                "service": booking.service.name,
                "practitioner": booking.practitioner.name,
                "when": _when(seat),
            },
            data={"url": checkout_url},
            channels=("in_app", "email", "push"),
            priority="urgent",
            dedupe_key=f"practitioners.waitlist_offer.{seat.pk}",
        )


def notify_reschedule(*, user, title, body, url: str, key: str) -> None:
    with override(user.language or "ko"):
        _notify(
            user=user,
            type="practitioners.reschedule",
            title=title,
            body=body,
            data={"url": url},
            channels=("in_app", "email"),
            dedupe_key=key,
        )


def notify_booking_moved(*, booking_id, request_id) -> None:
    """An accepted reschedule: the client(s) and the practitioner get the new time, with the
    new ``.ics`` (its UID is the new booking's, so calendars add it beside the old one, which
    the feed marks as moved)."""
    booking = Booking.objects.select_related("service", "practitioner__user").get(pk=booking_id)
    seats = booking.participants.filter(status=SeatStatus.CONFIRMED).select_related(
        "user", "booking"
    )
    for seat in seats:
        with override(seat.user.language or "ko"):
            _notify(
                user=seat.user,
                type="practitioners.reschedule",
                title=_("Your session was moved"),
                body=_("%(service)s with %(practitioner)s is now on %(when)s.")
                % {
                    "service": booking.service.name,
                    "practitioner": booking.practitioner.name,
                    "when": _when(seat),
                },
                data=_links(seat),
                channels=("in_app", "email", "push"),
                dedupe_key=f"practitioners.moved.{request_id}.{seat.pk}",
                attachments=[_ics(booking)],
            )
    practitioner_user = booking.practitioner.user
    with override(practitioner_user.language or "ko"):
        _notify(
            user=practitioner_user,
            type="practitioners.reschedule",
            title=_("A session was moved"),
            body=_("%(service)s is now on %(when)s.")
            % {"service": booking.service.name, "when": _when_for(booking, practitioner_user)},
            data={"url": reverse("practitioners:calendar")},
            channels=("in_app", "email"),
            dedupe_key=f"practitioners.moved.{request_id}.practitioner",
            attachments=[_ics(booking)],
        )
