"""Dunning: soft declines retried 7 times over 14 days; hard declines stop at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from billing import services
from billing.enums import SubscriptionStatus
from billing.models import Payment
from tests.billing.services.test_subscriptions import make_due, notification_types, subscribe

pytestmark = pytest.mark.django_db
CHARGES = r"/v1/billing/(?!authorizations).+"


def test_soft_declines_are_retried_seven_times_over_fourteen_days(alice, toss):
    subscription = make_due(subscribe(alice, toss, decline_later=True))
    due = subscription.current_period_end
    tries = []
    now = due + timedelta(minutes=1)
    while True:
        outcome = services.subscription_renew(subscription_id=subscription.pk, now=now)
        subscription.refresh_from_db()
        if outcome == "expired":
            break
        tries.append((subscription.next_billing_at - due).days)
        now = subscription.next_billing_at + timedelta(minutes=1)

    assert tries == [1, 2, 4, 6, 8, 11, 14]
    assert subscription.status == SubscriptionStatus.EXPIRED
    assert Payment.objects.filter(subscription=subscription, status="failed").count() == 8


def test_a_stolen_card_stops_retries_at_once_and_asks_for_a_new_card(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    toss.app_.billing_keys[subscription.payment_method.billing_key]["decline"] = (
        "INVALID_CARD_LOST_OR_STOLEN"
    )
    due = subscription.current_period_end

    assert services.subscription_renew(subscription_id=subscription.pk) == "failed"

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PAST_DUE
    assert subscription.payment_method.is_active is False
    assert subscription.next_billing_at == due + timedelta(days=14)
    assert "billing.payment_failed" in notification_types(alice)
    charges = len(toss.calls("POST", CHARGES))
    # the last day comes: the card is never charged again, the subscription expires
    later = subscription.next_billing_at + timedelta(minutes=1)
    assert services.subscription_renew(subscription_id=subscription.pk, now=later) == "expired"
    assert len(toss.calls("POST", CHARGES)) == charges


def test_after_a_hard_decline_a_new_card_pays_at_once(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    toss.app_.billing_keys[subscription.payment_method.billing_key]["decline"] = (
        "INVALID_STOPPED_CARD"
    )
    services.subscription_renew(subscription_id=subscription.pk)
    checkout = services.checkout_start_card_change(user=alice)

    recovered = services.checkout_register_card(
        checkout=checkout, auth_key=toss.app_.billing_auth(customer_key=checkout.customer_key)
    )

    assert recovered.status == SubscriptionStatus.ACTIVE
