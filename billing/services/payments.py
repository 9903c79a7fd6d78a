"""Payments: create an attempt, run it through its gateway, log every status change, refund.

Gateway calls happen with the payment's row (or the row of what it pays for) locked, and
every POST carries the payment's idempotency key, so a retried job never charges twice.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import notifications
from billing.enums import (
    PAID_STATUSES,
    PAYMENT_TRANSITIONS,
    PaymentPurpose,
    PaymentStatus,
    RefundReason,
    RefundStatus,
)
from billing.exceptions import (
    CardInUse,
    CardOwnedElsewhere,
    GatewayUnavailable,
    IdempotencyConflict,
    InvalidTransition,
    RefundNotAllowed,
)
from billing.gateways.base import BillingKeyResult, ChargeResult, GatewayError
from billing.gateways.registry import get_gateway
from billing.models import Payment, PaymentEvent, PaymentMethod, Refund
from billing.services.cash_receipts import cash_receipt_after_payment, cash_receipt_after_refund
from billing.services.payouts import payout_clawback_record
from core.analytics import PAYMENT_SUCCEEDED, track
from core.locks import advisory_xact_lock

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# a payment the provider never received (looked up after a timeout): nothing was taken
NOT_RECEIVED = "NOT_RECEIVED"


def new_order_id(prefix: str) -> str:
    """A Toss/PortOne-safe order id: 6-64 characters of [A-Za-z0-9_-]."""
    return f"haru-{prefix}-{secrets.token_hex(12)}"


def lock_user_billing(user_id) -> None:
    """Serialise purchases of one user (inside a transaction) without locking accounts' rows."""
    advisory_xact_lock(namespace="billing", key=user_id)


def _track_payment_succeeded(payment: Payment) -> None:
    properties = {
        "purpose": payment.purpose,
        "amount": payment.amount,
        "currency": payment.currency,
    }
    transaction.on_commit(
        lambda: track(PAYMENT_SUCCEEDED, user_id=payment.user_id, properties=properties)
    )
    cash_receipt_after_payment(payment)


def payment_transition(
    *, payment: Payment, to_status: str, note: str = "", actor: User | None = None
) -> Payment:
    """The one place a payment's status changes; writes the PaymentEvent row (caller saves)."""
    from_status = payment.status
    if to_status not in PAYMENT_TRANSITIONS[from_status]:
        raise InvalidTransition(
            _("A payment cannot go from %(from)s to %(to)s.")
            % {"from": from_status, "to": to_status}
        )
    payment.status = to_status
    now = timezone.now()
    if to_status == PaymentStatus.APPROVED and payment.approved_at is None:
        payment.approved_at = now
        _track_payment_succeeded(payment)
    elif to_status == PaymentStatus.FAILED:
        payment.failed_at = now
    elif to_status == PaymentStatus.CANCELED:
        payment.canceled_at = now
    PaymentEvent.objects.create(
        payment=payment, from_status=from_status, to_status=to_status, note=note[:255], actor=actor
    )
    return payment


def payment_create(
    *,
    user: User,
    purpose: str,
    provider: str,
    amount: int,
    order_name: str,
    idempotency_key: str,
    order_id: str | None = None,
    currency: str = "KRW",
    **links: Any,
) -> Payment:
    """The attempt's row, or the one already written under ``idempotency_key``."""
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    payment = Payment.objects.create(
        user=user,
        purpose=purpose,
        provider=provider,
        amount=amount,
        currency=currency,
        order_name=order_name[:100],
        order_id=order_id or new_order_id(purpose[:3]),
        idempotency_key=idempotency_key,
        requested_at=timezone.now(),
        **links,
    )
    PaymentEvent.objects.create(payment=payment, to_status=PaymentStatus.PENDING, note="requested")
    return payment


