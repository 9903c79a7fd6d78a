"""Signed links in e-mails that cancel or reschedule a seat without signing in.

The token names the seat and the action, and is signed with the project's secret
(``django.core.signing``, its own salt). It stops working once the session has started, and
a cancel link is used up once the seat is cancelled. Tokens are never stored or logged.
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practitioners.enums import SeatStatus
from practitioners.exceptions import LinkInvalid
from practitioners.models import BookingParticipant

SALT = "practitioners.booking-link"
ACTIONS = ("cancel", "reschedule")
MAX_AGE_SECONDS = 120 * 24 * 3600


def booking_token(*, seat: BookingParticipant, action: str) -> str:
    assert action in ACTIONS
    return signing.dumps({"s": seat.pk, "a": action}, salt=SALT, compress=True)


def booking_link(*, seat: BookingParticipant, action: str) -> str:
    return reverse("practitioners:booking_link", args=[booking_token(seat=seat, action=action)])


def seat_for_token(*, token: str, action: str) -> BookingParticipant:
    """The seat a valid, unexpired link acts on; ``LinkInvalid`` (404) otherwise."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as exc:
        raise LinkInvalid(_("This link is not valid any more.")) from exc
    if payload.get("a") != action:
        raise LinkInvalid(_("This link is not valid any more."))
    seat = (
        BookingParticipant.objects.select_related(
            "booking__service", "booking__practitioner", "user"
        )
        .filter(pk=payload.get("s"))
        .first()
    )
    if seat is None or seat.status == SeatStatus.CANCELLED:
        raise LinkInvalid(_("This link is not valid any more."))
    if seat.booking.starts_at <= timezone.now():
        raise LinkInvalid(_("This link is not valid any more."))
    return seat


def token_action(token: str) -> str:
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as exc:
        raise LinkInvalid(_("This link is not valid any more.")) from exc
    action = payload.get("a")
    if action not in ACTIONS:
        raise LinkInvalid(_("This link is not valid any more."))
    return str(action)
