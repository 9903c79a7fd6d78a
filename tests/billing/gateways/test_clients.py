"""The Toss and PortOne clients against local servers that speak their protocols."""

from __future__ import annotations

import base64
import json
import time

import pytest

from billing.enums import PaymentStatus
from billing.gateways.base import GatewayError, WebhookRejected
from billing.gateways.portone import PortOneGateway
from billing.gateways.registry import default_gateway_name, get_gateway
from billing.gateways.toss import TossGateway
from tests.billing.conftest import WEBHOOK_SECRET
from tests.billing.fakes import sign_standard_webhook


def test_toss_sends_basic_auth_and_an_idempotency_key_on_every_post(toss):
    gateway = TossGateway()
    auth_key = toss.app_.billing_auth(customer_key="ck-1")
    issued = gateway.issue_billing_key(auth_key=auth_key, customer_key="ck-1")
    gateway.charge_billing_key(
        billing_key=issued.billing_key,
        customer_key="ck-1",
        order_id="order-0001",
        order_name="Haru",
        amount=9900,
        currency="KRW",
        idempotency_key="renew-1",
    )
    expected = "Basic " + base64.b64encode(b"test_sk_haru:").decode()
    posts = [r for r in toss.requests if r["method"] == "POST"]
    assert len(posts) == 2
    assert all(r["headers"]["Authorization"] == expected for r in posts)
    assert all(r["headers"].get("Idempotency-Key") for r in posts)
    assert posts[1]["headers"]["Idempotency-Key"] == "renew-1"


def test_toss_replays_the_first_answer_for_a_repeated_idempotency_key(toss):
    gateway = TossGateway()
    issued = gateway.issue_billing_key(
        auth_key=toss.app_.billing_auth(customer_key="ck-2"), customer_key="ck-2"
    )
    kwargs = {
        "billing_key": issued.billing_key,
        "customer_key": "ck-2",
        "order_id": "order-0002",
        "order_name": "Haru",
        "amount": 9900,
        "currency": "KRW",
        "idempotency_key": "same",
    }
    first = gateway.charge_billing_key(**kwargs)
    second = gateway.charge_billing_key(**kwargs)
    assert first.provider_tx_id == second.provider_tx_id
    assert len(toss.app_.payments) == 1


def _trigger(action: str, toss, gateway: TossGateway) -> None:
    if action == "wrong_secret":
        TossGateway(secret_key="test_sk_wrong").get_payment(provider_tx_id="x", order_id="")
    elif action == "unknown_payment":
        gateway.get_payment(provider_tx_id="nope", order_id="")
    elif action == "confirm_twice":
        key = toss.app_.widget_payment(order_id="order-0003", amount=1000)
        for attempt in ("a", "b"):
            gateway.confirm_payment(
                payment_key=key,
                order_id="order-0003",
                amount=1000,
                currency="KRW",
                idempotency_key=attempt,
            )
    elif action == "bad_confirm":
        key = toss.app_.widget_payment(order_id="order-0004", amount=1000)
        gateway.confirm_payment(
            payment_key=key,
            order_id="order-0004",
            amount=999,
            currency="KRW",
            idempotency_key="c",
        )
    else:
        key = toss.app_.widget_payment(
            order_id="order-0005", amount=1000, decline="REJECT_CARD_PAYMENT"
        )
        gateway.confirm_payment(
            payment_key=key,
            order_id="order-0005",
            amount=1000,
            currency="KRW",
            idempotency_key="d",
        )


@pytest.mark.parametrize(
    ("action", "code", "status"),
    [
        ("wrong_secret", "UNAUTHORIZED_KEY", 401),
        ("unknown_payment", "NOT_FOUND_PAYMENT", 404),
        ("bad_confirm", "INVALID_REQUEST", 400),
        ("declined", "REJECT_CARD_PAYMENT", 403),
    ],
)
def test_toss_errors_keep_tosss_code_and_status(toss, action, code, status):
    with pytest.raises(GatewayError) as error:
        _trigger(action, toss, TossGateway())
    assert error.value.code == code
    assert error.value.http_status == status
    assert error.value.declined is (code == "REJECT_CARD_PAYMENT")


def test_toss_already_processed_confirm_is_looked_up_not_failed(toss):
    gateway = TossGateway()
    key = toss.app_.widget_payment(order_id="order-0003", amount=1000)
    first, again = (
        gateway.confirm_payment(
            payment_key=key,
            order_id="order-0003",
            amount=1000,
            currency="KRW",
            idempotency_key=attempt,
        )
        for attempt in ("a", "b")
    )
    assert again.status == PaymentStatus.APPROVED
    assert again.provider_tx_id == first.provider_tx_id
    assert toss.calls("GET", r"/v1/payments/tgen_.+")


def test_toss_duplicated_order_id_on_a_billing_charge_reads_the_first_payment(toss):
    gateway = TossGateway()
    auth = toss.app_.billing_auth(customer_key="ck-dup")
    issued = gateway.issue_billing_key(auth_key=auth, customer_key="ck-dup")
    first, again = (
        gateway.charge_billing_key(
            billing_key=issued.billing_key,
            customer_key="ck-dup",
            order_id="order-dup-1",
            order_name="Haru",
            amount=9900,
            currency="KRW",
            idempotency_key=attempt,
        )
        for attempt in ("x", "y")
    )
    assert again.provider_tx_id == first.provider_tx_id
    assert toss.calls("GET", r"/v1/payments/orders/order-dup-1")
    assert len(toss.app_.payments) == 1


