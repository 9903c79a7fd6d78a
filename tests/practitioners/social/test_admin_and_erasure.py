"""Operator console (moderation queue, payouts through billing's service, metadata only for
conversations) and the erasure of a client's data."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.exports import anonymisers
from billing.models import PractitionerPayout
from practitioners.models import (
    Conversation,
    HealthProfile,
    HealthRecord,
    HealthShare,
    Message,
    Practitioner,
    Review,
)
from practitioners.services import health_records as health
from practitioners.services import messaging, payouts, reviews

from .factories import BookingFactory, booking_payment

pytestmark = pytest.mark.django_db

KST = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture
def staff(client, operator):
    operator.is_superuser = True
    operator.save()
    client.force_login(operator)
    return client


def test_operator_hides_a_review_with_a_reason_and_the_rating_follows(staff):
    booking = BookingFactory()
    review = reviews.review_create(user=booking.client, booking=booking, rating=5)
    url = reverse("admin:practitioners_review_changelist")
    assert staff.get(url + "?status__exact=pending").status_code == 200
    response = staff.post(
        url,
        {"action": "hide", "_selected_action": [review.pk], "apply": "1", "reason": "광고성 내용"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "hidden"
    assert review.moderation_reason == "광고성 내용"
    assert Practitioner.objects.get(pk=booking.practitioner_id).rating_count == 0


def test_conversation_admin_never_shows_message_text(staff):
    booking = BookingFactory()
    conversation = messaging.conversation_start(
        client=booking.client, practitioner=booking.practitioner
    )
    messaging.message_send(conversation=conversation, sender=booking.client, body="아무도 못 봐요")
    listing = staff.get(reverse("admin:practitioners_conversation_changelist"))
    detail = staff.get(reverse("admin:practitioners_conversation_change", args=[conversation.pk]))
    for page in (listing, detail):
        assert page.status_code == 200
        assert "아무도 못 봐요" not in page.content.decode()


def _held_and_paid():
    at = datetime.datetime(2026, 11, 24, 10, tzinfo=KST)
    booking = BookingFactory(
        starts_at=at,
        ends_at=at + datetime.timedelta(hours=1),
        occupied_from=at,
        occupied_until=at + datetime.timedelta(hours=1),
        completed_at=at + datetime.timedelta(hours=1),
    )
    booking_payment(booking, approved_at=at - datetime.timedelta(days=1))
    return booking


def test_payout_admin_creates_through_payout_create_and_marks_paid(staff):
    booking = _held_and_paid()
    response = staff.post(
        reverse("admin:billing_practitionerpayout_add"),
        {
            "practitioner_id": str(booking.practitioner_id),
            "payee": str(booking.practitioner.user_id),
            "period_start": "2026-11-23",
            "period_end": "2026-11-30",
            "method": "bank_transfer",
        },
    )
    assert response.status_code == 302
    payout = PractitionerPayout.objects.get()
    assert payout.amount == 40000
    assert payout.payments.count() == 1
    # the same period again: nothing left to pay, nothing created
    staff.post(
        reverse("admin:billing_practitionerpayout_add"),
        {
            "practitioner_id": str(booking.practitioner_id),
            "payee": str(booking.practitioner.user_id),
            "period_start": "2026-11-23",
            "period_end": "2026-11-30",
            "method": "bank_transfer",
        },
    )
    assert PractitionerPayout.objects.count() == 1
    staff.post(
        reverse("admin:billing_practitionerpayout_changelist"),
        {
            "action": "mark_paid",
            "_selected_action": [payout.pk],
            "apply": "1",
            "provider_payout_id": "TR-1",
        },
    )
    payout.refresh_from_db()
    assert payout.status == "paid"
    assert payout.provider_payout_id == "TR-1"


def test_payout_admin_marks_failed_with_a_reason(staff):
    _held_and_paid()
    payouts.payouts_create_for_week(today=datetime.date(2026, 11, 30))
    payout = PractitionerPayout.objects.get()
    staff.post(
        reverse("admin:billing_practitionerpayout_changelist"),
        {"action": "mark_failed", "_selected_action": [payout.pk], "apply": "1", "reason": "계좌"},
    )
    payout.refresh_from_db()
    assert payout.status == "failed"
    assert payout.failure_reason == "계좌"


def test_erasing_a_client_removes_their_messages_records_and_reviews():
    booking = BookingFactory()
    client = booking.client
    reviews.review_create(user=client, booking=booking, rating=1)
    conversation = messaging.conversation_start(client=client, practitioner=booking.practitioner)
    messaging.message_send(conversation=conversation, sender=client, body="내 이야기")
    health.health_profile_update(user=client, allergies="땅콩")
    health.health_share_grant(
        client=client,
        practitioner=booking.practitioner,
        permission="read",
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    health.health_client_open(
        practitioner=booking.practitioner, actor=booking.practitioner.user, client_id=client.pk
    )

    anonymisers()["practitioners-social"](client)

    assert not Review.objects.filter(reviewer=client).exists()
    assert Practitioner.objects.get(pk=booking.practitioner_id).rating_count == 0
    assert not Conversation.objects.filter(client=client).exists()
    assert not Message.objects.filter(sender=client).exists()
    assert not HealthProfile.objects.filter(user=client).exists()
    assert not HealthRecord.objects.filter(client=client).exists()
    assert not HealthShare.objects.filter(client=client).exists()
