"""Payments whose provider answer was lost (a timeout): find out what happened, by order id.

A charge that timed out is never sent blind again: it stays pending and this beat job (every
two minutes) asks the provider about it (Toss ``GET /v1/payments/orders/{orderId}``, PortOne
``get_payment``), then finishes what the payment was for. Each kind is settled by the
service that owns it, with the owner's row locked first (subscription, checkout), so the
renewal job and this one never deadlock and never both act.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from billing.enums import CheckoutStatus, PaymentPurpose, PaymentStatus, RefundReason
from billing.models import Checkout, Payment
from billing.services import fulfilment
from billing.services.checkout import checkout_resolve_pending
from billing.services.payments import payment_lookup, payment_refund
from billing.services.subscriptions import subscription_resolve_pending

# A payment younger than this is still in a request's hands.
MIN_AGE = timedelta(seconds=30)


def payment_resolve(*, payment_id, now: datetime | None = None) -> str:
    """Settle one pending payment that no subscription or checkout owns (saved-card credit
    purchases, upgrade charges). An approved upgrade charge that was never applied is
    refunded in full (the user was told nothing changed)."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(skip_locked=True)
            .filter(pk=payment_id, status=PaymentStatus.PENDING)
            .first()
        )
        if payment is None:
            return "busy"
        payment_lookup(payment=payment, now=now)
        if payment.status != PaymentStatus.APPROVED:
            return str(payment.status)
        orphan = payment.purpose == PaymentPurpose.SUBSCRIPTION and payment.subscription_id is None
        if orphan or (payment.subscription_id and not payment.period_charge):
            payment_refund(
                payment=payment,
                reason=RefundReason.TECHNICAL_ISSUE,
                description="confirmed late; the change it paid for was not made",
                idempotency_key=f"late-{payment.pk}",
            )
            return "refunded"
        fulfilment.payment_fulfil(payment=payment)
        return "approved"


def payments_resolve_pending(*, now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Beat job: settle every pending payment older than ``MIN_AGE``. Returns counts."""
    now = now or timezone.now()
    rows = list(
        Payment.objects.filter(status=PaymentStatus.PENDING, requested_at__lte=now - MIN_AGE)
        .order_by("requested_at")
        .values_list("pk", "subscription_id", "period_charge")[:limit]
    )
    processing = dict(
        Checkout.objects.filter(
            status=CheckoutStatus.PROCESSING, payment_id__in=[row[0] for row in rows]
        ).values_list("payment_id", "pk")
    )
    outcomes: dict[str, int] = {}

    def count(outcome: str) -> None:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1

    subscriptions_done = set()
    for payment_id, subscription_id, period_charge in rows:
        if payment_id in processing:
            count(checkout_resolve_pending(checkout_id=processing[payment_id], now=now))
        elif subscription_id and period_charge:
            if subscription_id not in subscriptions_done:
                subscriptions_done.add(subscription_id)
                count(subscription_resolve_pending(subscription_id=subscription_id, now=now))
        else:
            count(payment_resolve(payment_id=payment_id, now=now))
    return outcomes
