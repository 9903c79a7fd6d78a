"""Webhooks (stored once, processed once, never trusted without a re-fetch) and refunds."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from django.db import connection, connections
from django.urls import reverse
from rest_framework.test import APIClient

from billing import services
from billing.enums import PaymentStatus, RefundStatus, SubscriptionStatus, WalletUnit, WebhookStatus
from billing.exceptions import InsufficientBalance, RefundNotAllowed
from billing.models import CreditPack, Payment, Refund, Subscription, Wallet, WebhookEvent
from billing.services.payments import payment_create
from tests.billing.conftest import WEBHOOK_SECRET
from tests.billing.factories import plan
from tests.billing.fakes import sign_standard_webhook
from tests.billing.services.test_subscriptions import make_due, subscribe

pytestmark = pytest.mark.django_db


def pending_renewal(subscription: Subscription) -> Payment:
    """A renewal charge whose answer never came back (the provider timed out)."""
    return payment_create(
        user=subscription.user,
        purpose="subscription",
        provider=subscription.provider,
        amount=subscription.amount,
        order_name="Haru Premium (Monthly)",
        idempotency_key=f"renew-test-{uuid.uuid4().hex}",
        subscription=subscription,
        period_start=subscription.current_period_end,
        period_end=subscription.current_period_end
        + (subscription.current_period_end - subscription.current_period_start),
        payment_method=subscription.payment_method,
    )


def toss_settles(toss, payment: Payment) -> str:
    """Toss approved the charge on its side; returns the paymentKey."""
    key = "tbill_" + uuid.uuid4().hex[:20]
    toss.app_.payments[key] = toss.app_._payment(
        key=key, order_id=payment.order_id, amount=payment.amount, type_="BILLING"
    )
    return key


def toss_webhook_body(payment_key: str, order_id: str, status: str = "DONE") -> bytes:
    return json.dumps(
        {
            "eventType": "PAYMENT_STATUS_CHANGED",
            "createdAt": "2026-03-01T10:00:00.000000",
            "data": {"paymentKey": payment_key, "orderId": order_id, "status": status},
        }
    ).encode()


def test_toss_webhook_is_trusted_only_after_refetching_the_payment(alice, toss, client):
    subscription = make_due(subscribe(alice, toss))
    payment = pending_renewal(subscription)
    key = toss_settles(toss, payment)

    response = client.post(
        reverse("billing:webhook_toss"),
        toss_webhook_body(key, payment.order_id),
        content_type="application/json",
    )
    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert event.status == WebhookStatus.RECEIVED

    assert services.webhook_event_process(event_id=event.pk) == WebhookStatus.PROCESSED

    assert len(toss.calls("GET", f"/v1/payments/{key}")) == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.APPROVED
    subscription.refresh_from_db()
    assert subscription.current_period_start == payment.period_start  # the renewal applied


def test_forged_toss_webhook_changes_nothing(alice, toss, client):
    subscription = make_due(subscribe(alice, toss))
    payment = pending_renewal(subscription)
    # the body claims DONE, but Toss has no such payment
    client.post(
        reverse("billing:webhook_toss"),
        toss_webhook_body("tbill_forged", payment.order_id),
        content_type="application/json",
    )
    event = WebhookEvent.objects.get()
    status = services.webhook_event_process(event_id=event.pk)
    assert status == WebhookStatus.FAILED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_late_webhook_never_reactivates_a_canceled_subscription(alice, toss, client):
    subscription = make_due(subscribe(alice, toss))
    payment = pending_renewal(subscription)
    key = toss_settles(toss, payment)
    services.subscription_cancel(subscription=subscription, actor=alice, immediately=True)

    client.post(
        reverse("billing:webhook_toss"),
        toss_webhook_body(key, payment.order_id),
        content_type="application/json",
    )
    services.webhook_event_process(event_id=WebhookEvent.objects.get().pk)

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.APPROVED  # recorded, for an operator to refund


def test_unknown_webhook_types_get_200_and_are_not_processed(toss, client):
    body = json.dumps({"eventType": "PAYOUT_STATUS_CHANGED", "createdAt": "x", "data": {}}).encode()
    response = client.post(reverse("billing:webhook_toss"), body, content_type="application/json")
    assert response.status_code == 200
    assert WebhookEvent.objects.get().status == WebhookStatus.IGNORED


def _portone_post(
    client, payload: dict, *, msg_id: str | None = None, secret: str = WEBHOOK_SECRET
):
    body = json.dumps(payload)
    headers = sign_standard_webhook(secret, msg_id=msg_id or f"msg_{uuid.uuid4().hex}", body=body)
    return client.post(
        reverse("billing:webhook_portone"),
        body,
        content_type="application/json",
        headers=headers,
    )


def _portone_cancelled(payment_id: str) -> dict:
    return {
        "type": "Transaction.Cancelled",
        "timestamp": "2026-03-01T01:00:00Z",
        "data": {
            "paymentId": payment_id,
            "storeId": "store-haru",
            "transactionId": "tx",
            "cancellationId": "c",
        },
    }


def test_portone_webhook_with_bad_signature_is_rejected_and_not_stored(portone, client):
    import base64

    wrong = "whsec_" + base64.b64encode(b"not-the-secret-at-all-000000000").decode()
    response = _portone_post(client, _portone_cancelled("x"), secret=wrong)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_portone_cancellation_made_in_the_console_becomes_a_refund(alice, portone, client):
    checkout = services.checkout_start_subscription(user=alice, plan=plan("premium_monthly"))
    key = portone.app_.issue_billing_key(customer_id=checkout.customer_key)
    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=key)
    payment = Payment.objects.get(subscription=subscription)
    # an operator refunded 3,000 in PortOne's console
    portone.app_.handle(
        "POST",
        f"/payments/{payment.order_id}/cancel",
        {"amount": 3000, "reason": "console"},
        {"Authorization": "PortOne portone-secret"},
    )

    response = _portone_post(client, _portone_cancelled(payment.order_id))
    assert response.status_code == 200
    services.webhook_event_process(event_id=WebhookEvent.objects.get().pk)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert payment.refunded_amount == 3000
    assert payment.refunds.get().status == RefundStatus.SUCCEEDED


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_webhook_replayed_ten_times_is_stored_and_processed_once(make_user, portone):
    user = make_user(email="replay@example.com")
    checkout = services.checkout_start_subscription(user=user, plan=plan("premium_monthly"))
    key = portone.app_.issue_billing_key(customer_id=checkout.customer_key)
    subscription = services.checkout_complete_subscription(checkout=checkout, auth_key=key)
    payment = Payment.objects.get(subscription=subscription)
    portone.app_.handle(
        "POST",
        f"/payments/{payment.order_id}/cancel",
        {"amount": 9900, "reason": "x"},
        {"Authorization": "PortOne portone-secret"},
    )
    body = json.dumps(_portone_cancelled(payment.order_id))
    headers = sign_standard_webhook(WEBHOOK_SECRET, msg_id="msg_replayed", body=body)
    fetches_before = len(portone.calls("GET", rf"/payments/{payment.order_id}"))
    connection.close()
    barrier = threading.Barrier(10)
    statuses = []

    def deliver():
        try:
            client = APIClient()
            barrier.wait()
            response = client.post(
                reverse("billing:webhook_portone"),
                body,
                content_type="application/json",
                headers=headers,
            )
            statuses.append(response.status_code)
            event = WebhookEvent.objects.get(event_id="msg_replayed")
            services.webhook_event_process(event_id=event.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * 10
    assert WebhookEvent.objects.filter(event_id="msg_replayed").count() == 1
    assert WebhookEvent.objects.get(event_id="msg_replayed").attempts == 1
    assert len(portone.calls("GET", rf"/payments/{payment.order_id}")) == fetches_before + 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert Refund.objects.filter(payment=payment).count() == 1


# --- refunds -------------------------------------------------------------------------------------


def test_partial_then_full_refund_never_exceeds_the_payment(alice, operator, toss):
    subscription = subscribe(alice, toss)
    payment = Payment.objects.get(subscription=subscription)

    first = services.payment_refund(
        payment=payment,
        amount=4000,
        reason="customer_request",
        requested_by=alice,
        approved_by=operator,
    )
    assert first.status == RefundStatus.SUCCEEDED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED

    with pytest.raises(RefundNotAllowed):
        services.payment_refund(payment=payment, amount=5901, reason="customer_request")

    services.payment_refund(payment=payment, reason="customer_request")  # the rest
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refunded_amount == 9900
    cancels = toss.calls("POST", r"/v1/payments/.+/cancel")
    assert [c["body"]["cancelAmount"] for c in cancels] == [4000, 5900]
    with pytest.raises(RefundNotAllowed):
        services.payment_refund(payment=payment, amount=1, reason="customer_request")


def test_the_database_refuses_refunded_amount_above_the_payment(alice, toss):
    from django.db import IntegrityError, transaction

    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(refunded_amount=payment.amount + 1)


def test_provider_error_on_refund_is_recorded_and_changes_nothing(alice, toss):
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    toss.app_.payments[payment.provider_tx_id]["status"] = "CANCELED"  # refunded elsewhere

    refund = services.payment_refund(payment=payment, amount=1000, reason="customer_request")

    assert refund.status == RefundStatus.FAILED
    assert "ALREADY_CANCELED_PAYMENT" in refund.failure_reason
    payment.refresh_from_db()
    assert payment.refunded_amount == 0


def test_refunding_a_credit_pack_takes_its_credits_back(alice):
    from billing.gateways.dev import APPROVED_CARD, DevGateway

    pack = CreditPack.objects.get(code="credits_100")
    checkout = services.checkout_start_credits(user=alice, pack=pack)
    token = DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=1, expiry_year=2040)
    payment = services.checkout_confirm_payment(
        checkout=checkout, payment_key=token, order_id=checkout.order_id, amount=pack.price
    )
    services.credits_debit(user=alice, amount=60, reason="ai_service:saju")

    with pytest.raises(InsufficientBalance):
        services.payment_refund(payment=payment, reason="customer_request")  # 100 > 40 left
    refund = services.payment_refund(payment=payment, amount=400, reason="customer_request")

    assert refund.status == RefundStatus.SUCCEEDED
    assert Wallet.objects.get(user=alice, unit=WalletUnit.CREDITS).balance == 0
    payment.refresh_from_db()
    assert payment.refunded_amount == 400