def _record_result(payment: Payment, result: ChargeResult) -> None:
    if result.provider_tx_id:
        payment.provider_tx_id = result.provider_tx_id
    if result.receipt_url:
        payment.receipt_url = result.receipt_url
    if result.approved_at:
        payment.approved_at = result.approved_at
    payment.method = result.method or payment.method
    card = result.card.as_dict()
    if result.easy_pay_provider:
        card["easy_pay_provider"] = result.easy_pay_provider
    if card:
        payment.method_detail = {**payment.method_detail, **card}
    payment.provider_response = result.raw or payment.provider_response


def payment_fail(*, payment: Payment, code: str, message: str, note: str = "") -> Payment:
    payment.failure_code = code[:64]
    payment.failure_message = message[:500]
    payment_transition(payment=payment, to_status=PaymentStatus.FAILED, note=note or code)
    payment.save()
    return payment


def payment_apply_result(*, payment: Payment, result: ChargeResult, note: str = "") -> Payment:
    """Bring a pending payment in line with what the provider reports (approve or fail)."""
    if payment.status != PaymentStatus.PENDING:
        return payment
    _record_result(payment, result)
    if result.status in (
        PaymentStatus.APPROVED,
        PaymentStatus.PARTIALLY_REFUNDED,
        PaymentStatus.REFUNDED,
    ):
        payment_transition(
            payment=payment, to_status=PaymentStatus.APPROVED, note=note or "approved"
        )
        payment.save()
    elif result.status == PaymentStatus.FAILED:
        payment_fail(
            payment=payment,
            code=result.failure_code or "PAYMENT_FAILED",
            message=result.failure_message,
            note=note,
        )
    else:
        payment.save()
    return payment


def payment_charge_billing_key(
    *, payment: Payment, payment_method: PaymentMethod, customer_email: str = ""
) -> Payment:
    """Charge a stored billing key for a pending payment (the caller holds the lock).

    A decline fails the payment; an unreachable provider leaves it pending (the same
    idempotency key is used on the next try) and raises ``GatewayUnavailable``.
    """
    if payment.status != PaymentStatus.PENDING:
        return payment
    payment.payment_method = payment_method
    payment.method_detail = {
        **payment.method_detail,
        "brand": payment_method.brand,
        "last_four": payment_method.last_four,
    }
    if payment_method.easy_pay_provider:
        payment.method_detail["easy_pay_provider"] = payment_method.easy_pay_provider
    gateway = get_gateway(payment.provider)
    try:
        result = gateway.charge_billing_key(
            billing_key=payment_method.billing_key,
            customer_key=payment_method.customer_key,
            order_id=payment.order_id,
            order_name=payment.order_name,
            amount=payment.amount,
            currency=payment.currency,
            idempotency_key=payment.idempotency_key,
            customer_email=customer_email,
            easy_pay_provider=payment_method.easy_pay_provider,
        )
    except GatewayError as exc:
        if exc.retryable or exc.lookup:
            # The charge may have gone through: the payment stays pending (committed) and is
            # looked up by its order id (``payment_lookup``); nothing charges it again.
            payment.failure_code, payment.failure_message = exc.code[:64], exc.message[:500]
            payment.save()
            logger.warning(
                "billing: %s unreachable for %s: %s", payment.provider, payment.pk, exc.code
            )
            raise GatewayUnavailable(
                _("The payment service did not answer. We will try again.")
            ) from exc
        return payment_fail(payment=payment, code=exc.code, message=exc.message)
    if (
        result.status == PaymentStatus.APPROVED
        and result.amount
        and result.amount != payment.amount
    ):
        logger.error(
            "billing: %s charged %s, expected %s", payment.pk, result.amount, payment.amount
        )
    return payment_apply_result(payment=payment, result=result)


