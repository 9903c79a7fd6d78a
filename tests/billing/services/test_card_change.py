"""Changing the card on a subscription, and paying a past-due renewal with the new card
(against the local Toss server)."""

from __future__ import annotations

import pytest

from billing import services
from billing.enums import (
    CheckoutPurpose,
    CheckoutStatus,
    PaymentStatus,
    SubscriptionEventType,
    SubscriptionStatus,
)
from billing.exceptions import NoActiveSubscription, PaymentDeclined
from billing.models import Payment, PaymentMethod
from tests.billing.services.test_subscriptions import make_due, subscribe

pytestmark = pytest.mark.django_db


def past_due(user, toss):
    subscription = make_due(subscribe(user, toss, decline_later=True))
    assert services.subscription_renew(subscription_id=subscription.pk) == "failed"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PAST_DUE
    return subscription


def test_new_card_on_an_active_subscription_is_used_from_the_next_renewal_without_a_charge(
    alice, toss
):
    subscription = subscribe(alice, toss)
    old_card = subscription.payment_method
    charges_before = len(toss.calls("POST", r"/v1/billing/[^/]+"))

    checkout = services.checkout_start_card_change(user=alice)
    assert checkout.purpose == CheckoutPurpose.CARD
    assert checkout.amount == 0
    changed = services.checkout_register_card(
        checkout=checkout, auth_key=toss.app_.billing_auth(customer_key=checkout.customer_key)
    )

    assert changed.payment_method != old_card
    assert changed.payment_method.is_default
    assert len(toss.calls("POST", r"/v1/billing/[^/]+")) == charges_before
    assert changed.events.filter(type=SubscriptionEventType.PAYMENT_METHOD_CHANGED).exists()
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED
    assert checkout.payment is None


def test_new_card_pays_a_past_due_renewal_at_once_and_the_subscription_recovers(alice, toss):
    subscription = past_due(alice, toss)
    owed_from = subscription.current_period_end

    checkout = services.checkout_start_card_change(user=alice)
    assert checkout.amount == subscription.amount
    recovered = services.checkout_register_card(
        checkout=checkout, auth_key=toss.app_.billing_auth(customer_key=checkout.customer_key)
    )

    assert recovered.status == SubscriptionStatus.ACTIVE
    assert recovered.retry_count == 0
    assert recovered.current_period_start == owed_from
    checkout.refresh_from_db()
    payment = checkout.payment
    assert payment.status == PaymentStatus.APPROVED
    assert payment.amount == subscription.amount
    assert payment.payment_method == recovered.payment_method
    assert recovered.events.filter(type=SubscriptionEventType.RECOVERED).exists()
    # the next scheduled retry finds nothing to do
    assert services.subscription_renew(subscription_id=subscription.pk) == "skipped"


def test_a_declined_new_card_changes_nothing_and_another_card_can_be_tried(alice, toss):
    subscription = past_due(alice, toss)
    old_card = subscription.payment_method
    schedule = (subscription.next_billing_at, subscription.retry_count)
    checkout = services.checkout_start_card_change(user=alice)

    with pytest.raises(PaymentDeclined):
        services.checkout_register_card(
            checkout=checkout,
            auth_key=toss.app_.billing_auth(
                customer_key=checkout.customer_key, decline_charges="REJECT_CARD_PAYMENT"
            ),
        )

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PAST_DUE
    assert subscription.payment_method == old_card
    assert (subscription.next_billing_at, subscription.retry_count) == schedule
    declined = PaymentMethod.objects.get(user=alice, is_active=False)
    assert not declined.is_default
    old_card.refresh_from_db()
    assert old_card.is_default
    assert Payment.objects.filter(status=PaymentStatus.FAILED, payment_method=declined).count() == 1

    # the same checkout takes a good card
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.OPEN
    recovered = services.checkout_register_card(
        checkout=checkout, auth_key=toss.app_.billing_auth(customer_key=checkout.customer_key)
    )
    assert recovered.status == SubscriptionStatus.ACTIVE


def test_finishing_a_card_change_twice_charges_once(alice, toss):
    past_due(alice, toss)
    checkout = services.checkout_start_card_change(user=alice)
    auth_key = toss.app_.billing_auth(customer_key=checkout.customer_key)
    charges_before = len(toss.calls("POST", r"/v1/billing/[^/]+"))

    first = services.checkout_register_card(checkout=checkout, auth_key=auth_key)
    again = services.checkout_register_card(checkout=checkout, auth_key=auth_key)

    assert first.pk == again.pk
    assert len(toss.calls("POST", r"/v1/billing/[^/]+")) == charges_before + 1


def test_without_a_subscription_there_is_no_card_to_change(alice):
    with pytest.raises(NoActiveSubscription):
        services.checkout_start_card_change(user=alice)
