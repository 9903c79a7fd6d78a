"""The waitlist: when a time frees up, the person who waited longest gets it first.

The freed slot is held for them (a pending booking, like any checkout hold) so nobody else
can take it during the offer; if they do not pay in time the hold expires and the next
freed time goes to the next person.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import HaruError
from practitioners.enums import WaitlistStatus
from practitioners.exceptions import AlreadyBooked, NotBookable, PractitionerError
from practitioners.models import Booking, BookingParticipant, Service, WaitlistEntry

if TYPE_CHECKING:
    from accounts.models import User


def _offer_minutes() -> int:
    return int(getattr(settings, "PRACTITIONERS_WAITLIST_OFFER_MINUTES", 120))


def waitlist_join(
    *, user: User, service: Service, earliest: datetime, latest: datetime
) -> WaitlistEntry:
    if not service.is_active or not service.practitioner.is_bookable:
        raise NotBookable(_("This service cannot be booked right now."))
    if earliest >= latest:
        raise PractitionerError(
            _("The end of the period must come after its start."), fields={"latest": ["order"]}
        )
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                practitioner=service.practitioner,
                service=service,
                user=user,
                earliest=earliest,
                latest=latest,
            )
    except IntegrityError as exc:
        raise AlreadyBooked(_("You are already on the waitlist for this service.")) from exc


def waitlist_leave(*, entry: WaitlistEntry) -> None:
    WaitlistEntry.objects.filter(
        pk=entry.pk, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    ).update(status=WaitlistStatus.CANCELLED)


def _notify_after_commit(seat: BookingParticipant, url: str) -> None:
    from practitioners.services.notifications import notify_waitlist_offer

    transaction.on_commit(lambda: notify_waitlist_offer(seat=seat, checkout_url=url))


def waitlist_offer_freed(*, booking_id, now: datetime | None = None) -> WaitlistEntry | None:
    """Offer the time of a cancelled booking to the first person waiting for it."""
    from practitioners.services.bookings import booking_checkout_start, booking_hold

    now = now or timezone.now()
    freed = Booking.objects.select_related("service__practitioner").get(pk=booking_id)
    if freed.starts_at <= now:
        return None
    candidates = WaitlistEntry.objects.filter(
        service=freed.service,
        status=WaitlistStatus.WAITING,
        earliest__lte=freed.starts_at,
        latest__gte=freed.ends_at,
    ).select_related("user")
    for entry in candidates.order_by("created_at", "id"):
        try:
            hold = booking_hold(
                client=entry.user,
                service=freed.service,
                starts_at=freed.starts_at,
                session_type=freed.session_type,
                now=now,
                hold_minutes=_offer_minutes(),
            )
        except (AlreadyBooked, NotBookable):
            continue  # this person cannot take it; the next one may
        except HaruError:
            return None  # the time is gone (taken, blocked, too soon)
        checkout = booking_checkout_start(hold=hold)
        WaitlistEntry.objects.filter(pk=entry.pk).update(
            status=WaitlistStatus.OFFERED,
            offered_starts_at=freed.starts_at,
            offer_expires_at=now + timedelta(minutes=_offer_minutes()),
        )
        _notify_after_commit(hold.seat, reverse("billing:checkout", args=[checkout.pk]))
        entry.refresh_from_db()
        return entry
    return None
