"""Promotion codes: kinds and durations, limits under concurrency, checkout and renewals,
and the consent rule when a promotion ends."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from billing import services
from billing.enums import CheckoutStatus, PaymentStatus, SubscriptionStatus
from billing.exceptions import CouponInvalid
from billing.gateways.dev import APPROVED_CARD, NO_FUNDS_CARD, DevGateway
from billing.models import Coupon, CouponRedemption, Payment, Plan, Subscription
from billing.templatetags.billing_tags import vat
from tests.billing.factories import plan
from tests.billing.services.test_subscriptions import make_due

pytestmark = pytest.mark.django_db


def coupon(code="WELCOME", **fields) -> Coupon:
    plans = fields.pop("plans", [])
    fields.setdefault("name", "Welcome")
    fields.setdefault("kind", "percent")
    fields.setdefault("percent_off", 30)
    fields.setdefault("duration", "once")
    made = Coupon.objects.create(code=code, **fields)
    made.plans.set(plans)
    return made


def card(number=APPROVED_CARD) -> str:
    return DevGateway().tokenize_card(number=number, expiry_month=12, expiry_year=2035)


def subscribe_with(user, code, *, plan_code="premium_monthly", number=APPROVED_CARD):
    checkout = services.checkout_start_subscription(user=user, plan=plan(plan_code))
    checkout = services.checkout_apply_coupon(checkout=checkout, code=code)
    return checkout, services.checkout_complete_subscription(
        checkout=checkout, auth_key=card(number)
    )


def test_percent_coupon_discounts_the_first_charge_and_vat_is_on_the_discounted_amount(alice):
    coupon("WELCOME", percent_off=30)
    checkout, subscription = subscribe_with(alice, " welcome ")

    assert checkout.amount == 6930  # 9,900 - 30 %
    payment = Payment.objects.get(subscription=subscription)
    assert payment.amount == 6930
    assert payment.discount_amount == 2970
    assert payment.coupon.code == "WELCOME"
    assert vat(payment.amount) == 630  # 6,930 - round(6,930 / 1.1)
    assert Coupon.objects.get(code="WELCOME").times_redeemed == 1


def test_fixed_coupon_for_three_months_keeps_the_price_for_three_renewals(alice):
    coupon("SPRING", kind="fixed", percent_off=None, amount_off=2000, duration="months",
           duration_months=3)  # fmt: skip
    _checkout, subscription = subscribe_with(alice, "SPRING")
    amounts = []
    for days_ago in (2, 1):  # two different due moments (order ids carry the second)
        subscription = make_due(subscription, days_ago=days_ago)
        assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"
        subscription.refresh_from_db()
    amounts = list(
        Payment.objects.filter(subscription=subscription)
        .order_by("created_at")
        .values_list("amount", "discount_amount")
    )
    assert amounts == [(7900, 2000)] * 3


def test_the_promotion_ending_is_a_price_rise_that_needs_consent(alice):
    coupon("ONCE", percent_off=50, duration="once")
    _checkout, subscription = subscribe_with(alice, "ONCE")
    assert subscription.price_override_until == subscription.current_period_end
    # the first period is over (moved into the past, the promotion ending with it)
    subscription = make_due(subscription)
    Subscription.objects.filter(pk=subscription.pk).update(
        price_override_until=subscription.current_period_end
    )
    subscription.refresh_from_db()

    # no consent to the full price: the subscription ends at the boundary, nothing charged
    assert services.subscription_price_change(subscription=subscription).kind == "promotion_end"
    assert services.subscription_renew(subscription_id=subscription.pk) == "ended"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.EXPIRED
    assert Payment.objects.filter(subscription=subscription).count() == 1


def test_forever_coupon_renews_discounted_without_any_consent(alice):
    coupon("FOREVER", percent_off=10, duration="forever")
    _checkout, subscription = subscribe_with(alice, "FOREVER")
    subscription = make_due(subscription)
    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"
    assert Payment.objects.filter(subscription=subscription).latest("created_at").amount == 8910


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"valid_until": timezone.now() - timedelta(days=1)}, "coupon_expired"),
        ({"valid_from": timezone.now() + timedelta(days=1)}, "coupon_expired"),
        ({"max_redemptions": 0}, "coupon_used_up"),
        ({"first_purchase_only": True}, "coupon_first_purchase_only"),
        ({"plans": "other"}, "coupon_wrong_plan"),
        ({"is_active": False}, "coupon_unknown"),
    ],
)
def test_unusable_codes_are_refused_with_the_reason(alice, fields, error):
    if fields.get("plans") == "other":
        fields["plans"] = [plan("premium_yearly")]
    if fields.get("first_purchase_only"):
        Payment.objects.create(
            user=alice, purpose="credits", provider="dev", order_id="old-1", order_name="x",
            idempotency_key="old-1", amount=1000, requested_at=timezone.now(),
        )  # fmt: skip
        Payment.objects.filter(order_id="old-1").update(status=PaymentStatus.APPROVED)
    coupon("NOPE", **fields)
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    with pytest.raises(CouponInvalid) as raised:
        services.checkout_apply_coupon(checkout=checkout, code="NOPE")
    assert raised.value.code == error
    assert "code" in raised.value.fields


def test_one_use_per_person_and_a_declined_first_charge_gives_the_use_back(alice):
    coupon("ONE", max_per_user=1)
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    services.checkout_apply_coupon(checkout=checkout, code="ONE")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the card is declined
        services.checkout_complete_subscription(checkout=checkout, auth_key=card(NO_FUNDS_CARD))
    assert Coupon.objects.get(code="ONE").times_redeemed == 0
    assert not CouponRedemption.objects.exists()

    services.checkout_complete_subscription(checkout=checkout, auth_key=card())
    assert Coupon.objects.get(code="ONE").times_redeemed == 1
    again = services.checkout_start_credits
    assert again  # the same person cannot use it a second time:
    with pytest.raises(CouponInvalid) as raised:
        services.coupon_check(code="ONE", user=alice, plan=plan("premium_monthly"))
    assert raised.value.code == "coupon_already_used"


def test_trial_checkout_with_a_coupon_discounts_the_first_paid_period(alice):
    trial_plan = plan("premium_monthly")
    Plan.objects.filter(pk=trial_plan.pk).update(trial_days=7)
    coupon("TRIAL", percent_off=20, duration="once")
    checkout, subscription = subscribe_with(alice, "TRIAL")
    assert checkout.amount == 0
    assert subscription.status == SubscriptionStatus.TRIALING
    assert subscription.price_override == 7920
    assert subscription.price_override_until > subscription.trial_end


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_code_limited_to_10_is_redeemed_exactly_10_times_under_100_concurrent_tries(
    make_user,
):
    limited = coupon("TEN", max_redemptions=10)
    premium = plan("premium_monthly")
    users = [make_user(email=f"rush{n}@example.com") for n in range(100)]
    connection.close()
    threads_count = 80  # PostgreSQL allows 100 connections; 100 tries over 80 of them
    barrier = threading.Barrier(threads_count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(mine):
        try:
            barrier.wait()
            for user in mine:
                try:
                    with transaction.atomic():
                        services.coupon_redeem(coupon=limited, user=user, plan=premium)
                    result = "redeemed"
                except CouponInvalid as error:
                    result = error.code
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    shares = [users[n::threads_count] for n in range(threads_count)]
    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 100
    assert outcomes.count("redeemed") == 10
    assert set(outcomes) == {"redeemed", "coupon_used_up"}
    assert Coupon.objects.get(pk=limited.pk).times_redeemed == 10
    assert CouponRedemption.objects.filter(coupon=limited).count() == 10


def test_a_completed_checkout_keeps_its_coupon_counted_once_when_finished_twice(alice):
    coupon("TWICE")
    checkout, _subscription = subscribe_with(alice, "TWICE")
    services.checkout_complete_subscription(checkout=checkout, auth_key=card())
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED
    assert Coupon.objects.get(code="TWICE").times_redeemed == 1
