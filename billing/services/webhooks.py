"""Provider webhooks: verify, store once under (provider, event id), process in a task.

Toss's payment webhooks are not signed, so their content is never trusted: processing
fetches the payment again with the secret key and applies what that says. PortOne's are
verified (Standard Webhooks signature) before they are stored, and the payment is fetched
again too. Stored events form an outbox: if the broker is down when one arrives, it is still
stored and answered 200, and the beat sweeper ``webhook_events_enqueue_unprocessed`` queues
it once the broker is back. Processing is idempotent and locks the event row, so a webhook
delivered ten times, or re-processed by an operator, changes things once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from billing.enums import Provider, WebhookStatus
from billing.exceptions import WebhookInvalid
from billing.gateways.base import GatewayError, WebhookMessage, WebhookRejected
from billing.gateways.registry import get_gateway
from billing.models import Payment, PaymentMethod, WebhookEvent
from billing.services.payments import payment_sync

logger = logging.getLogger(__name__)

HANDLED = {
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


def webhook_receive_raw(
    *, provider: str, body: bytes, headers: dict[str, str]
) -> tuple[WebhookEvent, bool]:
    """Verify a provider's webhook request (signature, shape) and store it once.
    Raises ``WebhookInvalid`` (nothing stored) when it does not verify."""
    try:
        message = get_gateway(provider).parse_webhook(body=body, headers=headers)
    except WebhookRejected as error:
        raise WebhookInvalid(str(error)) from error
    return webhook_receive(provider=provider, message=message)


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
        transaction.on_commit(lambda: _enqueue(event))
    return event, True


def _enqueue(event: WebhookEvent) -> bool:
    """Put the event's processing task on the broker and note when. With the broker down the
    event stays stored (the provider still gets its 200) and the sweeper queues it later."""
    from billing.tasks import process_webhook_event

    try:
        process_webhook_event.apply_async(args=[event.pk], retry=False)
    except Exception:  # the broker is unreachable: the outbox sweeper will queue it
        logger.exception("billing: could not queue webhook event %s; the sweeper will", event.pk)
        return False
    WebhookEvent.objects.filter(pk=event.pk).update(queued_at=timezone.now())
    return True


def webhook_events_enqueue_unprocessed(
    *, now: datetime | None = None, min_age_seconds: int = 60, requeue_after_minutes: int = 10
) -> int:
    """Beat job (outbox sweeper): queue every stored event that is still unprocessed.

    Takes events received at least ``min_age_seconds`` ago (the normal path had its chance)
    whose task was never queued, or was queued over ``requeue_after_minutes`` ago and still
    has not finished (a lost task). Processing locks the event row and checks its status, so
    an event queued twice is applied once. Stops at the first broker failure.
    Returns how many were queued.
    """
    now = now or timezone.now()
    pending = (
        WebhookEvent.objects.filter(
            status=WebhookStatus.RECEIVED,
            received_at__lte=now - timedelta(seconds=min_age_seconds),
        )
        .filter(
            Q(queued_at__isnull=True)
            | Q(queued_at__lte=now - timedelta(minutes=requeue_after_minutes))
        )
        .order_by("received_at")
    )
    queued = 0
    for event in pending[:1000]:
        if not _enqueue(event):
            break
        queued += 1
    return queued


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
