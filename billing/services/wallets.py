"""Credits and points: one wallet per user and unit, an append-only ledger, never negative.

Every change locks the wallet row (``select_for_update``), checks the balance, updates it
and appends a ``LedgerEntry`` with ``balance_after`` in one transaction. An idempotency key
makes a retried call return the entry it already wrote instead of applying it twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.enums import LedgerKind, WalletUnit
from billing.exceptions import IdempotencyConflict, InsufficientBalance, InvalidAmount
from billing.messages import legacy_reason_to_key
from billing.models import LedgerEntry, Payment, Wallet

if TYPE_CHECKING:
    from accounts.models import User

EARNING_KINDS = (LedgerKind.PURCHASE, LedgerKind.AWARD)


def wallet_get_or_create(*, user: User, unit: str) -> Wallet:
    wallet = Wallet.objects.filter(user=user, unit=unit).first()
    if wallet is not None:
        return wallet
    try:
        with transaction.atomic():
            return Wallet.objects.create(user=user, unit=unit)
    except IntegrityError:  # created by a concurrent call a moment ago
        return Wallet.objects.get(user=user, unit=unit)


def _positive(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidAmount(_("The amount must be a whole number greater than zero."))
    return amount


def _apply(
    *,
    user: User,
    unit: str,
    delta: int,
    kind: str,
    reason: str = "",
    reason_key: str = "",
    reason_params: dict | None = None,
    reference_type: str = "",
    reference_id: str = "",
    idempotency_key: str | None = None,
    actor: User | None = None,
    payment: Payment | None = None,
    expires_at: datetime | None = None,
) -> LedgerEntry:
    """Change one wallet by ``delta`` under a row lock and append the ledger entry.

    The entry's reason is a message key plus parameters (``billing.messages``), rendered in
    the reader's language. A caller that passes only an old-style ``reason``
    (``"ai_service:tarot"``) gets it converted to a key.
    """
    if not reason_key:
        if not reason.strip():
            raise InvalidAmount(_("Say why the balance changes (a reason key)."))
        reason_key, reason_params = legacy_reason_to_key(reason)
    wallet_id = wallet_get_or_create(user=user, unit=unit).pk
    with transaction.atomic():
        wallet = Wallet.objects.select_for_update().get(pk=wallet_id)
        if idempotency_key:
            existing = LedgerEntry.objects.filter(
                wallet=wallet, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                if existing.kind != kind or existing.delta != delta:
                    raise IdempotencyConflict(
                        _("This request was already made with different details.")
                    )
                return existing
        if unit == WalletUnit.POINTS and delta < 0 and kind != LedgerKind.EXPIRE:
            _expire_locked(wallet=wallet, now=timezone.now())
        if delta < 0 and wallet.balance + delta < 0:
            raise InsufficientBalance(balance=wallet.balance, requested=-delta)
        wallet.balance += delta
        fields = ["balance", "updated_at"]
        if delta > 0 and kind in EARNING_KINDS:
            wallet.lifetime_earned += delta
            fields.append("lifetime_earned")
        wallet.save(update_fields=fields)
        return LedgerEntry.objects.create(
            wallet=wallet,
            kind=kind,
            delta=delta,
            balance_after=wallet.balance,
            reason=reason[:120],
            reason_key=reason_key[:100],
            reason_params=reason_params or {},
            reference_type=reference_type,
            reference_id=str(reference_id),
            idempotency_key=idempotency_key or None,
            actor=actor,
            payment=payment,
            expires_at=expires_at,
        )


# --- points (seed 002) --------------------------------------------------------------------------


def points_award(
    *,
    user: User,
    amount: int,
    reason: str = "",
    reason_key: str = "",
    reason_params: dict | None = None,
    reference_type: str = "",
    reference_id: str = "",
    idempotency_key: str | None = None,
    actor: User | None = None,
) -> LedgerEntry:
    """Give points (attendance, achievements, events). They expire after
    ``BILLING_POINTS_EXPIRY_DAYS``; idempotent by (wallet, idempotency_key)."""
    days = settings.BILLING_POINTS_EXPIRY_DAYS
    return _apply(
        user=user,
        unit=WalletUnit.POINTS,
        delta=_positive(amount),
        kind=LedgerKind.AWARD,
        reason=reason,
        reason_key=reason_key,
        reason_params=reason_params,
        reference_type=reference_type,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
        actor=actor,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )


def points_spend(
    *,
    user: User,
    amount: int,
    reason: str = "",
    reason_key: str = "",
    reason_params: dict | None = None,
    reference_type: str = "",
    reference_id: str = "",
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Spend points; raises ``InsufficientBalance`` when short (expired points do not count)."""
    return _apply(
        user=user,
        unit=WalletUnit.POINTS,
        delta=-_positive(amount),
        kind=LedgerKind.SPEND,
        reason=reason,
        reason_key=reason_key,
        reason_params=reason_params,
        reference_type=reference_type,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )


def _expirable_now(*, wallet: Wallet, now: datetime) -> int:
    """Points whose time is up and that no debit has used yet (debits use the oldest first).

    Every debit so far (spends, earlier expiries, negative adjustments) is taken first from
    points that expire; whatever of the points due by ``now`` is left over expires now.
    """
    entries = LedgerEntry.objects.filter(wallet=wallet)
    due = (
        entries.filter(delta__gt=0, expires_at__lte=now).aggregate(total=Sum("delta"))["total"] or 0
    )
    used = -(entries.filter(delta__lt=0).aggregate(total=Sum("delta"))["total"] or 0)
    return max(0, min(wallet.balance, due - used))


