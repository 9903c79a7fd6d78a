"""Withdrawal within 7 days and pro-rata refunds when ending mid-term: one policy, the amount
shown before confirming, the provider's cancel requested at once (local Toss and PortOne)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from billing import services, usage
from billing.enums import PaymentStatus, RefundStatus, SubscriptionStatus
from billing.models import Payment, Refund, Subscription
from billing.services.refunds import refund_policy
from core.exceptions import ConflictError
from tests.billing.factories import plan
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db
CANCELS = r"/v1/payments/[^/]+/cancel"


def paid_days_ago(subscription, days, *, hours=1):
    """Move the current period (and its payment) to have started ``days`` days ago."""
    start = timezone.now() - timedelta(days=days, hours=hours)
    end = start + timedelta(days=30)
    payment = Payment.objects.get(subscription=subscription, period_charge=True)
    Payment.objects.filter(pk=payment.pk).update(
        period_start=start, period_end=end, approved_at=start
    )
    Subscription.objects.filter(pk=subscription.pk).update(
        current_period_start=start, current_period_end=end, next_billing_at=end
    )
    subscription.refresh_from_db()
    return subscription


@pytest.fixture
def used_everything():
    usage.register_usage_probe("test", lambda user, start, end: True)
    yield
    usage._PROBES.pop("test", None)


# --- the policy, as a function ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid_days_ago", "used", "expected"),
    [
        (0, False, ("withdrawal", 9900)),
        (6.9, False, ("withdrawal", 9900)),
        (7, False, ("pro_rata", 9900 * 23 // 30)),
        (2, True, ("pro_rata", 9900 * 28 // 30)),
        (29.5, False, ("none", 0)),
    ],
)
def test_the_refund_policy(paid_days_ago, used, expected):
    start = datetime(2026, 12, 1, tzinfo=UTC)
    now = start + timedelta(days=paid_days_ago)
    kind, amount, _left, total = refund_policy(
        amount_paid=9900,
        already_refunded=0,
        paid_at=start,
        period_start=start,
        period_end=start + timedelta(days=30),
        used=used,
        now=now,
    )
    assert (kind, amount) == expected
    assert total == 30


def test_policy_never_refunds_more_than_is_left_on_the_payment():
    start = datetime(2026, 12, 1, tzinfo=UTC)
    kind, amount, *_ = refund_policy(
        amount_paid=9900,
        already_refunded=9000,
        paid_at=start,
        period_start=start,
        period_end=start + timedelta(days=30),
        used=False,
        now=start + timedelta(days=1),
    )
    assert (kind, amount) == ("withdrawal", 900)


# --- the service against the providers -------------------------------------------------------


def test_withdrawal_within_7_days_unused_refunds_in_full_at_toss_at_once(alice, toss):
    subscription = subscribe(alice, toss)
    quote = services.subscription_refund_quote(subscription=subscription)
    assert (quote.kind, quote.amount) == ("withdrawal", 9900)

    ended, refund = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=9900, idempotency_key="form-0001"
    )

    assert ended.status == SubscriptionStatus.CANCELED
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.amount == 9900
    (cancel,) = toss.calls("POST", CANCELS)
    assert cancel["body"]["cancelAmount"] == 9900
    payment = refund.payment
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert "청약철회" in refund.description


def test_ending_mid_term_refunds_the_documented_pro_rata_amount(alice, toss):
    subscription = paid_days_ago(subscribe(alice, toss), 10)
    quote = services.subscription_refund_quote(subscription=subscription)
    assert (quote.kind, quote.days_left, quote.days_total) == ("pro_rata", 19, 30)
    assert quote.amount == 9900 * 19 // 30 == 6270

    _ended, refund = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=6270, idempotency_key="form-0002"
    )

    assert refund.amount == 6270
    assert toss.calls("POST", CANCELS)[0]["body"]["cancelAmount"] == 6270
    refund.payment.refresh_from_db()
    assert refund.payment.status == PaymentStatus.PARTIALLY_REFUNDED


def test_used_within_7_days_is_pro_rata_not_withdrawal(alice, toss, used_everything):
    subscription = paid_days_ago(subscribe(alice, toss), 2)
    quote = services.subscription_refund_quote(subscription=subscription)
    assert quote.kind == "pro_rata"
    assert quote.withdrawal_until is None


def test_a_changed_amount_is_refused_and_nothing_changes(alice, toss):
    subscription = subscribe(alice, toss)
    with pytest.raises(ConflictError) as error:
        services.subscription_end_now(
            subscription=subscription, actor=alice, expected_amount=5000, idempotency_key="k-000003"
        )
    assert error.value.fields == {"expected_amount": ["9900"]}
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert not toss.calls("POST", CANCELS)


def test_the_same_end_request_twice_refunds_once(alice, toss):
    subscription = subscribe(alice, toss)
    first = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=9900, idempotency_key="twice-01"
    )
    again = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=9900, idempotency_key="twice-01"
    )
    assert first[1] == again[1]
    assert len(toss.calls("POST", CANCELS)) == 1
    assert Refund.objects.count() == 1


def test_withdrawal_through_portone_sends_the_cancellable_amount(alice, portone):
    checkout = services.checkout_start_subscription(user=alice, plan=plan())
    subscription = services.checkout_complete_subscription(
        checkout=checkout,
        auth_key=portone.app_.issue_billing_key(customer_id=checkout.customer_key),
    )
    _ended, refund = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=9900, idempotency_key="po-00001"
    )
    assert refund.status == RefundStatus.SUCCEEDED
    (cancel,) = portone.calls("POST", r"/payments/[^/]+/cancel")
    assert cancel["body"]["amount"] == 9900
    assert cancel["body"]["currentCancellableAmount"] == 9900


def test_someone_else_cannot_end_alices_subscription(alice, bob, toss):
    from billing.exceptions import InvalidTransition

    subscription = subscribe(alice, toss)
    with pytest.raises(InvalidTransition):
        services.subscription_end_now(
            subscription=subscription, actor=bob, expected_amount=9900, idempotency_key="bob-0001"
        )
    assert not toss.calls("POST", CANCELS)


def test_a_trial_ends_now_without_any_refund(alice, toss):
    premium = plan("premium_monthly")
    premium.trial_days = 7
    premium.save()
    subscription = subscribe(alice, toss)
    ended, refund = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=0, idempotency_key="trial-001"
    )
    assert ended.status == SubscriptionStatus.CANCELED
    assert refund is None
