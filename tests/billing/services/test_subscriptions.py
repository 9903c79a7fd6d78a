"""Renewals, retries, cancel/resume, plan changes and operator actions (Toss's local server)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from billing import services
from billing.enums import PaymentStatus, SubscriptionEventType, SubscriptionStatus
from billing.exceptions import InvalidTransition, PaymentDeclined
from billing.models import Payment, Subscription, SubscriptionEvent
from billing.services.subscriptions import add_months
from tests.billing.factories import plan

pytestmark = pytest.mark.django_db


def subscribe(user, toss, *, code="premium_monthly", decline_later=False) -> Subscription:
    checkout = services.checkout_start_subscription(user=user, plan=plan(code))
    auth_key = toss.app_.billing_auth(customer_key=checkout.customer_key)
    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=auth_key)
    if decline_later:
        stored = toss.app_.billing_keys[subscription.payment_method.billing_key]
        stored["decline"] = "REJECT_CARD_PAYMENT"
    return subscription


def make_due(subscription: Subscription, *, days_ago: int = 0) -> Subscription:
    end = timezone.now() - timedelta(days=days_ago, minutes=1)
    Subscription.objects.filter(pk=subscription.pk).update(
        current_period_start=add_months(end, -1), current_period_end=end, next_billing_at=end
    )
    subscription.refresh_from_db()
    return subscription


def notification_types(user) -> list[str]:
    from accounts.models import Notification

    return list(Notification.objects.filter(user=user).values_list("type", flat=True))


def test_add_months_clamps_to_the_end_of_the_month():
    start = timezone.now().replace(year=2026, month=1, day=31)
    assert add_months(start, 1).day == 28
    assert add_months(start, 12).year == 2027


def test_due_subscription_renews_for_the_next_period(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    old_end = subscription.current_period_end

    outcome = services.subscription_renew(subscription_id=subscription.pk)

    assert outcome == "renewed"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.current_period_start == old_end
    assert subscription.current_period_end == add_months(old_end, 1)
    renewal = Payment.objects.filter(subscription=subscription).latest("created_at")
    assert renewal.period_start == old_end
    assert renewal.status == PaymentStatus.APPROVED
    assert "billing.renewed" in notification_types(alice)
    # not due any more: a second run charges nothing
    assert services.subscription_renew(subscription_id=subscription.pk) == "skipped"
    assert len(toss.calls("POST", r"/v1/billing/(?!authorizations).+")) == 2


def test_failed_renewal_goes_past_due_retries_after_1_3_7_days_then_expires(alice, toss, settings):
    settings.BILLING_RETRY_DAYS = [1, 3, 7]
    subscription = make_due(subscribe(alice, toss, decline_later=True))
    due = subscription.current_period_end

    assert services.subscription_renew(subscription_id=subscription.pk) == "failed"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PAST_DUE
    assert subscription.next_billing_at == due + timedelta(days=1)

    expected = [due + timedelta(days=3), due + timedelta(days=7)]
    for next_try in expected:
        now = subscription.next_billing_at + timedelta(minutes=1)
        assert services.subscription_renew(subscription_id=subscription.pk, now=now) == "failed"
        subscription.refresh_from_db()
        assert subscription.status == SubscriptionStatus.PAST_DUE
        assert subscription.next_billing_at == next_try

    now = subscription.next_billing_at + timedelta(minutes=1)
    assert services.subscription_renew(subscription_id=subscription.pk, now=now) == "expired"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.EXPIRED
    failed = Payment.objects.filter(subscription=subscription, status=PaymentStatus.FAILED)
    assert failed.count() == 4
    assert len({p.idempotency_key for p in failed}) == 4
    types = notification_types(alice)
    assert types.count("billing.payment_failed") == 3
    assert "billing.expired" in types
    events = list(subscription.events.values_list("type", flat=True))
    assert SubscriptionEventType.EXPIRED in events


def test_past_due_subscription_recovers_when_a_retry_succeeds(alice, toss):
    subscription = make_due(subscribe(alice, toss, decline_later=True))
    due = subscription.current_period_end
    services.subscription_renew(subscription_id=subscription.pk)
    toss.app_.billing_keys[subscription.payment_method.billing_key]["decline"] = ""

    outcome = services.subscription_renew(
        subscription_id=subscription.pk, now=due + timedelta(days=1, minutes=5)
    )

    assert outcome == "renewed"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.current_period_start == due
    assert subscription.retry_count == 0
    assert subscription.events.filter(type=SubscriptionEventType.RECOVERED).exists()


def test_trial_end_charges_the_card(alice, toss):
    premium = plan("premium_monthly")
    premium.trial_days = 7
    premium.save()
    subscription = subscribe(alice, toss)
    assert subscription.status == SubscriptionStatus.TRIALING
    later = subscription.trial_end + timedelta(minutes=1)
    services.subscription_consent_give(subscription=subscription, user=alice, channel="web")

    assert services.subscription_renew(subscription_id=subscription.pk, now=later) == "renewed"

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.current_period_start == subscription.trial_end


def test_cancel_at_period_end_then_resume_then_end(alice, toss):
    subscription = subscribe(alice, toss)

    services.subscription_cancel(subscription=subscription, actor=alice, reason="too_expensive")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.ACTIVE
    assert subscription.cancel_at_period_end

    services.subscription_resume(subscription=subscription, actor=alice)
    subscription.refresh_from_db()
    assert not subscription.cancel_at_period_end

    services.subscription_cancel(subscription=subscription, actor=alice)
    make_due(subscription)
    assert services.subscription_renew(subscription_id=subscription.pk) == "ended"
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELED
    assert Payment.objects.filter(subscription=subscription).count() == 1  # never charged again
    with pytest.raises(InvalidTransition):
        services.subscription_resume(subscription=subscription, actor=alice)


def test_every_status_change_writes_a_log_row(alice, toss):
    subscription = subscribe(alice, toss)
    services.subscription_cancel(subscription=subscription, actor=alice, immediately=True)
    rows = list(
        SubscriptionEvent.objects.filter(subscription=subscription)
        .order_by("created_at", "id")
        .values_list("type", "from_status", "to_status", "actor")
    )
    assert rows[0][0] == SubscriptionEventType.STARTED
    assert rows[-1] == (SubscriptionEventType.CANCELED, "active", "canceled", alice.pk)


def test_upgrade_to_yearly_charges_the_difference_now(alice, toss):
    subscription = subscribe(alice, toss)
    yearly = plan("premium_yearly")

    preview = services.subscription_preview_change(subscription=subscription, plan=yearly)
    updated, payment = services.subscription_change_plan(
        subscription=subscription, plan=yearly, actor=alice
    )

    assert preview.kind == "upgrade"
    assert 99000 - 9900 <= payment.amount <= 99000
    assert payment.status == PaymentStatus.APPROVED
    assert updated.plan == yearly
    assert (updated.current_period_end - updated.current_period_start).days >= 365


def test_same_cycle_upgrade_charges_the_prorated_price_difference(alice, toss):
    from billing.models import Plan

    pro = Plan.objects.create(
        code="pro_monthly",
        name_ko="프로",
        name_en="Pro",
        price=19900,
        cycle="monthly",
        level=20,
        features=plan("premium_monthly").features,
        limits=plan("premium_monthly").limits,
    )
    subscription = subscribe(alice, toss)
    half = (
        subscription.current_period_start
        + (subscription.current_period_end - subscription.current_period_start) / 2
    )
    Subscription.objects.filter(pk=subscription.pk).update(
        current_period_start=subscription.current_period_start
        - (half - subscription.current_period_start),
        current_period_end=subscription.current_period_end
        - (half - subscription.current_period_start),
    )
    subscription.refresh_from_db()

    preview = services.subscription_preview_change(subscription=subscription, plan=pro)

    assert preview.kind == "upgrade"
    assert 4900 <= preview.amount_due <= 5100  # half of the 10,000 difference


def test_downgrade_waits_for_the_period_end(alice, toss):
    subscription = subscribe(alice, toss, code="premium_yearly")
    monthly = plan("premium_monthly")

    updated, payment = services.subscription_change_plan(
        subscription=subscription, plan=monthly, actor=alice
    )

    assert payment is None
    assert updated.plan.code == "premium_yearly"
    assert updated.pending_plan == monthly
    make_due(updated)
    services.subscription_renew(subscription_id=updated.pk)
    updated.refresh_from_db()
    assert updated.plan == monthly
    assert Payment.objects.filter(subscription=updated).latest("created_at").amount == 9900


def test_declined_upgrade_changes_nothing(alice, toss):
    subscription = subscribe(alice, toss, decline_later=True)
    with pytest.raises(PaymentDeclined):
        services.subscription_change_plan(
            subscription=subscription, plan=plan("premium_yearly"), actor=alice
        )
    subscription.refresh_from_db()
    assert subscription.plan.code == "premium_monthly"
    assert Payment.objects.filter(subscription=subscription, status="failed").count() == 1


def test_price_override_and_quantity_set_the_renewal_amount(alice, toss):
    subscription = subscribe(alice, toss)
    Subscription.objects.filter(pk=subscription.pk).update(price_override=4900, quantity=2)
    make_due(subscription)
    services.subscription_renew(subscription_id=subscription.pk)
    assert Payment.objects.filter(subscription=subscription).latest("created_at").amount == 9800


def test_operator_extend_and_comp_a_period(alice, operator, toss):
    subscription = subscribe(alice, toss)
    end = subscription.current_period_end

    services.subscription_extend(
        subscription=subscription, days=10, actor=operator, reason="outage"
    )
    subscription.refresh_from_db()
    assert subscription.current_period_end == end + timedelta(days=10)

    services.subscription_comp_period(subscription=subscription, actor=operator, reason="apology")
    subscription.refresh_from_db()
    assert subscription.current_period_start == end + timedelta(days=10)
    assert subscription.events.filter(type=SubscriptionEventType.COMPED, actor=operator).exists()
    assert Payment.objects.filter(subscription=subscription).count() == 1


def test_reminder_is_sent_three_days_before_renewal_once(alice, toss):
    subscription = subscribe(alice, toss)
    Subscription.objects.filter(pk=subscription.pk).update(
        next_billing_at=timezone.now() + timedelta(days=2)
    )
    assert services.subscriptions_send_renewal_reminders() == 1
    services.subscriptions_send_renewal_reminders()
    assert notification_types(alice).count("billing.renewal_reminder") == 1