def test_toss_settlements_sum_approvals_and_cancellations_per_payment(toss):
    from datetime import timedelta

    from billing.services.reconciliation import KST

    gateway = TossGateway()
    key = toss.app_.widget_payment(order_id="order-set-1", amount=5000)
    gateway.confirm_payment(
        payment_key=key, order_id="order-set-1", amount=5000, currency="KRW", idempotency_key="s"
    )
    gateway.cancel_payment(
        provider_tx_id=key, order_id="order-set-1", amount=2000, reason="r", idempotency_key="sc"
    )
    from django.utils import timezone

    today = timezone.now().astimezone(KST).date()
    (record,) = gateway.list_records(start=today, end=today + timedelta(days=1))
    assert (record.order_id, record.approved_amount, record.canceled_amount) == (
        "order-set-1",
        5000,
        2000,
    )
    call = toss.calls("GET", r"/v1/settlements")[0]
    assert call["query"]["startDate"] == call["query"]["endDate"] == today.isoformat()


def test_toss_partial_cancel_reports_the_new_cancellation(toss):
    gateway = TossGateway()
    key = toss.app_.widget_payment(order_id="order-0006", amount=5000)
    gateway.confirm_payment(
        payment_key=key, order_id="order-0006", amount=5000, currency="KRW", idempotency_key="e"
    )
    refund = gateway.cancel_payment(
        provider_tx_id=key,
        order_id="order-0006",
        amount=2000,
        reason="customer",
        idempotency_key="r1",
    )
    assert refund.amount == 2000
    fetched = gateway.get_payment(provider_tx_id=key, order_id="")
    assert fetched.status == PaymentStatus.PARTIALLY_REFUNDED
    assert fetched.balance_amount == 3000
    with pytest.raises(GatewayError) as error:
        gateway.cancel_payment(
            provider_tx_id=key,
            order_id="order-0006",
            amount=3001,
            reason="too much",
            idempotency_key="r2",
        )
    assert error.value.code == "NOT_CANCELABLE_AMOUNT"


def test_unreachable_toss_is_a_retryable_error(settings):
    gateway = TossGateway(secret_key="x", base_url="http://127.0.0.1:9", timeout=1)
    with pytest.raises(GatewayError) as error:
        gateway.get_payment(provider_tx_id="x", order_id="")
    assert error.value.retryable


def test_portone_maps_pg_declines_and_missing_payments(portone):
    gateway = PortOneGateway()
    key = portone.app_.issue_billing_key(customer_id="c-1", decline=True)
    with pytest.raises(GatewayError) as declined:
        gateway.charge_billing_key(
            billing_key=key,
            customer_key="c-1",
            order_id="o-1",
            order_name="Haru",
            amount=9900,
            currency="KRW",
            idempotency_key="k",
        )
    assert declined.value.declined
    assert declined.value.code == "REJECT_CARD_PAYMENT"
    with pytest.raises(GatewayError) as missing:
        gateway.get_payment(provider_tx_id="", order_id="nope")
    assert missing.value.code == "PAYMENT_NOT_FOUND"


def test_portone_paying_the_same_payment_id_twice_charges_once(portone):
    gateway = PortOneGateway()
    key = portone.app_.issue_billing_key(customer_id="c-2")
    kwargs = {
        "billing_key": key,
        "customer_key": "c-2",
        "order_id": "o-2",
        "order_name": "Haru",
        "amount": 9900,
        "currency": "KRW",
        "idempotency_key": "k",
    }
    first = gateway.charge_billing_key(**kwargs)
    second = gateway.charge_billing_key(**kwargs)  # the server answers ALREADY_PAID
    assert first.provider_tx_id == second.provider_tx_id
    assert first.status == PaymentStatus.APPROVED


def _payload() -> str:
    return json.dumps(
        {
            "type": "Transaction.Paid",
            "timestamp": "2026-03-01T00:00:00Z",
            "data": {"paymentId": "o-9", "storeId": "store-haru", "transactionId": "t-9"},
        }
    )


def test_portone_webhook_signed_the_standard_webhooks_way_is_accepted(portone):
    body = _payload()
    headers = sign_standard_webhook(WEBHOOK_SECRET, msg_id="msg_1", body=body)
    message = PortOneGateway().parse_webhook(body=body.encode(), headers=headers)
    assert message.event_id == "msg_1"
    assert message.event_type == "Transaction.Paid"
    assert message.order_id == "o-9"


@pytest.mark.parametrize("tamper", ["body", "signature", "stale", "missing"])
def test_portone_webhook_that_fails_verification_is_rejected(portone, tamper):
    body = _payload()
    timestamp = int(time.time()) - 3600 if tamper == "stale" else None
    headers = sign_standard_webhook(WEBHOOK_SECRET, msg_id="msg_2", body=body, timestamp=timestamp)
    if tamper == "body":
        body = body.replace("o-9", "o-10")
    elif tamper == "signature":
        headers["webhook-signature"] = "v1," + base64.b64encode(b"x" * 32).decode()
    elif tamper == "missing":
        del headers["webhook-signature"]
    with pytest.raises(WebhookRejected):
        PortOneGateway().parse_webhook(body=body.encode(), headers=headers)


def test_gateway_defaults_to_test_mode_without_keys(settings):
    settings.BILLING_GATEWAY = ""
    settings.TOSS_SECRET_KEY = ""
    settings.PORTONE_API_SECRET = ""
    assert default_gateway_name() == "dev"
    assert get_gateway().name == "dev"
    settings.PORTONE_API_SECRET = "secret"
    assert default_gateway_name() == "portone"
    settings.TOSS_SECRET_KEY = "test_sk"
    assert default_gateway_name() == "toss"
