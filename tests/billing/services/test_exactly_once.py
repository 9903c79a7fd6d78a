"""Exactly once, even after a timeout: a charge whose answer was lost stays pending, is looked
up by its order id, and no period is ever charged again while one of its charges is
unresolved (the local Toss and PortOne servers; real lost answers, real timeouts)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from billing import services
from billing.enums import CheckoutStatus, PaymentStatus, RefundReason, RefundStatus
from billing.exceptions import PaymentPending, RefundNotAllowed
from billing.models import Checkout, Payment, Refund, Subscription
from billing.services.pending import payments_resolve_pending
from billing.services.subscriptions import subscription_resolve_pending
from tests.billing.factories import PaymentFactory, plan
from tests.billing.services.test_subscriptions import make_due, subscribe

pytestmark = pytest.mark.django_db

CHARGES = r"/v1/billing/(?!authorizations).+"


def period_payments(subscription, period_start):
    return Payment.objects.filter(
        subscription=subscription, period_start=period_start, period_charge=True
    )


def wait_for(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the local server never finished"
        time.sleep(0.05)


def test_renewal_timeout_that_toss_approved_then_a_card_change_leaves_one_paid_period(
    alice, toss, settings
):
    # given: a past-due subscription whose retry times out, although Toss approved it
    subscription = make_due(subscribe(alice, toss, decline_later=True))
    owed_from = subscription.current_period_end
    assert services.subscription_renew(subscription_id=subscription.pk) == "failed"
    toss.app_.billing_keys[subscription.payment_method.billing_key]["decline"] = ""
    settings.BILLING_GATEWAY_TIMEOUT = 0.3
    toss.app_.delay = 1.0
    retry_at = owed_from + timedelta(days=1, minutes=5)
    approved_before = len(toss.app_.payments)
    assert services.subscription_renew(subscription_id=subscription.pk, now=retry_at) == "pending"
    wait_for(lambda: len(toss.app_.payments) == approved_before + 1)  # Toss did approve it
    toss.app_.delay = 0
    lost = period_payments(subscription, owed_from).get(status=PaymentStatus.PENDING)
    assert lost.failure_code == "TIMEOUT"

    # when: the user puts a new card on the subscription
    checkout = services.checkout_start_card_change(user=alice)
    charges_before = len(toss.calls("POST", CHARGES))
    changed = services.checkout_register_card(
        checkout=checkout, auth_key=toss.app_.billing_auth(customer_key=checkout.customer_key)
    )

    # then: the lost charge was looked up and applied; the new card was not charged
    assert len(toss.calls("POST", CHARGES)) == charges_before
    assert toss.calls("GET", rf"/v1/payments/orders/{lost.order_id}")
    paid = period_payments(subscription, owed_from).filter(status=PaymentStatus.APPROVED)
    assert list(paid) == [lost]
    assert changed.status == "active"
    assert changed.current_period_start == owed_from
    assert changed.payment_method != lost.payment_method
    # and later jobs change nothing
    assert services.subscription_renew(subscription_id=subscription.pk) == "skipped"
    assert payments_resolve_pending(now=timezone.now() + timedelta(minutes=5)) == {}
    assert period_payments(subscription, owed_from).filter(status="approved").count() == 1


def test_a_lost_renewal_answer_is_resolved_by_the_lookup_job_within_minutes(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    period_start = subscription.current_period_end
    toss.drop_answers = 1  # Toss charges, the answer never arrives

    assert services.subscription_renew(subscription_id=subscription.pk) == "pending"
    # the renewal job runs again before the lookup job: it charges nothing, it looks up
    subscription.refresh_from_db()
    charges = len(toss.calls("POST", CHARGES))
    outcomes = payments_resolve_pending(now=timezone.now() + timedelta(minutes=2))

    assert outcomes == {"renewed": 1}
    assert len(toss.calls("POST", CHARGES)) == charges
    subscription.refresh_from_db()
    assert subscription.current_period_start == period_start
    assert subscription.status == "active"
    assert period_payments(subscription, period_start).get().status == PaymentStatus.APPROVED


def test_renewal_job_looks_up_an_unresolved_charge_instead_of_charging_again(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    toss.drop_answers = 1
    assert services.subscription_renew(subscription_id=subscription.pk) == "pending"
    charges = len(toss.calls("POST", CHARGES))

    assert services.subscription_renew(subscription_id=subscription.pk) == "renewed"

    assert len(toss.calls("POST", CHARGES)) == charges
    assert Payment.objects.filter(subscription=subscription, status="approved").count() == 2


def test_a_charge_the_provider_never_received_is_retried_after_the_grace_period(
    alice, toss, settings
):
    subscription = make_due(subscribe(alice, toss))
    period_start = subscription.current_period_end
    real_base = settings.TOSS_API_BASE
    settings.TOSS_API_BASE = "http://127.0.0.1:9"  # nothing listens: the request never arrives
    assert services.subscription_renew(subscription_id=subscription.pk) == "pending"
    settings.TOSS_API_BASE = real_base
    charges_so_far = len(toss.calls("POST", CHARGES))  # the first payment at subscribing

    # within the grace period Toss's "no such order" is not trusted yet: nothing is charged
    assert services.subscription_renew(subscription_id=subscription.pk) == "pending"
    assert len(toss.calls("POST", CHARGES)) == charges_so_far
    later = timezone.now() + timedelta(seconds=settings.BILLING_PENDING_GRACE_SECONDS + 5)

    assert services.subscription_renew(subscription_id=subscription.pk, now=later) == "renewed"

    payments = period_payments(subscription, period_start).order_by("requested_at")
    assert [p.status for p in payments] == ["failed", "approved"]
    assert payments[0].failure_code == "NOT_RECEIVED"
    assert payments[0].order_id != payments[1].order_id


def test_first_charge_timeout_keeps_the_payment_and_the_lookup_job_starts_the_subscription(
    alice, toss
):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    auth_key = toss.app_.billing_auth(customer_key=checkout.customer_key)
    original = toss.app_._charge

    def charge_and_lose(billing_key, body):  # the key is issued; the charge's answer is lost
        toss.drop_answers = 1
        return original(billing_key, body)

    toss.app_._charge = charge_and_lose
    with pytest.raises(PaymentPending):
        services.checkout_complete_subscription(checkout=checkout, auth_key=auth_key)
    toss.app_._charge = original

    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.PROCESSING
    assert checkout.payment.status == PaymentStatus.PENDING  # kept, not rolled back
    assert not Subscription.objects.filter(user=alice).exists()
    # finishing the checkout again charges nothing: it is still being confirmed
    with pytest.raises(PaymentPending):
        services.checkout_complete_subscription(checkout=checkout, auth_key=auth_key)
    assert len(toss.calls("POST", CHARGES)) == 1

    assert payments_resolve_pending(now=timezone.now() + timedelta(minutes=2)) == {"completed": 1}

    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETED
    subscription = checkout.subscription
    assert subscription.status == "active"
    assert checkout.payment.status == PaymentStatus.APPROVED
    assert Payment.objects.filter(user=alice, status="approved").count() == 1
    assert len(toss.calls("POST", CHARGES)) == 1


def test_toss_duplicated_order_id_means_look_it_up_not_failure(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    toss.drop_answers = 1
    services.subscription_renew(subscription_id=subscription.pk)
    lost = Payment.objects.get(subscription=subscription, status=PaymentStatus.PENDING)
    # a worker resends the very same charge under a new Idempotency-Key
    lost.idempotency_key = lost.idempotency_key + "-resent"
    lost.save()

    services.payments.payment_charge_billing_key(
        payment=lost, payment_method=subscription.payment_method
    )

    lost.refresh_from_db()
    assert lost.status == PaymentStatus.APPROVED
    assert toss.calls("GET", rf"/v1/payments/orders/{lost.order_id}")


def test_one_paid_charge_per_subscription_period_is_enforced_by_the_database(alice):
    subscription = Subscription.objects.create(
        user=alice,
        plan=plan(),
        status="active",
        provider="dev",
        started_at=timezone.now(),
        current_period_start=timezone.now(),
        current_period_end=timezone.now() + timedelta(days=30),
    )
    start = subscription.current_period_end
    PaymentFactory(user=alice, subscription=subscription, period_start=start, period_charge=True)
    PaymentFactory(  # a failed try for the same period is fine
        user=alice,
        subscription=subscription,
        period_start=start,
        period_charge=True,
        status=PaymentStatus.FAILED,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentFactory(
            user=alice, subscription=subscription, period_start=start, period_charge=True
        )


def test_late_approval_for_a_subscription_that_ended_meanwhile_is_refunded(alice, toss):
    subscription = make_due(subscribe(alice, toss))
    toss.drop_answers = 1
    services.subscription_renew(subscription_id=subscription.pk)
    services.subscription_cancel(subscription=subscription, actor=None, immediately=True)

    assert subscription_resolve_pending(subscription_id=subscription.pk) == "ended"

    late = Payment.objects.get(
        subscription=subscription, period_start=subscription.current_period_end
    )
    assert late.status == PaymentStatus.REFUNDED
    assert late.refunds.get().reason == RefundReason.TECHNICAL_ISSUE


# --- refunds retried after a lost answer ----------------------------------------------------


def test_toss_refund_whose_answer_was_lost_is_retried_with_the_same_key_and_refunds_once(
    alice, toss
):
    subscription = subscribe(alice, toss)
    payment = Payment.objects.get(subscription=subscription, status="approved")
    toss.drop_answers = 1

    refund = services.payment_refund(payment=payment, reason=RefundReason.CUSTOMER_REQUEST)

    assert refund.status == RefundStatus.PENDING
    with pytest.raises(RefundNotAllowed):  # no second refund while one is unresolved
        services.payment_refund(payment=payment, reason=RefundReason.CUSTOMER_REQUEST)
    assert services.payments.refund_retry(refund_id=refund.pk) == RefundStatus.SUCCEEDED
    cancels = toss.calls("POST", r"/v1/payments/[^/]+/cancel")
    assert len(cancels) == 2
    assert {c["headers"]["Idempotency-Key"] for c in cancels} == {refund.idempotency_key}
    toss_payment = toss.app_.payments[payment.provider_tx_id]
    assert len(toss_payment["cancels"]) == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == payment.amount
    assert payment.status == PaymentStatus.REFUNDED


def test_portone_partial_refund_retried_after_a_lost_answer_never_refunds_twice(alice, portone):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    subscription = services.checkout_complete_subscription(
        checkout=checkout,
        auth_key=portone.app_.issue_billing_key(customer_id=checkout.customer_key),
    )
    payment = Payment.objects.get(subscription=subscription, status="approved")
    portone.drop_answers = 1

    refund = services.payment_refund(
        payment=payment, reason=RefundReason.CUSTOMER_REQUEST, amount=1000
    )
    assert refund.status == RefundStatus.PENDING
    assert services.payments.refund_retry(refund_id=refund.pk) == RefundStatus.SUCCEEDED

    cancels = portone.calls("POST", r"/payments/[^/]+/cancel")
    assert [c["body"]["currentCancellableAmount"] for c in cancels] == [payment.amount] * 2
    stored = portone.app_.payments[payment.order_id]
    assert stored["amount"]["cancelled"] == 1000
    assert len(stored["cancellations"]) == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == 1000
    refund.refresh_from_db()
    assert refund.provider_refund_id == stored["cancellations"][0]["id"]


def test_the_lookup_job_retries_pending_refunds(alice, toss):
    from billing.tasks import resolve_pending_payments

    subscription = subscribe(alice, toss)
    payment = Payment.objects.get(subscription=subscription, status="approved")
    toss.drop_answers = 1
    refund = services.payment_refund(payment=payment, reason=RefundReason.CUSTOMER_REQUEST)
    Refund.objects.filter(pk=refund.pk).update(updated_at=timezone.now() - timedelta(minutes=2))

    assert resolve_pending_payments() == {"refund_succeeded": 1}


# --- two jobs at once ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_lookup_job_and_renewal_job_at_once_apply_a_lost_charge_once(make_user, toss):
    user = make_user(email="lost-at-once@example.com")
    subscription = make_due(subscribe(user, toss))
    period_start = subscription.current_period_end
    toss.drop_answers = 1
    assert services.subscription_renew(subscription_id=subscription.pk) == "pending"
    charges = len(toss.calls("POST", CHARGES))
    toss.app_.delay = 0.3  # keep each lookup in flight while the other job starts
    connection.close()
    barrier = threading.Barrier(2)
    later = timezone.now() + timedelta(minutes=2)

    def lookup_job():
        try:
            barrier.wait()
            payments_resolve_pending(now=later)
        finally:
            connections.close_all()

    def renewal_job():
        try:
            barrier.wait()
            services.subscription_renew(subscription_id=subscription.pk, now=later)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=lookup_job), threading.Thread(target=renewal_job)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(toss.calls("POST", CHARGES)) == charges
    assert period_payments(subscription, period_start).filter(status="approved").count() == 1
    assert subscription.events.filter(type="renewed").count() == 1, (
        "the renewal was applied exactly once"
    )
    assert Checkout.objects.filter(user=user).count() == 1