def payment_lookup(*, payment: Payment, now: datetime | None = None) -> Payment:
    """Ask the provider what became of a pending payment, by its order id (Toss
    ``GET /v1/payments/orders/{orderId}``, PortOne ``get_payment``), and apply the answer.

    The caller holds the payment's lock. A provider that has no payment under the order id
    once ``BILLING_PENDING_GRACE_SECONDS`` have passed never received the charge: the payment
    fails with ``NOT_RECEIVED`` (nothing was taken). Any other error leaves it pending.
    """
    if payment.status != PaymentStatus.PENDING:
        return payment
    now = now or timezone.now()
    try:
        result = get_gateway(payment.provider).get_payment(
            provider_tx_id=payment.provider_tx_id or "", order_id=payment.order_id
        )
    except GatewayError as exc:
        grace = timedelta(seconds=settings.BILLING_PENDING_GRACE_SECONDS)
        if exc.not_found and payment.requested_at <= now - grace:
            return payment_fail(
                payment=payment,
                code=NOT_RECEIVED,
                message="the provider has no payment under this order id",
                note="lookup: not at the provider",
            )
        logger.info("billing: lookup of %s still open: %s", payment.pk, exc.code)
        return payment
    if result.order_id and result.order_id != payment.order_id:
        logger.error("billing: lookup of %s answered another order", payment.pk)
        return payment
    if result.status in PAID_STATUSES and result.amount and result.amount != payment.amount:
        logger.error(
            "billing: %s charged %s, expected %s", payment.pk, result.amount, payment.amount
        )
    return payment_apply_result(payment=payment, result=result, note="lookup by order id")


def payment_method_save(
    *, user: User, provider: str, result: BillingKeyResult, make_default: bool = True
) -> PaymentMethod:
    """Store a billing key (encrypted) as the user's card; the newest becomes the default."""
    digest = hashlib.sha256(f"{provider}:{result.billing_key}".encode()).hexdigest()
    existing = PaymentMethod.objects.filter(billing_key_digest=digest).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise CardOwnedElsewhere(_("This card is already saved on another account."))
        return existing
    if make_default:
        PaymentMethod.objects.filter(user=user, is_default=True).update(is_default=False)
    return PaymentMethod.objects.create(
        user=user,
        provider=provider,
        type=result.method if result.method in ("card", "easy_pay", "transfer") else "card",
        easy_pay_provider=result.easy_pay_provider if result.method == "easy_pay" else "",
        billing_key=result.billing_key,
        customer_key=result.customer_key,
        billing_key_digest=digest,
        brand=result.card.brand,
        last_four=result.card.last_four,
        card_type=result.card.card_type,
        expiry_month=result.card.expiry_month,
        expiry_year=result.card.expiry_year,
        is_default=make_default,
    )


def payment_method_remove(*, payment_method: PaymentMethod, actor: User | None = None) -> None:
    """Stop using a stored card (not while a live subscription renews with it)."""
    if payment_method.subscriptions.filter(status__in=("trialing", "active", "past_due")).exists():
        raise CardInUse(
            _(
                "This card pays for your subscription. Put another card on the subscription, "
                "or cancel it, first."
            )
        )
    gateway = get_gateway(payment_method.provider)
    try:
        gateway.delete_billing_key(
            billing_key=payment_method.billing_key, customer_key=payment_method.customer_key
        )
    except GatewayError as exc:
        logger.warning("billing: could not delete billing key %s: %s", payment_method.pk, exc.code)
    payment_method.is_active = False
    payment_method.is_default = False
    payment_method.deactivated_at = timezone.now()
    payment_method.save(update_fields=["is_active", "is_default", "deactivated_at", "updated_at"])


# --- refunds ------------------------------------------------------------------------------------


def _after_refund(payment: Payment, refund: Refund) -> None:
    refunded_before = payment.refunded_amount
    payment.refunded_amount += refund.amount
    to_status = (
        PaymentStatus.REFUNDED
        if payment.refunded_amount >= payment.amount
        else PaymentStatus.PARTIALLY_REFUNDED
    )
    payment_transition(payment=payment, to_status=to_status, note=f"refund {refund.pk}")
    payment.save()
    payout_clawback_record(payment=payment, refund=refund, refunded_before=refunded_before)
    cash_receipt_after_refund(payment, refund)


