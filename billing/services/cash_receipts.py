"""Cash receipts (현금영수증): issued through the payment's provider after a payment that took no
card, exactly once, and cancelled (or cancelled and issued again for what is left) on a refund.

Which payments get one: a bank transfer, a virtual account, a Toss bank-account auto-pay, and
an easy-pay wallet paid from its balance (the provider names no card behind it). The member
says once, in billing settings or at checkout, whether receipts are for income deduction
(소득공제, a mobile number) or expense proof (지출증빙, a business registration number); the
number is stored encrypted and never logged. Without that setting nothing is issued.

The work runs in Celery tasks after the payment commits (``billing.issue_cash_receipt``,
``billing.follow_refund_with_cash_receipt``); both lock the payment row, and the database
keeps one receipt per (payment, sequence) and one live receipt per payment.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.enums import PAID_STATUSES, PaymentMethodType
from billing.exceptions import BillingError
from billing.gateways.base import GatewayError
from billing.gateways.registry import get_gateway
from billing.models import (
    CashReceipt,
    CashReceiptKind,
    CashReceiptSetting,
    CashReceiptStatus,
    Payment,
    Refund,
)

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

NON_CARD_METHODS = {PaymentMethodType.TRANSFER, PaymentMethodType.VIRTUAL_ACCOUNT}


def cash_receipt_number_clean(*, kind: str, number: str) -> str:
    """The digits of a Korean mobile number (소득공제) or business registration number
    (지출증빙); ``BillingError`` with a field message otherwise."""
    digits = re.sub(r"[\s-]", "", number or "")
    if kind == CashReceiptKind.PERSONAL:
        if not re.fullmatch(r"01[016789]\d{7,8}", digits):
            raise BillingError(
                _("Enter a mobile number such as 010-1234-5678."),
                code="invalid_identity_number",
                fields={"identity_number": [_("Enter a mobile number such as 010-1234-5678.")]},
            )
        return digits
    if kind == CashReceiptKind.BUSINESS:
        if not re.fullmatch(r"\d{10}", digits):
            raise BillingError(
                _("A business registration number has 10 digits."),
                code="invalid_identity_number",
                fields={"identity_number": [_("A business registration number has 10 digits.")]},
            )
        return digits
    raise BillingError(
        _("Choose a receipt type."),
        code="invalid_kind",
        fields={"kind": [_("Choose a receipt type.")]},
    )


def cash_receipt_setting_save(*, user: User, kind: str, identity_number: str) -> CashReceiptSetting:
    digits = cash_receipt_number_clean(kind=kind, number=identity_number)
    setting, _created = CashReceiptSetting.objects.update_or_create(
        user=user, defaults={"kind": kind, "identity_number": digits}
    )
    return setting


def cash_receipt_setting_remove(*, user: User) -> None:
    CashReceiptSetting.objects.filter(user=user).delete()


def payment_takes_cash_receipt(payment: Payment) -> bool:
    """Money that did not come from a card: transfers, virtual accounts, and wallets paid from
    their balance (no card named behind the wallet)."""
    if payment.method in NON_CARD_METHODS:
        return True
    if payment.method == PaymentMethodType.EASY_PAY:
        detail = payment.method_detail or {}
        return not (detail.get("last_four") or detail.get("number_masked") or detail.get("brand"))
    return False


def _issue(payment: Payment, receipt: CashReceipt, setting: CashReceiptSetting) -> CashReceipt:
    gateway = get_gateway(payment.provider)
    try:
        result = gateway.issue_cash_receipt(
            reference=receipt.provider_reference,
            order_name=payment.order_name,
            amount=receipt.amount,
            kind=receipt.kind,
            identity_number=setting.identity_number,
            idempotency_key=f"cash-receipt-{receipt.pk}",
        )
    except GatewayError as exc:
        if exc.retryable:
            raise  # stays pending; the task tries again with the same key
        receipt.status = CashReceiptStatus.FAILED
        receipt.failure_reason = f"{exc.code}: {exc.message}"[:500]
        receipt.save()
        logger.warning("billing: cash receipt %s not issued: %s", receipt.pk, exc.code)
        return receipt
    receipt.status = CashReceiptStatus.ISSUED
    receipt.receipt_key = result.receipt_key
    receipt.issue_number = result.issue_number
    receipt.receipt_url = result.receipt_url
    receipt.issued_at = timezone.now()
    receipt.failure_reason = ""
    receipt.save()
    return receipt


def cash_receipt_issue(*, payment_id) -> CashReceipt | None:
    """Issue the payment's cash receipt once (a repeat returns the first one). None when the
    payment takes none, is not paid, or the member has not said where receipts go."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status not in PAID_STATUSES or not payment_takes_cash_receipt(payment):
            return None
        existing = payment.cash_receipts.filter(sequence=1).first()
        if existing is not None and existing.status != CashReceiptStatus.PENDING:
            return existing
        setting = CashReceiptSetting.objects.filter(user_id=payment.user_id).first()
        if setting is None:
            return None
        amount = payment.amount - payment.refunded_amount
        if amount <= 0:
            return None
        receipt = existing or CashReceipt.objects.create(
            payment=payment,
            sequence=1,
            provider=payment.provider,
            kind=setting.kind,
            number_last_four=setting.identity_number[-4:],
            amount=amount,
            provider_reference=(
                payment.order_id if payment.provider == "portone" else f"{payment.order_id}-cr"
            )[:64],
            refunds_applied=[str(pk) for pk in payment.refunds.values_list("pk", flat=True)],
        )
        return _issue(payment, receipt, setting)