def _expire_locked(*, wallet: Wallet, now: datetime) -> LedgerEntry | None:
    amount = _expirable_now(wallet=wallet, now=now)
    if amount <= 0:
        return None
    wallet.balance -= amount
    wallet.save(update_fields=["balance", "updated_at"])
    return LedgerEntry.objects.create(
        wallet=wallet,
        kind=LedgerKind.EXPIRE,
        delta=-amount,
        balance_after=wallet.balance,
        reason="expired",
        reason_key="billing.points_expired",
        idempotency_key=f"expire:{now.isoformat()}",
    )


def points_expire(*, now: datetime | None = None) -> int:
    """Beat job: expire every wallet's points whose time is up. Returns points expired."""
    now = now or timezone.now()
    wallet_ids = (
        LedgerEntry.objects.filter(
            wallet__unit=WalletUnit.POINTS, wallet__balance__gt=0, delta__gt=0, expires_at__lte=now
        )
        .values_list("wallet_id", flat=True)
        .distinct()
    )
    total = 0
    for wallet_id in list(wallet_ids):
        with transaction.atomic():
            wallet = Wallet.objects.select_for_update().get(pk=wallet_id)
            entry = _expire_locked(wallet=wallet, now=now)
            total += -entry.delta if entry else 0
    return total


def points_expiring_soon(*, user: User, within_days: int = 30) -> int:
    """How many of the user's points will expire within ``within_days`` (for display)."""
    wallet = Wallet.objects.filter(user=user, unit=WalletUnit.POINTS).first()
    if wallet is None:
        return 0
    return _expirable_now(wallet=wallet, now=timezone.now() + timedelta(days=within_days))


# --- credits (seed 004) -------------------------------------------------------------------------


def credits_debit(
    *,
    user: User,
    amount: int,
    reason: str = "",
    reason_key: str = "",
    reason_params: dict | None = None,
    reference_type: str = "",
    reference_id: str = "",
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Spend credits on an AI service; raises ``InsufficientBalance`` when short."""
    return _apply(
        user=user,
        unit=WalletUnit.CREDITS,
        delta=-_positive(amount),
        kind=LedgerKind.USE,
        reason=reason,
        reason_key=reason_key,
        reason_params=reason_params,
        reference_type=reference_type,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )


def credits_grant(
    *,
    user: User,
    amount: int,
    reason: str = "",
    reason_key: str = "",
    reason_params: dict | None = None,
    reference_type: str = "",
    reference_id: str = "",
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Give free credits (the welcome grant on sign-up, a promotion); idempotent by key."""
    return _apply(
        user=user,
        unit=WalletUnit.CREDITS,
        delta=_positive(amount),
        kind=LedgerKind.AWARD,
        reason=reason,
        reason_key=reason_key,
        reason_params=reason_params,
        reference_type=reference_type,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )


def credits_refund(
    *,
    user: User,
    amount: int,
    reason: str = "",
    reason_key: str = "",
    reason_params: dict | None = None,
    reference_type: str = "",
    reference_id: str = "",
    idempotency_key: str | None = None,
) -> LedgerEntry:
    """Give credits back (an AI service failed after it was paid for)."""
    return _apply(
        user=user,
        unit=WalletUnit.CREDITS,
        delta=_positive(amount),
        kind=LedgerKind.REFUND,
        reason=reason,
        reason_key=reason_key,
        reason_params=reason_params,
        reference_type=reference_type,
        reference_id=reference_id,
        idempotency_key=idempotency_key,
    )


def credits_purchase_fulfill(*, payment: Payment) -> LedgerEntry:
    """Add a paid credit pack's credits (once per payment)."""
    pack = payment.credit_pack
    assert pack is not None  # only credit-pack payments are fulfilled here
    return _apply(
        user=payment.user,
        unit=WalletUnit.CREDITS,
        delta=pack.total_credits,
        kind=LedgerKind.PURCHASE,
        reason=f"credit_pack:{pack.code}",
        reason_key="billing.credit_pack",
        reason_params={"pack": pack.code, "credits": pack.total_credits},
        reference_type="payment",
        reference_id=str(payment.pk),
        idempotency_key=f"purchase:{payment.pk}",
        payment=payment,
    )


def credits_purchase_reverse(
    *, payment: Payment, refund_amount: int, refund_id: str
) -> LedgerEntry:
    """Take back the credits a refunded purchase bought, in proportion to the refund.

    Raises ``InsufficientBalance`` when those credits were already spent.
    """
    pack = payment.credit_pack
    assert pack is not None  # only credit-pack payments are reversed here
    credits = pack.total_credits * refund_amount // payment.amount
    return _apply(
        user=payment.user,
        unit=WalletUnit.CREDITS,
        delta=-max(credits, 1),
        kind=LedgerKind.PURCHASE_REVERSAL,
        reason=f"refund:{payment.order_id}",
        reason_key="billing.purchase_reversal",
        reason_params={"order_id": payment.order_id},
        reference_type="refund",
        reference_id=refund_id,
        idempotency_key=f"reversal:{refund_id}",
        payment=payment,
    )


# --- operators ----------------------------------------------------------------------------------


def wallet_adjust(
    *, wallet: Wallet, delta: int, reason: str, actor: User, reason_key: str = ""
) -> LedgerEntry:
    """An operator's correction (positive or negative), with the reason recorded.

    Users see "Adjustment · <the operator's note>" unless ``reason_key`` names a registered
    message (``billing.welcome_bonus``)."""
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise InvalidAmount(_("The change must be a whole number other than zero."))
    if not reason.strip():
        raise InvalidAmount(_("Say why the balance is being changed."))
    return _apply(
        user=wallet.user,
        unit=wallet.unit,
        delta=delta,
        kind=LedgerKind.ADJUST,
        reason=reason.strip(),
        reason_key=reason_key or "billing.adjustment",
        reason_params={"note": reason.strip()[:120]},
        actor=actor,
    )