def payment_refund(
    *,
    payment: Payment,
    reason: str,
    amount: int | None = None,
    description: str = "",
    requested_by: User | None = None,
    approved_by: User | None = None,
    idempotency_key: str | None = None,
) -> Refund:
    """Refund all (``amount=None``) or part of a paid payment, never more than what is left.

    The payment row is locked while the provider cancels. A credit pack's refund takes its
    credits back first (refused when they were already spent). A provider that refuses
    stores the refund as failed with nothing else changed; one that does not answer leaves
    it pending, and ``refund_retry`` sends the very same cancel again (same Toss
    Idempotency-Key, same PortOne ``currentCancellableAmount``), so it never refunds twice.
    While a refund is pending no other refund of the payment starts.
    """
    if reason not in RefundReason.values:
        raise RefundNotAllowed(_("Choose a refund reason."))
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if idempotency_key:
            existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                # a key is bound to its payment and amount: it never refunds anything else
                if existing.payment_id != payment.pk or (
                    amount is not None and existing.amount != amount
                ):
                    raise IdempotencyConflict(
                        _("This refund key was already used for another refund."),
                        code="refund_key_reused",
                    )
                return existing
        if payment.refunds.filter(status=RefundStatus.PENDING).exists():
            raise RefundNotAllowed(
                _("A refund of this payment is still being processed. Please wait a moment."),
                code="refund_in_progress",
            )
        left = payment.refundable_amount
        amount = left if amount is None else amount
        if not payment.is_paid or left <= 0:
            raise RefundNotAllowed(_("Only paid payments with money left on them can be refunded."))
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise RefundNotAllowed(_("The refund must be more than zero."))
        if amount > left:
            raise RefundNotAllowed(
                _("At most %(left)s can still be refunded on this payment.")
                % {"left": notifications.money(left, payment.currency)}
            )
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            currency=payment.currency,
            reason=reason,
            description=description[:255],
            idempotency_key=idempotency_key or f"refund-{payment.pk}-{secrets.token_hex(8)}",
            cancellable_before=left,
            requested_by=requested_by,
            approved_by=approved_by,
        )
        _send_refund(payment, refund)
        return refund


def refund_request(
    *,
    payment: Payment,
    reason: str,
    amount: int | None = None,
    description: str = "",
    requested_by: User | None = None,
) -> Refund:
    """Ask for a refund that a manager approves later (``refund_approve``): the row waits
    as "requested" and nothing goes to the provider. The amount is checked now and again
    at approval (other refunds may have happened in between)."""
    if reason not in RefundReason.values:
        raise RefundNotAllowed(_("Choose a refund reason."))
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        waiting = sum(
            payment.refunds.filter(
                status__in=(RefundStatus.REQUESTED, RefundStatus.PENDING)
            ).values_list("amount", flat=True)
        )
        left = payment.refundable_amount - waiting
        amount = left if amount is None else amount
        if not payment.is_paid or left <= 0:
            raise RefundNotAllowed(_("Only paid payments with money left on them can be refunded."))
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise RefundNotAllowed(_("The refund must be more than zero."))
        if amount > left:
            raise RefundNotAllowed(
                _("At most %(left)s can still be refunded on this payment.")
                % {"left": notifications.money(left, payment.currency)}
            )
        return Refund.objects.create(
            payment=payment,
            amount=amount,
            currency=payment.currency,
            reason=reason,
            description=description[:255],
            status=RefundStatus.REQUESTED,
            idempotency_key=f"refund-{payment.pk}-{secrets.token_hex(8)}",
            requested_by=requested_by,
        )


