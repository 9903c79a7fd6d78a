"""Consent before a trial turns paid or a price rises (전자상거래법 §13⑥), local Toss server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from billing import services
from billing.enums import ConsentKind, SubscriptionEventType, SubscriptionStatus
from billing.exceptions import ConsentNotOpen, InvalidTransition
from billing.models import Payment, Subscription, SubscriptionConsent
from billing.services.consents import (
    CONSENT_TEXT_VERSION,
    plan_propose_price,
    subscription_consent_give,
    subscription_price_change,
)
from tests.billing.factories import plan
from tests.billing.services.test_subscriptions import make_due, subscribe

pytestmark = pytest.mark.django_db

CHARGES = r"/v1/billing/(?!authorizations).+"


def trial(user, toss, days=7):
    premium = plan("premium_monthly")
    premium.trial_days = days
    premium.save()
    subscription = subscribe(user, toss)
    assert subscription.status == SubscriptionStatus.TRIALING
    return subscription


def test_a_trial_without_consent_ends_on_its_last_day_without_a_charge(alice, toss):
    subscription = trial(alice, toss)
    last_moment = subscription.trial_end + timedelta(minutes=1)

    outcome = services.subscription_renew(subscription_id=subscription.pk, now=last_moment)

    assert outcome == "ended"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.EXPIRED
    assert subscription.next_billing_at is None
    assert not toss.calls("POST", CHARGES)
    assert not Payment.objects.filter(user=alice).exists()
    assert subscription.events.filter(type=SubscriptionEventType.ENDED_WITHOUT_CONSENT).exists()


def test_a_trial_with_consent_converts_and_the_consent_records_what_was_agreed(alice, toss):
    subscription = trial(alice, toss)

    consent = subscription_consent_give(subscription=subscription, user=alice, channel="web")

    assert consent.kind == ConsentKind.TRIAL_TO_PAID
    assert consent.effective_at == subscription.trial_end
    assert (consent.old_amount, consent.new_amount) == (0, 9900)
    assert consent.payment_method == subscription.payment_method
    assert consent.payment_method_label == subscription.payment_method.display
    assert consent.text_version == CONSENT_TEXT_VERSION
    assert "9,900" in consent.text
    assert consent.channel == "web"
    assert consent.given_at <= timezone.now()
    # giving it again records nothing new
    assert subscription_consent_give(subscription=subscription, user=alice, channel="api") == (
        consent
    )

    outcome = services.subscription_renew(
        subscription_id=subscription.pk, now=subscription.trial_end + timedelta(minutes=1)
    )

    assert outcome == "renewed"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert Payment.objects.get(user=alice, status="approved").amount == 9900


def test_consent_opens_only_30_days_before_the_change(alice, toss):
    subscription = trial(alice, toss, days=60)
    with pytest.raises(ConsentNotOpen):
        subscription_consent_give(subscription=subscription, user=alice, channel="web")
    in_window = subscription.trial_end - timedelta(days=29)
    consent = subscription_consent_give(
        subscription=subscription, user=alice, channel="web", now=in_window
    )
    assert consent.given_at == in_window


def test_consent_at_sign_up_is_not_possible_for_someone_else(alice, bob, toss):
    subscription = trial(alice, toss)
    with pytest.raises(InvalidTransition):
        subscription_consent_give(subscription=subscription, user=bob, channel="web")
    assert not SubscriptionConsent.objects.exists()


def test_a_plan_price_edit_leaves_the_next_charge_unchanged(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    premium = plan("premium_monthly")
    premium.price = 12900
    premium.save()

    assert subscription_price_change(subscription=subscription) is None
    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"

    renewal = Payment.objects.filter(user=alice).latest("created_at")
    assert renewal.amount == 9900


def test_a_proposed_price_without_consent_ends_the_subscription_at_the_boundary(
    alice, operator, toss
):
    subscription = subscribe(alice, toss)
    premium = plan("premium_monthly")
    premium.price = 12900
    premium.save()
    assert (
        plan_propose_price(
            plan=premium, effective_from=timezone.now() - timedelta(hours=1), actor=operator
        )
        == 1
    )
    subscription = make_due(subscription)

    assert services.subscription_renew(subscription_id=subscription.pk) == "ended"

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.EXPIRED
    assert len(toss.calls("POST", CHARGES)) == 1  # only the first period, at sign-up
    assert "billing.price_proposed" in set(alice.notifications.values_list("type", flat=True))


def test_a_proposed_price_with_consent_is_charged_and_becomes_the_agreed_price(
    alice, operator, toss
):
    subscription = subscribe(alice, toss)
    premium = plan("premium_monthly")
    premium.price = 12900
    premium.save()
    plan_propose_price(
        plan=premium, effective_from=timezone.now() - timedelta(hours=1), actor=operator
    )
    subscription = make_due(subscription)
    consent = subscription_consent_give(subscription=subscription, user=alice, channel="api")
    assert consent.kind == ConsentKind.PRICE_INCREASE
    assert (consent.old_amount, consent.new_amount) == (9900, 12900)

    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"

    subscription.refresh_from_db()
    assert subscription.agreed_price == 12900
    assert subscription.proposed_price is None
    assert Payment.objects.filter(user=alice).latest("created_at").amount == 12900


def test_a_promotion_ending_needs_consent_like_a_price_rise(alice, toss):
    subscription = subscribe(alice, toss)
    Subscription.objects.filter(pk=subscription.pk).update(
        price_override=4900, price_override_until=timezone.now() - timedelta(minutes=1)
    )
    subscription = make_due(subscription)
    Subscription.objects.filter(pk=subscription.pk).update(
        price_override_until=subscription.current_period_end
    )
    subscription.refresh_from_db()
    change = subscription_price_change(subscription=subscription)
    assert change.kind == ConsentKind.PROMOTION_END
    assert (change.old_amount, change.new_amount) == (4900, 9900)
    subscription_consent_give(subscription=subscription, user=alice, channel="web")

    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"

    subscription.refresh_from_db()
    assert subscription.price_override is None
    assert Payment.objects.filter(user=alice).latest("created_at").amount == 9900


def test_a_cheaper_or_equal_next_period_needs_no_consent(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    assert subscription_price_change(subscription=subscription) is None
    with pytest.raises(InvalidTransition):
        subscription_consent_give(subscription=subscription, user=alice, channel="web")
