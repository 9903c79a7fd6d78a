"""Giving consent to a trial turning paid: the page (ko, en) and the API, each the owner's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.enums import SubscriptionStatus
from billing.models import SubscriptionConsent
from tests.billing.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def trialing(user, *, days_left=5):
    end = timezone.now() + timedelta(days=days_left)
    return SubscriptionFactory(
        user=user,
        status=SubscriptionStatus.TRIALING,
        trial_end=end,
        current_period_start=timezone.now() - timedelta(days=2),
        current_period_end=end,
        agreed_price=9900,
    )


def test_the_subscription_page_asks_for_consent_in_korean_and_records_it(client, alice):
    subscription = trialing(alice)
    client.force_login(alice)

    body = client.get(reverse("billing:settings"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "무료 체험이 곧 끝나요" in body
    assert "9,900원" in body
    assert "동의하지 않으면" in body

    response = client.post(reverse("billing:consent"))

    assert response.status_code == 302
    consent = SubscriptionConsent.objects.get(subscription=subscription)
    assert consent.channel == "web"
    assert consent.user == alice
    assert "9,900원" in consent.text
    body = client.get(reverse("billing:settings"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "동의했어요" in body


def test_the_subscription_page_asks_for_consent_in_english(client, alice):
    trialing(alice)
    client.force_login(alice)
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("billing:settings"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your free trial is ending" in body
    assert "I agree" in body
    assert "nothing is charged" in body


def test_consent_too_early_shows_when_it_opens(client, alice):
    trialing(alice, days_left=45)
    client.force_login(alice)
    alice.language = "en"
    alice.save(update_fields=["language"])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("billing:settings"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You can agree from" in body
    client.post(reverse("billing:consent"))
    assert not SubscriptionConsent.objects.exists()


def test_another_user_posting_consent_never_touches_alices_subscription(client, alice, bob):
    trialing(alice)
    client.force_login(bob)
    client.post(reverse("billing:consent"))
    assert not SubscriptionConsent.objects.exists()


def test_api_shows_the_change_and_takes_consent(alice_api, alice):
    subscription = trialing(alice)

    shown = alice_api.get("/api/v1/billing/subscription/price-change/")
    assert shown.status_code == 200
    assert shown.json()["required"] is True
    change = shown.json()["change"]
    assert change["kind"] == "trial_to_paid"
    assert (change["old_amount"], change["new_amount"]) == (0, 9900)
    assert change["consented_at"] is None

    given = alice_api.post("/api/v1/billing/subscription/consent/")
    assert given.status_code == 201
    assert given.json()["channel"] == "api"
    assert SubscriptionConsent.objects.get().subscription == subscription
    again = alice_api.get("/api/v1/billing/subscription/price-change/").json()
    assert again["required"] is False
    assert again["change"]["consented_at"] is not None


def test_api_consent_without_a_subscription_is_404_and_another_users_is_unreachable(
    api_client, alice, bob
):
    trialing(alice)
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/billing/subscription/price-change/").status_code == 404
    assert api_client.post("/api/v1/billing/subscription/consent/").status_code == 404
    assert not SubscriptionConsent.objects.exists()


def test_api_consent_when_nothing_changes_is_409(alice_api, alice):
    SubscriptionFactory(user=alice, agreed_price=9900)
    response = alice_api.post("/api/v1/billing/subscription/consent/")
    assert response.status_code == 409
    assert response.json()["code"] == "no_consent_needed"
