"""Provider webhooks: verify, store once under (provider, event id), process in a task.

Toss's payment webhooks are not signed, so their content is never trusted: processing
fetches the payment again with the secret key and applies what that says. PortOne's are
verified (Standard Webhooks signature) before they are stored, and the payment is fetched
again too. Processing is idempotent and locks the event row, so a webhook delivered ten
times, or re-processed by an operator, changes things once.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.enums import Provider, WebhookStatus
from billing.gateways.base import GatewayError, WebhookMessage
from billing.gateways.registry import get_gateway
from billing.models import Payment, PaymentMethod, WebhookEvent
from billing.services.payments import payment_sync

logger = logging.getLogger(__name__)

HANDLED: dict[str, set[str]] = {
    Provider.TOSS: {"PAYMENT_STATUS_CHANGED", "CANCEL_STATUS_CHANGED"},
    Provider.PORTONE: {
        "Transaction.Paid",
        "Transaction.Failed",
        "Transaction.Cancelled",
        "Transaction.PartialCancelled",
        "Transaction.VirtualAccountIssued",
        "BillingKey.Deleted",
    },
}


def _stored_payload(provider: str, message: WebhookMessage) -> dict:
    """The payload without the billing key (stored as the digest PaymentMethod keeps)."""
    payload = dict(message.payload)
    data = payload.get("data")
    if isinstance(data, dict) and "billingKey" in data:
        digest = hashlib.sha256(f"{provider}:{data['billingKey']}".encode()).hexdigest()
        payload["data"] = {
            **{k: v for k, v in data.items() if k != "billingKey"},
            "billingKeyDigest": digest,
        }
    return payload


def webhook_receive(*, provider: str, message: WebhookMessage) -> tuple[WebhookEvent, bool]:
    """Store a verified webhook once. Returns (event, created); duplicates are not stored."""
    handled = message.event_type in HANDLED.get(provider, set())
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                provider=provider,
                event_id=message.event_id[:200],
                event_type=message.event_type[:100],
                payload=_stored_payload(provider, message),
                status=WebhookStatus.RECEIVED if handled else WebhookStatus.IGNORED,
            )
    except IntegrityError:
        return WebhookEvent.objects.get(provider=provider, event_id=message.event_id[:200]), False
    if handled:
        from billing.tasks import process_webhook_event

        transaction.on_commit(lambda: process_webhook_event.delay(event.pk))
    return event, True


def _find_payment(order_id: str, provider_tx_id: str) -> Payment | None:
    if order_id:
        payment = Payment.objects.filter(order_id=order_id).first()
        if payment is not None:
            return payment
    if provider_tx_id:
        return Payment.objects.filter(provider_tx_id=provider_tx_id).first()
    return None


def webhook_event_process(*, event_id: int, force: bool = False) -> str:
    """Apply one stored event. Returns its final status. ``force`` re-processes (operators)."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().get(pk=event_id)
        if event.status != WebhookStatus.RECEIVED and not (
            force and event.status != WebhookStatus.IGNORED
        ):
            return event.status
        event.attempts += 1
        try:
            status = _process(event)
        except GatewayError as exc:
            event.error = f"{exc.code}: {exc.message}"[:2000]
            event.status = WebhookStatus.RECEIVED if exc.retryable else WebhookStatus.FAILED
            event.save()
            if exc.retryable:
                raise
            return event.status
        event.status = status
        event.error = ""
        event.processed_at = timezone.now()
        event.save()
        return event.status


def _process(event: WebhookEvent) -> str:
    payload = event.payload
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    if event.event_type == "BillingKey.Deleted":
        PaymentMethod.objects.filter(
            billing_key_digest=data.get("billingKeyDigest", ""), is_active=True
        ).update(is_active=False, is_default=False, deactivated_at=timezone.now())
        return WebhookStatus.PROCESSED
    if event.provider == Provider.TOSS:
        order_id, provider_tx_id = str(data.get("orderId") or ""), str(data.get("paymentKey") or "")
    else:
        order_id, provider_tx_id = str(data.get("paymentId") or ""), ""
    payment = _find_payment(order_id, provider_tx_id)
    if payment is None:
        logger.info("billing: webhook %s names no payment of ours", event.pk)
        return WebhookStatus.IGNORED
    # Trust the provider's API, not the webhook body.
    result = get_gateway(payment.provider).get_payment(
        provider_tx_id=payment.provider_tx_id or provider_tx_id, order_id=payment.order_id
    )
    if result.order_id and result.order_id != payment.order_id:
        logger.warning("billing: webhook %s fetched another order", event.pk)
        return WebhookStatus.FAILED
    payment_sync(
        payment=payment, result=result, note=f"webhook {event.provider}:{event.event_type}"
    )
    return WebhookStatus.PROCESSED