def refund_approve(*, refund: Refund, approved_by: User) -> Refund:
    """A manager approves a requested refund: it is sent to the provider now, exactly like
    ``payment_refund`` (and the member is notified once it went through)."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != RefundStatus.REQUESTED:
            raise RefundNotAllowed(
                _("This refund is not waiting for approval."), code="refund_not_requested"
            )
        if payment.refunds.filter(status=RefundStatus.PENDING).exists():
            raise RefundNotAllowed(
                _("A refund of this payment is still being processed. Please wait a moment."),
                code="refund_in_progress",
            )
        left = payment.refundable_amount
        if not payment.is_paid or refund.amount > left:
            raise RefundNotAllowed(
                _("At most %(left)s can still be refunded on this payment.")
                % {"left": notifications.money(left, payment.currency)}
            )
        refund.status = RefundStatus.PENDING
        refund.approved_by = approved_by
        refund.cancellable_before = left
        _send_refund(payment, refund)
        return refund


def refund_reject(*, refund: Refund, rejected_by: User, reason: str) -> Refund:
    """A manager turns a requested refund down, with the reason (kept on the row)."""
    reason = (reason or "").strip()
    if not reason:
        raise RefundNotAllowed(
            _("Write why the refund is not approved."),
            code="refund_reason_required",
            fields={"reason": [_("This field is required.")]},
        )
    updated = Refund.objects.filter(pk=refund.pk, status=RefundStatus.REQUESTED).update(
        status=RefundStatus.REJECTED,
        approved_by=rejected_by,
        failure_reason=reason[:500],
        failed_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not updated:
        raise RefundNotAllowed(
            _("This refund is not waiting for approval."), code="refund_not_requested"
        )
    refund.refresh_from_db()
    return refund


def _send_refund(payment: Payment, refund: Refund) -> None:
    """Ask the provider to cancel (both rows locked by the caller) and apply the answer."""
    refund.attempts += 1
    savepoint = transaction.savepoint()
    try:
        if payment.purpose == PaymentPurpose.CREDITS and payment.credit_pack_id:
            from billing.services.wallets import credits_purchase_reverse

            credits_purchase_reverse(
                payment=payment, refund_amount=refund.amount, refund_id=str(refund.pk)
            )
        try:
            result = get_gateway(payment.provider).cancel_payment(
                provider_tx_id=payment.provider_tx_id or "",
                order_id=payment.order_id,
                amount=refund.amount,
                reason=refund.description or str(RefundReason(refund.reason).label),
                idempotency_key=refund.idempotency_key,
                current_cancellable_amount=refund.cancellable_before,
            )
        except GatewayError as exc:
            if not exc.lookup:
                raise
            found = _find_cancellation(payment, refund)
            if found is None:
                raise
            result = found
    except GatewayError as exc:
        transaction.savepoint_rollback(savepoint)
        if exc.retryable:
            refund.failure_reason = f"{exc.code}: {exc.message}"[:500]
            refund.save()
            logger.warning("billing: refund %s unanswered (%s), retried later", refund.pk, exc.code)
            return
        refund.status = RefundStatus.FAILED
        refund.failed_at = timezone.now()
        refund.failure_reason = f"{exc.code}: {exc.message}"[:500]
        refund.save()
        return
    transaction.savepoint_commit(savepoint)
    refund.status = RefundStatus.SUCCEEDED
    refund.provider_refund_id = result.provider_refund_id or None
    refund.processed_at = result.canceled_at or timezone.now()
    refund.failure_reason = ""
    refund.save()
    _after_refund(payment, refund)
    notifications.refunded(refund)


def _find_cancellation(payment: Payment, refund: Refund):
    """The provider refused the cancel because the refundable amount moved: our earlier try
    went through. Find that cancellation (of this amount, not yet known here)."""
    try:
        state = get_gateway(payment.provider).get_payment(
            provider_tx_id=payment.provider_tx_id or "", order_id=payment.order_id
        )
    except GatewayError:
        return None
    known = set(
        payment.refunds.exclude(provider_refund_id=None).values_list(
            "provider_refund_id", flat=True
        )
    )
    for cancellation in reversed(state.cancellations):
        if cancellation.provider_refund_id not in known and cancellation.amount == refund.amount:
            return cancellation
    return None


def refund_retry(*, refund_id) -> str:
    """Send a pending refund's cancel again, unchanged. Safe to run concurrently."""
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update(skip_locked=True)
            .filter(pk=refund_id, status=RefundStatus.PENDING)
            .first()
        )
        if refund is None:
            return "busy"
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        _send_refund(payment, refund)
        return refund.status


