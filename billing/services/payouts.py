"""Practitioner payouts (seed 003): what a practitioner earned from bookings in a period."""

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
from billing.models import Payment, PractitionerPayout

if TYPE_CHECKING:
    from accounts.models import User

KST = ZoneInfo("Asia/Seoul")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, tzinfo=KST),
        datetime.combine(end, time.min, tzinfo=KST),
    )


def payout_share(payment: Payment) -> int:
    """The practitioner's share left after refunds (refunds come out of both shares pro rata)."""
    if payment.amount == 0:
        return 0
    kept = payment.amount - payment.refunded_amount
    return payment.practitioner_amount * kept // payment.amount


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
        amount = sum(payout_share(payment) for payment in payments)
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
        payout.save()
        return payout