def cash_receipt_follow_refund(*, payment_id, refund_id) -> CashReceipt | None:
    """After a refund: cancel that much of the live receipt (Toss, development), or cancel it
    and issue a new one for what is left (PortOne cancels whole receipts only). Once per
    refund: the receipt remembers which refunds it followed."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        refund = Refund.objects.get(pk=refund_id, payment=payment)
        receipt = (
            payment.cash_receipts.filter(status=CashReceiptStatus.ISSUED)
            .order_by("-sequence")
            .first()
        )
        if receipt is None or str(refund.pk) in receipt.refunds_applied:
            return receipt
        gateway = get_gateway(receipt.provider)
        left = payment.amount - payment.refunded_amount
        live = receipt.amount - receipt.canceled_amount
        to_cancel = max(0, live - left)
        if to_cancel == 0:
            receipt.refunds_applied = [*receipt.refunds_applied, str(refund.pk)]
            receipt.save(update_fields=["refunds_applied"])
            return receipt
        now = timezone.now()
        if gateway.partial_cash_receipt_cancel or left == 0:
            gateway.cancel_cash_receipt(
                receipt_key=receipt.receipt_key,
                amount=None if to_cancel == live else to_cancel,
                idempotency_key=f"cash-receipt-cancel-{receipt.pk}-{refund.pk}",
            )
            receipt.canceled_amount += to_cancel
            if receipt.canceled_amount >= receipt.amount:
                receipt.status = CashReceiptStatus.CANCELED
                receipt.canceled_at = now
            receipt.refunds_applied = [*receipt.refunds_applied, str(refund.pk)]
            receipt.save()
            return receipt
        # a provider that cancels whole receipts: cancel, then one new receipt for what is left
        gateway.cancel_cash_receipt(
            receipt_key=receipt.receipt_key,
            amount=None,
            idempotency_key=f"cash-receipt-cancel-{receipt.pk}-{refund.pk}",
        )
        receipt.canceled_amount = receipt.amount
        receipt.status = CashReceiptStatus.CANCELED
        receipt.canceled_at = now
        receipt.refunds_applied = [*receipt.refunds_applied, str(refund.pk)]
        receipt.save()
        setting = CashReceiptSetting.objects.filter(user_id=payment.user_id).first()
        sequence = receipt.sequence + 1
        again = CashReceipt.objects.create(
            payment=payment,
            sequence=sequence,
            provider=receipt.provider,
            kind=receipt.kind,
            number_last_four=receipt.number_last_four,
            amount=left,
            provider_reference=f"{payment.order_id}-cr{sequence}"[:64],
            refunds_applied=list(receipt.refunds_applied),
        )
        if setting is None:  # the member removed the setting meanwhile: nothing to issue to
            again.status = CashReceiptStatus.FAILED
            again.failure_reason = "no cash receipt setting"
            again.save()
            return again
        return _issue(payment, again, setting)


def cash_receipt_after_payment(payment: Payment) -> None:
    """Called where a payment becomes paid: queue the receipt once the payment commits."""
    if not payment_takes_cash_receipt(payment):
        return
    payment_id = payment.pk

    def enqueue() -> None:
        from billing.tasks import issue_cash_receipt

        try:
            issue_cash_receipt.apply_async(args=[str(payment_id)], retry=False)
        except Exception:  # the broker is down: logged; the payment stays without a receipt
            logger.exception("billing: could not queue the cash receipt of %s", payment_id)

    transaction.on_commit(enqueue)


def cash_receipt_after_refund(payment: Payment, refund: Refund) -> None:
    """Called where a refund is applied: queue the receipt's follow-up once it commits."""
    if not payment_takes_cash_receipt(payment):
        return
    payment_id, refund_id = payment.pk, refund.pk

    def enqueue() -> None:
        from billing.tasks import follow_refund_with_cash_receipt

        try:
            follow_refund_with_cash_receipt.apply_async(
                args=[str(payment_id), str(refund_id)], retry=False
            )
        except Exception:
            logger.exception("billing: could not queue the cash receipt refund of %s", payment_id)

    transaction.on_commit(enqueue)


# A receipt normally follows its payment within seconds (the task queued at commit). The sweep
# catches payments whose task never ran (the broker was down at commit, a worker died).
SWEEP_GRACE = timedelta(minutes=15)
SWEEP_WINDOW = timedelta(days=3)


def cash_receipts_issue_missing(*, now: datetime | None = None) -> int:
    """Issue the receipts of paid non-card payments that have none (or only a pending one)
    15 minutes after payment, looking back 3 days. Safe to run anytime: ``cash_receipt_issue``
    locks the payment and issues once. Returns how many receipts were issued."""
    now = now or timezone.now()
    candidates = (
        Payment.objects.filter(
            status__in=PAID_STATUSES,
            approved_at__gte=now - SWEEP_WINDOW,
            approved_at__lt=now - SWEEP_GRACE,
            method__in=[*NON_CARD_METHODS, PaymentMethodType.EASY_PAY],
            user_id__in=CashReceiptSetting.objects.values("user_id"),
        )
        .exclude(cash_receipts__in=CashReceipt.objects.exclude(status=CashReceiptStatus.PENDING))
        .order_by("approved_at")
        .only("pk", "method", "method_detail")[:500]
    )
    issued = 0
    for payment in candidates:
        if not payment_takes_cash_receipt(payment):
            continue
        try:
            receipt = cash_receipt_issue(payment_id=payment.pk)
        except GatewayError:
            logger.warning("billing: cash receipt of %s still not issued; next sweep", payment.pk)
            continue
        if receipt is not None and receipt.status == CashReceiptStatus.ISSUED:
            issued += 1
    return issued
