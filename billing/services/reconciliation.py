"""Daily reconciliation: our approved and refunded payments against the providers' books.

For one Korean day ``[00:00, 24:00)`` KST it compares, per order id, what was approved and
what was cancelled that day here (``Payment.approved_at``, ``Refund.processed_at``) with the
provider's records (Toss settlements by sold date, PortOne's payment list). Every difference
becomes an open ``ReconciliationIssue`` that operators work through in the admin; running
the same day again adds no duplicates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Sum

from billing.enums import PAID_STATUSES, ReconciliationKind, RefundStatus
from billing.gateways.base import ProviderRecord
from billing.gateways.registry import get_gateway
from billing.models import Payment, ReconciliationIssue, Refund

logger = logging.getLogger(__name__)
KST = ZoneInfo("Asia/Seoul")
K = ReconciliationKind


@dataclass
class _Ours:
    payment: Payment | None
    approved: int = 0
    canceled: int = 0


def _window(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=KST)
    return start, start + timedelta(days=1)


def _ours(provider: str, day: date) -> dict[str, _Ours]:
    start, end = _window(day)
    found: dict[str, _Ours] = {}
    approved = Payment.objects.filter(
        provider=provider, status__in=PAID_STATUSES, approved_at__gte=start, approved_at__lt=end
    )
    for payment in approved:
        found[payment.order_id] = _Ours(payment, approved=payment.amount)
    refunds = (
        Refund.objects.filter(
            payment__provider=provider,
            status=RefundStatus.SUCCEEDED,
            processed_at__gte=start,
            processed_at__lt=end,
        )
        .values("payment__order_id")
        .annotate(total=Sum("amount"))
    )
    for row in refunds:
        entry = found.setdefault(row["payment__order_id"], _Ours(None))
        entry.canceled = row["total"]
    missing = [order_id for order_id, entry in found.items() if entry.payment is None]
    for payment in Payment.objects.filter(order_id__in=missing):
        found[payment.order_id].payment = payment
    return found


def _issue(
    provider: str,
    day: date,
    kind: str,
    order_id: str,
    ours: _Ours | None,
    theirs: ProviderRecord | None,
) -> bool:
    payment = ours.payment if ours else None
    try:
        with transaction.atomic():
            ReconciliationIssue.objects.create(
                provider=provider,
                order_id=order_id[:64],
                provider_tx_id=(theirs.provider_tx_id if theirs else "")[:255],
                payment=payment,
                kind=kind,
                ours={"approved": ours.approved, "canceled": ours.canceled} if ours else {},
                theirs=(
                    {"approved": theirs.approved_amount, "canceled": theirs.canceled_amount}
                    if theirs
                    else {}
                ),
                day=day,
            )
    except IntegrityError:  # already open from an earlier run
        return False
    return True


def payments_reconcile(*, provider: str, day: date) -> int:
    """Compare one KST day with ``provider``'s records; returns how many issues were opened."""
    ours = _ours(provider, day)
    theirs = {
        record.order_id: record
        for record in get_gateway(provider).list_records(
            start=day, end=day + timedelta(days=1), order_ids=sorted(ours)
        )
    }
    unknown = [order_id for order_id in theirs if order_id not in ours]
    known_elsewhere = {
        payment.order_id: payment for payment in Payment.objects.filter(order_id__in=unknown)
    }
    opened = 0
    for order_id, record in theirs.items():
        entry = ours.get(order_id)
        if entry is None:
            payment = known_elsewhere.get(order_id)
            if payment is None:
                kind = K.MISSING_HERE
            elif payment.status in PAID_STATUSES and not record.approved_amount:
                if not record.canceled_amount:
                    continue
                kind = K.CANCELED  # cancelled at the provider today, not here
            else:
                kind = K.STATUS
            if record.approved_amount or record.canceled_amount:
                opened += _issue(provider, day, kind, order_id, _Ours(payment), record)
            continue
        if record.approved_amount != entry.approved:
            opened += _issue(provider, day, K.AMOUNT, order_id, entry, record)
        if record.canceled_amount != entry.canceled:
            opened += _issue(provider, day, K.CANCELED, order_id, entry, record)
    for order_id, entry in ours.items():
        if order_id not in theirs:
            kind = K.MISSING_AT_PROVIDER if entry.approved else K.CANCELED
            opened += _issue(provider, day, kind, order_id, entry, None)
    if opened:
        logger.warning(
            "billing: reconciliation of %s on %s opened %s issues", provider, day, opened
        )
    return opened


def payments_reconcile_all(*, day: date) -> dict[str, int]:
    """Beat job: reconcile ``day`` with every provider Haru has keys for."""
    from django.conf import settings

    providers = [
        name
        for name, configured in (
            ("toss", settings.TOSS_SECRET_KEY),
            ("portone", settings.PORTONE_API_SECRET),
        )
        if configured
    ]
    return {provider: payments_reconcile(provider=provider, day=day) for provider in providers}


def reconciliation_issues_resolve(*, issues, note: str = "") -> int:
    """Close open issues (an operator checked them). Returns how many were closed."""
    from django.utils import timezone

    return issues.filter(resolved_at__isnull=True).update(
        resolved_at=timezone.now(), note=note[:255]
    )


def payment_refresh(*, payment: Payment) -> Payment:
    """Fetch a payment from its provider and apply what it says (approvals, cancellations
    made outside Haru). Raises ``GatewayUnavailable`` when the provider cannot answer."""
    from django.utils.translation import gettext as _

    from billing.exceptions import GatewayUnavailable
    from billing.gateways.base import GatewayError
    from billing.services.payments import payment_sync

    try:
        result = get_gateway(payment.provider).get_payment(
            provider_tx_id=payment.provider_tx_id or "", order_id=payment.order_id
        )
    except GatewayError as exc:
        raise GatewayUnavailable(
            _("The payment service did not answer: %(code)s") % {"code": exc.code}
        ) from exc
    return payment_sync(payment=payment, result=result, note="operator refresh")
