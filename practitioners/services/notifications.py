"""What practitioners tells people, through ``accounts.services.notify`` (after commit)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accounts.services import notify as _notify
from practitioners.models import BookingParticipant
from practitioners.services.links import booking_link


def _when(seat: BookingParticipant) -> str:
    tz = ZoneInfo(getattr(seat.user, "timezone", "") or "Asia/Seoul")
    local = seat.booking.starts_at.astimezone(tz)
    with override(getattr(seat.user, "language", None) or "ko"):
        return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}"


def _links(seat: BookingParticipant) -> dict:
    return {
        "url": reverse("practitioners:booking_detail", args=[seat.booking_id]),
        "ics": reverse("practitioners:booking_ics", args=[seat.booking_id]),
        "cancel_url": booking_link(seat=seat, action="cancel"),
        "reschedule_url": booking_link(seat=seat, action="reschedule"),
    }


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
                "Add it to your calendar with the attached link."
            )
            % {
                "service": booking.service.name,
                "practitioner": booking.practitioner.name,
                "when": _when(seat),
            },
            data=_links(seat),
            channels=("in_app", "email", "push"),
            dedupe_key=f"practitioners.confirmed.{seat.pk}",
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
