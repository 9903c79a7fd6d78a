"""Billing's part of a user's data export, and what happens to it when an account is erased."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from billing.enums import LIVE_SUBSCRIPTION_STATUSES
from billing.models import (
    CashReceiptSetting,
    LedgerEntry,
    Payment,
    PaymentMethod,
    Subscription,
    SubscriptionConsent,
    Wallet,
)

if TYPE_CHECKING:
    from accounts.models import User


def _iso(value):
    return value.isoformat() if value else None


def export_user(user: User) -> dict:
    """Everything billing holds about ``user`` (never billing keys: only brand and last four)."""
    return {
        "subscriptions": [
            {
                "plan": sub.plan.code,
                "status": sub.status,
                "started_at": _iso(sub.started_at),
                "current_period_start": _iso(sub.current_period_start),
                "current_period_end": _iso(sub.current_period_end),
                "cancel_at_period_end": sub.cancel_at_period_end,
                "ended_at": _iso(sub.ended_at),
                "amount": sub.amount,
                "currency": sub.currency,
            }
            for sub in Subscription.objects.filter(user=user).select_related("plan")
        ],
        "payments": [
            {
                "order_id": payment.order_id,
                "order_name": payment.order_name,
                "amount": payment.amount,
                "currency": payment.currency,
                "refunded_amount": payment.refunded_amount,
                "status": payment.status,
                "method": payment.method,
                "card": payment.card_display,
                "requested_at": _iso(payment.requested_at),
                "approved_at": _iso(payment.approved_at),
                "receipt_url": payment.receipt_url,
                "refunds": [
                    {
                        "amount": r.amount,
                        "reason": r.reason,
                        "status": r.status,
                        "created_at": _iso(r.created_at),
                    }
                    for r in payment.refunds.all()
                ],
            }
            for payment in Payment.objects.filter(user=user).prefetch_related("refunds")
        ],
        "payment_methods": [
            {
                "provider": m.provider,
                "brand": m.brand,
                "last_four": m.last_four,
                "active": m.is_active,
                "created_at": _iso(m.created_at),
            }
            for m in PaymentMethod.objects.filter(user=user)
        ],
        "price_consents": [
            {
                "kind": c.kind,
                "effective_at": _iso(c.effective_at),
                "old_amount": c.old_amount,
                "new_amount": c.new_amount,
                "currency": c.currency,
                "payment_method": c.payment_method_label,
                "text_version": c.text_version,
                "text": c.text,
                "channel": c.channel,
                "given_at": _iso(c.given_at),
            }
            for c in SubscriptionConsent.objects.filter(user=user)
        ],
        "wallets": [
            {
                "unit": wallet.unit,
                "balance": wallet.balance,
                "entries": [
                    {
                        "kind": e.kind,
                        "delta": e.delta,
                        "balance_after": e.balance_after,
                        "reason": e.reason_text,
                        "reason_key": e.reason_key,
                        "created_at": _iso(e.created_at),
                        "expires_at": _iso(e.expires_at),
                    }
                    for e in LedgerEntry.objects.filter(wallet=wallet).order_by("created_at")
                ],
            }
            for wallet in Wallet.objects.filter(user=user)
        ],
    }


def anonymise_user(user: User) -> None:
    """An erased account: end its subscription and forget its stored cards. Payments,
    ledgers and price consents stay (the law keeps payment records and the proof of consent),
    tied to the de-identified account; a consent's card label is cleared. Coupon redemptions
    stay too (they count a code's uses and hold nothing but the account link)."""
    now = timezone.now()
    with transaction.atomic():
        for sub in Subscription.objects.select_for_update().filter(
            user=user, status__in=LIVE_SUBSCRIPTION_STATUSES
        ):
            from billing.services.subscriptions import subscription_cancel

            subscription_cancel(
                subscription=sub, actor=None, reason="account erased", immediately=True
            )
        for method in PaymentMethod.objects.filter(user=user):
            method.billing_key = ""
            method.customer_key = ""
            method.is_active = False
            method.is_default = False
            method.deactivated_at = method.deactivated_at or now
            method.save()
        SubscriptionConsent.objects.filter(user=user).update(payment_method_label="")
        # the number cash receipts go to is personal; issued receipts keep only its last four
        CashReceiptSetting.objects.filter(user=user).delete()
