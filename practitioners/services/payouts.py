"""Weekly practitioner payouts: each practitioner's held and paid sessions, minus Haru's fee
and refunds, become one billing payout per week through ``billing.services.payout_create``.

Exactly once per (practitioner, week), even when two beats overlap: the work for one
practitioner runs under an advisory lock, a week that already has a live payout is skipped,
and billing never takes a payment into two live payouts.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from billing.enums import PayoutMethod, PayoutStatus
from billing.exceptions import BillingError
from billing.models import Payment, PayoutAdjustment, PractitionerPayout
from billing.services import payout_create
from billing.services.payouts import payout_share
from core.locks import advisory_xact_lock
from practitioners.models import Booking, BookingParticipant, Practitioner

logger = logging.getLogger(__name__)

KST = ZoneInfo("Asia/Seoul")
COMPLETED = "completed"
LIVE_PAYOUT_STATUSES = (PayoutStatus.PENDING, PayoutStatus.PROCESSING, PayoutStatus.PAID)
# A session completed (marked held) late is still paid out if it ended within this window.
LOOKBACK = datetime.timedelta(weeks=8)


@dataclass(frozen=True)
class StatementLine:
    payment_id: str
    booking_id: str | None
    starts_at: datetime.datetime | None
    service_name: str
    paid: int
    platform_fee: int
    refunded: int
    share: int
    currency: str


def week_before(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last full Monday-to-Monday week (Korean days) before ``today``: ``[start, end)``."""
    this_monday = today - datetime.timedelta(days=today.weekday())
    return this_monday - datetime.timedelta(days=7), this_monday


def _kst_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=KST)


def _held_booking_ids(*, practitioner_id, end: datetime.datetime) -> list:
    """The ids billing's payments name for the sessions held in the lookback window.

    A rescheduled session is a new booking whose seats carry the payment of the booking it
    replaced, and that payment still names the first booking: so the seats' payments say
    which booking ids to collect, beside the held bookings' own ids."""
    held = Booking.objects.filter(
        practitioner_id=practitioner_id,
        status=COMPLETED,
        completed_at__lt=end,
        completed_at__gte=end - LOOKBACK,
    )
    seat_payments = BookingParticipant.objects.filter(
        booking__in=held, payment_id__isnull=False
    ).values("payment_id")
    named = Payment.objects.filter(pk__in=seat_payments, booking_id__isnull=False).values_list(
        "booking_id", flat=True
    )
    return list(set(held.values_list("pk", flat=True)) | set(named))


def payout_create_for_practitioner(
    *, practitioner: Practitioner, period_start: datetime.date, period_end: datetime.date
) -> PractitionerPayout | None:
    """One practitioner's payout for ``[period_start, period_end)``, or None when the week
    already has one or there is nothing to pay. Safe to run twice and concurrently."""
    end = _kst_midnight(period_end)
    with transaction.atomic():
        advisory_xact_lock(namespace="practitioners.payout", key=practitioner.pk)
        if PractitionerPayout.objects.filter(
            practitioner_id=practitioner.pk,
            period_start=period_start,
            period_end=period_end,
            status__in=LIVE_PAYOUT_STATUSES,
        ).exists():
            return None
        booking_ids = _held_booking_ids(practitioner_id=practitioner.pk, end=end)
        if not booking_ids:
            return None
        try:
            with transaction.atomic():
                return payout_create(
                    practitioner_id=practitioner.pk,
                    payee=practitioner.user,
                    period_start=period_start,
                    period_end=period_end,
                    method=PayoutMethod.BANK_TRANSFER,
                    booking_ids=booking_ids,
                )
        except BillingError as error:
            if error.code == "nothing_to_pay":
                return None
            raise


def payouts_create_for_week(*, today: datetime.date | None = None) -> int:
    """Beat: last week's payouts for every practitioner with a held session; returns how many
    were created."""
    today = today or timezone.localdate(timezone=KST)
    period_start, period_end = week_before(today=today)
    end = _kst_midnight(period_end)
    practitioner_ids = (
        Booking.objects.filter(
            status=COMPLETED, completed_at__lt=end, completed_at__gte=end - LOOKBACK
        )
        .values_list("practitioner_id", flat=True)
        .distinct()
    )
    created = 0
    for practitioner in Practitioner.objects.filter(pk__in=list(practitioner_ids)).select_related(
        "user"
    ):
        if payout_create_for_practitioner(
            practitioner=practitioner, period_start=period_start, period_end=period_end
        ):
            created += 1
    logger.info("weekly payouts for %s..%s: %d created", period_start, period_end, created)
    return created


def payout_statement_lines(*, payout: PractitionerPayout) -> list[StatementLine]:
    """The payout's sessions, one line each (two queries whatever their number)."""
    payments = list(Payment.objects.filter(payouts=payout).order_by("approved_at", "pk"))
    bookings = {
        booking.pk: booking
        for booking in Booking.objects.filter(
            pk__in=[p.booking_id for p in payments if p.booking_id]
        ).select_related("service")
    }
    lines = []
    for payment in payments:
        booking = bookings.get(payment.booking_id) if payment.booking_id else None
        lines.append(
            StatementLine(
                payment_id=str(payment.pk),
                booking_id=str(booking.pk) if booking else None,
                starts_at=booking.starts_at if booking else None,
                service_name=_service_name(booking),
                paid=payment.amount,
                platform_fee=payment.platform_fee,
                refunded=payment.refunded_amount,
                share=payout_share(payment),
                currency=payment.currency,
            )
        )
    return lines


@dataclass(frozen=True)
class ClawbackLine:
    """A refund made after an earlier payout had paid its session: taken from this one."""

    refunded_at: datetime.datetime
    source_period_start: datetime.date
    amount: int
    currency: str


def payout_statement_clawbacks(*, payout: PractitionerPayout) -> list[ClawbackLine]:
    """The clawbacks billing took from this payout (one query whatever their number)."""
    adjustments = (
        PayoutAdjustment.objects.filter(applied_payout=payout, voided_at__isnull=True)
        .select_related("refund", "source_payout")
        .order_by("created_at", "pk")
    )
    return [
        ClawbackLine(
            refunded_at=adjustment.refund.created_at,
            source_period_start=adjustment.source_payout.period_start,
            amount=adjustment.amount,
            currency=adjustment.currency,
        )
        for adjustment in adjustments
    ]


def _service_name(booking: Booking | None) -> str:
    if booking is None:
        return ""
    service = booking.service
    for attribute in ("name", "name_ko", "title", "title_ko"):
        value = getattr(service, attribute, "")
        if value:
            return str(value)
    return str(service)
