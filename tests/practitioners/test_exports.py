"""Every practitioners model holding a user's data is in their export and goes (or loses its
text) when the account is anonymised: bookings, reschedule requests, the waitlist, reviews,
messages and reactions, health profile/records/sharing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.exports import anonymisers, exporters
from practitioners.models import MessageReaction, RescheduleRequest, WaitlistEntry
from practitioners.services import health_records as health
from practitioners.services import messaging, reviews
from practitioners.services.waitlist import waitlist_join

from .social.factories import BookingFactory

pytestmark = pytest.mark.django_db


def _everything_of(booking):
    """A client's data in every practitioners table, from their completed session."""
    client = booking.client
    later = timezone.now() + datetime.timedelta(days=3)
    RescheduleRequest.objects.create(
        booking=booking,
        requested_by=client,
        original_starts_at=booking.starts_at,
        new_starts_at=later,
        new_ends_at=later + datetime.timedelta(hours=1),
        reason="출장이 잡혔어요",
        status="declined",
    )
    waitlist_join(
        user=client,
        service=booking.service,
        earliest=later,
        latest=later + datetime.timedelta(days=2),
    )
    reviews.review_create(user=client, booking=booking, rating=4)
    conversation = messaging.conversation_start(client=client, practitioner=booking.practitioner)
    sent = messaging.message_send(conversation=conversation, sender=client, body="감사해요").message
    messaging.reaction_toggle(message=sent, user=client, emoji="👍")
    health.health_profile_update(user=client, allergies="땅콩")
    health.health_record_add_own(client=client, title="수면 일기", body="4시간")
    return client


def test_the_export_holds_each_kind_of_the_users_data_and_nobody_elses():
    alice = _everything_of(BookingFactory())
    _everything_of(BookingFactory())  # someone else, with the same kinds of data

    practice = exporters()["practitioners"](alice)
    social = exporters()["practitioners-social"](alice)

    assert len(practice["bookings"]) == 1
    assert [r["reason"] for r in practice["reschedule_requests"]] == ["출장이 잡혔어요"]
    assert [w["status"] for w in practice["waitlist"]] == ["waiting"]
    assert [r["rating"] for r in social["reviews"]] == [4]
    assert [m["body"] for m in social["messages_sent"]] == ["감사해요"]
    assert [r["emoji"] for r in social["message_reactions"]] == ["👍"]
    assert social["health_profile"]["allergies"] == "땅콩"
    assert [r["title"] for r in social["health_records"]] == ["수면 일기"]


def test_anonymising_removes_the_waitlist_reactions_and_reschedule_reasons():
    alice = _everything_of(BookingFactory())
    bob = _everything_of(BookingFactory())

    for name in ("practitioners", "practitioners-social"):
        anonymisers()[name](alice)

    assert not WaitlistEntry.objects.filter(user=alice).exists()
    assert not MessageReaction.objects.filter(user=alice).exists()
    assert RescheduleRequest.objects.get(requested_by=alice).reason == ""
    assert exporters()["practitioners-social"](alice)["messages_sent"] == []
    assert WaitlistEntry.objects.filter(user=bob).exists()
    assert MessageReaction.objects.filter(user=bob).exists()
    assert RescheduleRequest.objects.get(requested_by=bob).reason == "출장이 잡혔어요"
