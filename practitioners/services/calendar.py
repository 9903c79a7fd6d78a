"""Calendar files: one ``.ics`` per booking and a private feed of a user's sessions (icalendar)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User
from practitioners.models import Booking, CalendarFeed

FEED_SALT = "practitioners.calendar-feed"


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Haru//practitioners//KO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    return cal


def _event(booking: Booking, *, show_location: bool) -> Event:
    event = Event()
    event.add("uid", f"booking-{booking.pk}@haru")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"{booking.service.name} · {booking.practitioner.name}")
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    if show_location and booking.location_detail:
        event.add("location", booking.location_detail)
    return event


def booking_ics(*, booking: Booking) -> bytes:
    """One booking as an iCalendar file (only ever served to its participants)."""
    cal = _calendar()
    cal.add_component(_event(booking, show_location=True))
    return cal.to_ical()


def bookings_ics(*, bookings: Iterable[Booking], name: str) -> bytes:
    cal = _calendar()
    cal.add("x-wr-calname", name)
    for booking in bookings:
        cal.add_component(_event(booking, show_location=True))
    return cal.to_ical()


def calendar_feed_token(*, user: User) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return signing.dumps({"u": str(user.pk), "v": feed.version}, salt=FEED_SALT, compress=True)


def calendar_feed_url(*, user: User) -> str:
    return reverse("practitioners:calendar_feed", args=[calendar_feed_token(user=user)])


def calendar_feed_rotate(*, user: User) -> str:
    """Revoke every feed URL handed out so far; returns the new one."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            CalendarFeed.objects.filter(pk=feed.pk).update(
                version=F("version") + 1, rotated_at=timezone.now()
            )
    return calendar_feed_url(user=user)


def calendar_feed_user(*, token: str) -> User | None:
    """The user a current feed token belongs to, or None (forged, rotated, deleted)."""
    try:
        payload = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(user_id=payload.get("u"), version=payload.get("v"))
        .first()
    )
    if feed is None or feed.user.deleted_at is not None:
        return None
    return feed.user
