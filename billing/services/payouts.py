"""Practitioner payouts (seed 003): what a practitioner earned from bookings in a period.

A refund of a booking payment that already went into a live payout is clawed back from the
practitioner's next payout: ``payout_clawback_record`` (called with the payment row locked,
where the refund is applied) writes one ``PayoutAdjustment`` per refund for the share the
refund took away, and ``payout_create`` subtracts every waiting adjustment."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.enums import PAID_STATUSES, PAYOUT_TRANSITIONS, PaymentPurpose, PayoutStatus
from billing.exceptions import BillingError, InvalidTransition
from billing.models import Payment, PayoutAdjustment, PractitionerPayout, Refund

if TYPE_CHECKING:
    from accounts.models import User

KST = ZoneInfo("Asia/Seoul")
LIVE_PAYOUT_STATUSES = (PayoutStatus.PENDING, PayoutStatus.PROCESSING, PayoutStatus.PAID)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=KST),
        datetime.combine(end, time.min, tzinfo=KST),
    )


def payout_share(payment: Payment) -> int:
    """The practitioner's share left after refunds (refunds come out of both shares pro rata)."""
    if payment.amount == 0:
        return 0
    return _share_kept(payment, payment.refunded_amount)


def _share_kept(payment: Payment, refunded: int) -> int:
    return payment.practitioner_amount * (payment.amount - refunded) // payment.amount


def payout_clawback_record(
    *, payment: Payment, refund: Refund, refunded_before: int
) -> PayoutAdjustment | None:
    """After ``refund`` took ``refunded_before -> payment.refunded_amount`` (the caller holds
    the payment's row lock), claw the share it removed back from the practitioner's next
    payout when the payment is already in a live payout. Once per refund (unique row)."""
    if payment.purpose != PaymentPurpose.BOOKING or not payment.practitioner_id:
        return None
    if payment.amount == 0 or not payment.practitioner_amount:
        return None
    source = payment.payouts.filter(status__in=LIVE_PAYOUT_STATUSES).order_by("-created_at").first()
    if source is None:
        return None  # not paid out yet: the next payout takes the reduced share anyway
    owed = _share_kept(payment, refunded_before) - _share_kept(payment, payment.refunded_amount)
    if owed <= 0:
        return None
    adjustment, _created = PayoutAdjustment.objects.get_or_create(
        refund=refund,
        defaults={
            "practitioner_id": payment.practitioner_id,
            "payment": payment,
            "source_payout": source,
            "amount": owed,
            "currency": payment.currency,
        },
    )
    return adjustment


def payout_create(
    *,
    practitioner_id,
    payee: User,
    period_start: date,
    period_end: date,
    method: str,
    details: dict | None = None,
    booking_ids: Collection | None = None,
) -> PractitionerPayout:
    """Collect the practitioner's paid booking payments approved in ``[start, end)`` (Korean
    days) that no payout has taken yet, and create one pending payout for their share.

    With ``booking_ids`` (the practitioners app names the sessions that were held), the
    payments of those bookings approved before ``end`` are collected instead, whenever in the
    past they were approved: a session paid in one week and held in the next is paid out
    with the week it was held."""
    if period_start >= period_end:
        raise BillingError(_("The period must end after it starts."))
    start, end = _bounds(period_start, period_end)
    window = (
        Q(approved_at__lt=end, booking_id__in=list(booking_ids))
        if booking_ids is not None
        else Q(approved_at__gte=start, approved_at__lt=end)
    )
    with transaction.atomic():
        payments = list(
            Payment.objects.select_for_update()
            .filter(
                window,
                purpose=PaymentPurpose.BOOKING,
                practitioner_id=practitioner_id,
                status__in=PAID_STATUSES,
            )
            .exclude(
                payouts__status__in=[
                    PayoutStatus.PENDING,
                    PayoutStatus.PROCESSING,
                    PayoutStatus.PAID,
                ]
            )
        )
        clawbacks = list(
            PayoutAdjustment.objects.select_for_update().filter(
                practitioner_id=practitioner_id,
                applied_payout__isnull=True,
                voided_at__isnull=True,
            )
        )
        amount = sum(payout_share(payment) for payment in payments)
        amount -= sum(adjustment.amount for adjustment in clawbacks)
        if amount <= 0:
            raise BillingError(_("Nothing to pay out for this period."), code="nothing_to_pay")
        payout = PractitionerPayout.objects.create(
            practitioner_id=practitioner_id,
            payee=payee,
            amount=amount,
            currency=payments[0].currency,
            period_start=period_start,
            period_end=period_end,
            method=method,
            details=details,
        )
        payout.payments.set(payments)
        PayoutAdjustment.objects.filter(pk__in=[a.pk for a in clawbacks]).update(
            applied_payout=payout
        )
        return payout


def payout_transition(
    *,
    payout: PractitionerPayout,
    to_status: str,
    provider_payout_id: str = "",
    failure_reason: str = "",
) -> PractitionerPayout:
    """Move a payout along pending -> processing -> paid (or failed / canceled)."""
    with transaction.atomic():
        payout = PractitionerPayout.objects.select_for_update().get(pk=payout.pk)
        if to_status not in PAYOUT_TRANSITIONS[payout.status]:
            raise InvalidTransition(
                _("A payout cannot go from %(from)s to %(to)s.")
                % {"from": payout.status, "to": to_status}
            )
        payout.status = to_status
        now = timezone.now()
        if provider_payout_id:
            payout.provider_payout_id = provider_payout_id
        if to_status == PayoutStatus.PAID:
            payout.processed_at = now
        elif to_status == PayoutStatus.FAILED:
            payout.failed_at = now
            payout.failure_reason = failure_reason[:500]
        elif to_status == PayoutStatus.CANCELED:
            # its payments go back to be collected at their reduced share, so the clawbacks
            # it caused are void; the ones it would have taken wait for the next payout
            PayoutAdjustment.objects.filter(
                source_payout=payout, applied_payout__isnull=True, voided_at__isnull=True
            ).update(voided_at=now)
            PayoutAdjustment.objects.filter(applied_payout=payout).update(applied_payout=None)
        payout.save()
        return payout
