"""What a payment buys, delivered once it is approved."""

from __future__ import annotations

from billing.enums import PaymentPurpose, PaymentStatus
from billing.models import Payment


def payment_fulfil(*, payment: Payment) -> None:
    """Deliver an approved payment's goods (idempotent: each step is keyed by the payment)."""
    if payment.status != PaymentStatus.APPROVED:
        return
    if payment.purpose == PaymentPurpose.CREDITS and payment.credit_pack_id:
        from billing.services.wallets import credits_purchase_fulfill

        credits_purchase_fulfill(payment=payment)
    elif payment.purpose == PaymentPurpose.SUBSCRIPTION and payment.subscription_id:
        from billing.services.subscriptions import subscription_apply_paid_renewal

        subscription_apply_paid_renewal(payment=payment)
    else:
        from billing.fulfilment import fulfiller_for

        fulfiller = fulfiller_for(payment.purpose)
        if fulfiller is not None:
            fulfiller(payment)