def refunds_retry_pending(*, now: datetime | None = None) -> dict[str, int]:
    """Beat job: every refund left pending by an unanswered cancel, a minute or more old."""
    now = now or timezone.now()
    outcomes: dict[str, int] = {}
    ids = Refund.objects.filter(
        status=RefundStatus.PENDING, updated_at__lte=now - timedelta(minutes=1)
    ).values_list("pk", flat=True)[:500]
    for refund_id in list(ids):
        outcome = refund_retry(refund_id=refund_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def payment_sync(*, payment: Payment, result: ChargeResult, note: str = "") -> Payment:
    """Apply what the provider says about a payment (from a webhook, after re-fetching it):
    approvals, failures and cancellations made outside Haru. Safe to run twice."""
    from billing.services import fulfilment

    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        was_pending = payment.status == PaymentStatus.PENDING
        payment_apply_result(payment=payment, result=result, note=note or "provider sync")
        if was_pending and payment.status == PaymentStatus.APPROVED:
            fulfilment.payment_fulfil(payment=payment)
        if payment.is_paid:
            known = set(
                payment.refunds.exclude(provider_refund_id=None).values_list(
                    "provider_refund_id", flat=True
                )
            )
            for cancellation in result.cancellations:
                if not cancellation.provider_refund_id or cancellation.provider_refund_id in known:
                    continue
                amount = min(cancellation.amount, payment.amount - payment.refunded_amount)
                if amount <= 0:
                    continue
                refund = Refund.objects.create(
                    payment=payment,
                    amount=amount,
                    currency=payment.currency,
                    reason=RefundReason.ADMIN_ADJUSTMENT,
                    description=(cancellation.reason or _("Canceled at the provider"))[:255],
                    status=RefundStatus.SUCCEEDED,
                    idempotency_key=f"provider-{cancellation.provider_refund_id}"[:128],
                    provider_refund_id=cancellation.provider_refund_id,
                    processed_at=cancellation.canceled_at or timezone.now(),
                )
                _after_refund(payment, refund)
        return payment


def payment_when(payment: Payment) -> datetime:
    return payment.approved_at or payment.requested_at


def cards_announce_expiring(*, now: datetime | None = None) -> int:
    """Hourly beat job: tell holders of active cards that expire at the end of their local
    month, once per card and expiry month, between 10:00 and 21:00 their time (e-mail and
    inbox), so a renewal does not fail on an expired card. Returns how many were told."""
    from core.clock import user_local_now

    now = now or timezone.now()
    told = 0
    # every zone is within a day of UTC: a card expiring this month or next month is a
    # candidate; each holder's own month decides
    month_utc = now.year * 12 + now.month - 1
    candidates = (
        PaymentMethod.objects.filter(is_active=True, type="card", expiry_year__isnull=False)
        .annotate(expiry_index=F("expiry_year") * 12 + F("expiry_month") - 1)
        .filter(expiry_index__gte=month_utc - 1, expiry_index__lte=month_utc + 1)
        .select_related("user")
    )
    for method in candidates:
        local = user_local_now(user=method.user, at=now)
        label = f"{method.expiry_year:04d}-{method.expiry_month:02d}"
        if (local.year, local.month) != (method.expiry_year, method.expiry_month):
            continue
        if not 10 <= local.hour < 21:
            continue
        claimed = (
            PaymentMethod.objects.filter(pk=method.pk, is_active=True)
            .exclude(expiry_announced_for=label)
            .update(expiry_announced_for=label)
        )
        if claimed:
            notifications.card_expiring(method)
            told += 1
    return told
