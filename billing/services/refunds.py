"""Withdrawal and ending mid-term: ONE refund policy, and the service that applies it.

The policy follows 전자상거래법 §17 and the Fair Trade Commission's 콘텐츠이용자보호지침 /
소비자분쟁해결기준 (온라인 콘텐츠, 계속적 이용계약):

* **Withdrawal (청약철회, §17①)**: within 7 days of paying for a period, while its paid
  features are unused (``billing.usage``), the subscriber withdraws by themselves and gets
  the whole payment back.
* **Ending mid-term (해지)**: later (or once used), ending now refunds the unused part pro
  rata by whole days left: ``amount * days_left // days_in_period``, rounded down to the won.
  The 10% cancellation charge the dispute standard would allow is not taken.

The amount is shown before the user confirms; the confirmation names it, and a changed
amount is refused rather than silently applied. The provider's cancel is requested at once
(the law allows 3 business days), the receipt lists it, and refunds are always money back
to the payment method, never points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import notifications
from billing.enums import PaymentStatus, RefundReason, RefundStatus, SubscriptionStatus
from billing.exceptions import InvalidTransition, RefundNotAllowed
from billing.models import Payment, Refund, Subscription
from billing.services.payments import payment_refund
from billing.services.subscriptions import subscription_cancel
from billing.usage import paid_features_used
from core.exceptions import ConflictError

if TYPE_CHECKING:
    from accounts.models import User

WITHDRAWAL_DAYS = 7
DAY = timedelta(days=1)


@dataclass(frozen=True)
class RefundQuote:
    kind: str  # "withdrawal" (full), "pro_rata", or "none"
    amount: int
    currency: str = "KRW"
    payment: Payment | None = None
    days_left: int = 0
    days_total: int = 0
    withdrawal_until: datetime | None = None


def refund_policy(
    *,
    amount_paid: int,
    already_refunded: int,
    paid_at: datetime,
    period_start: datetime,
    period_end: datetime,
    used: bool,
    now: datetime,
) -> tuple[str, int, int, int]:
    """THE refund policy (see the module docstring): ``(kind, amount, days_left, days)``."""
    left_on_payment = max(0, amount_paid - already_refunded)
    days_total = max(1, round((period_end - period_start) / DAY))
    days_left = max(0, min(days_total, int((period_end - now) // DAY)))
    if now < paid_at + WITHDRAWAL_DAYS * DAY and not used:
        return "withdrawal", left_on_payment, days_left, days_total
    amount = min(left_on_payment, amount_paid * days_left // days_total)
    return ("pro_rata" if amount else "none"), amount, days_left, days_total


def _period_payment(subscription: Subscription) -> Payment | None:
    return (
        Payment.objects.filter(
            subscription=subscription,
            period_charge=True,
            period_start=subscription.current_period_start,
            status__in=(PaymentStatus.APPROVED, PaymentStatus.PARTIALLY_REFUNDED),
        )
        .order_by("-approved_at")
        .first()
    )


def subscription_refund_quote(
    *, subscription: Subscription, now: datetime | None = None
) -> RefundQuote:
    """What ending ``subscription`` now gives back, without doing it."""
    now = now or timezone.now()
    if subscription.status != SubscriptionStatus.ACTIVE:
        return RefundQuote("none", 0, subscription.currency)
    payment = _period_payment(subscription)
    if payment is None or payment.approved_at is None:
        return RefundQuote("none", 0, subscription.currency)
    used = paid_features_used(user=subscription.user, start=payment.approved_at, end=now)
    kind, amount, days_left, days_total = refund_policy(
        amount_paid=payment.amount,
        already_refunded=payment.refunded_amount,
        paid_at=payment.approved_at,
        period_start=subscription.current_period_start,
        period_end=subscription.current_period_end,
        used=used,
        now=now,
    )
    return RefundQuote(
        kind=kind,
        amount=amount,
        currency=payment.currency,
        payment=payment,
        days_left=days_left,
        days_total=days_total,
        withdrawal_until=payment.approved_at + WITHDRAWAL_DAYS * DAY if not used else None,
    )


def subscription_end_now(
    *,
    subscription: Subscription,
    actor: User,
    expected_amount: int,
    idempotency_key: str,
    now: datetime | None = None,
) -> tuple[Subscription, Refund | None]:
    """The subscriber ends their subscription now and gets back what the policy says.

    ``expected_amount`` is the amount they saw and confirmed; if the quote differs now
    (a day passed, a refund happened) nothing is done and ``ConflictError`` says the new
    amount. ``idempotency_key`` (one per rendered form / Idempotency-Key header) makes a
    repeated request return the first result without refunding twice.
    """
    now = now or timezone.now()
    key = f"end-{subscription.pk}-{idempotency_key}"[:128]
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update(of=("self",)).get(pk=subscription.pk)
        done = Refund.objects.filter(idempotency_key=key).first()
        if done is not None:
            return subscription, done
        if subscription.user_id != actor.pk:
            raise InvalidTransition(_("This subscription is not yours."))
        if subscription.status != SubscriptionStatus.ACTIVE:
            if subscription.status == SubscriptionStatus.TRIALING:
                return subscription_cancel(
                    subscription=subscription, actor=actor, reason="ended now", immediately=True
                ), None
            raise InvalidTransition(_("This subscription has already ended."))
        quote = subscription_refund_quote(subscription=subscription, now=now)
        if quote.amount != expected_amount:
            raise ConflictError(
                _("The refund is now %(amount)s. Please check it and confirm again.")
                % {"amount": notifications.money(quote.amount, quote.currency)},
                code="refund_amount_changed",
                fields={"expected_amount": [str(quote.amount)]},
            )
        subscription = subscription_cancel(
            subscription=subscription,
            actor=actor,
            reason="withdrawal" if quote.kind == "withdrawal" else "ended mid-term",
            immediately=True,
        )
        refund = None
        if quote.amount > 0 and quote.payment is not None:
            refund = payment_refund(
                payment=quote.payment,
                reason=RefundReason.CUSTOMER_REQUEST
                if quote.kind == "withdrawal"
                else RefundReason.CANCELLATION,
                amount=quote.amount,
                description=(
                    "청약철회 (전자상거래법 제17조)"
                    if quote.kind == "withdrawal"
                    else f"중도 해지 잔여 {quote.days_left}/{quote.days_total}일"
                ),
                requested_by=actor,
                idempotency_key=key,
            )
            if refund.status == RefundStatus.FAILED:
                # the provider refused: nothing changes (this transaction is undone)
                raise RefundNotAllowed(
                    _("The card company refused the refund, so nothing changed: %(why)s")
                    % {"why": refund.failure_reason},
                    code="refund_refused",
                )
        return subscription, refund
