"""Billing's read side: every query a page, the API or another app makes, scoped to a user."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch, QuerySet

from billing.enums import LIVE_SUBSCRIPTION_STATUSES, WalletUnit
from billing.models import (
    Checkout,
    CreditPack,
    LedgerEntry,
    Payment,
    PaymentMethod,
    Plan,
    Refund,
    Subscription,
    Wallet,
)
from core.exceptions import NotFoundError

if TYPE_CHECKING:
    from accounts.models import User


def plan_list_on_sale() -> QuerySet[Plan]:
    return Plan.objects.filter(is_active=True).order_by("sort_order", "price")


def credit_pack_list_on_sale() -> QuerySet[CreditPack]:
    return CreditPack.objects.filter(is_active=True).order_by("sort_order", "price")


def subscription_get_live(*, user: User) -> Subscription | None:
    if not user.is_authenticated:
        return None
    return (
        Subscription.objects.filter(user=user, status__in=LIVE_SUBSCRIPTION_STATUSES)
        .select_related("plan", "pending_plan", "payment_method")
        .first()
    )


def live_subscriber_ids(*, plan_code: str | None = None) -> QuerySet:
    """User ids with a live subscription (to ``plan_code`` when given), as a subquery for
    other apps' audience segments (content's announcements)."""
    subscriptions = Subscription.objects.filter(status__in=LIVE_SUBSCRIPTION_STATUSES)
    if plan_code:
        subscriptions = subscriptions.filter(plan__code=plan_code)
    return subscriptions.values("user_id")


def subscription_list(*, user: User) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("plan", "payment_method")


def payment_list(*, user: User) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(user=user)
        .select_related("subscription__plan", "credit_pack")
        .order_by("-created_at", "-pk")
    )


_M = TypeVar("_M", bound=Model)


def _get(queryset: QuerySet[_M], **lookup) -> _M:
    """The one row the lookup names within ``queryset``; NotFoundError (404) otherwise,
    also for a malformed id."""
    try:
        found = queryset.filter(**lookup).first()
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise NotFoundError(f"{queryset.model._meta.verbose_name} not found")
    return found


def payment_get_for_user(*, user: User, payment_id) -> Payment:
    """The user's own payment (404 for anyone else's) with its refunds."""
    return _get(
        Payment.objects.filter(user=user)
        .select_related("subscription__plan", "credit_pack")
        .prefetch_related(Prefetch("refunds", queryset=Refund.objects.order_by("created_at"))),
        pk=payment_id,
    )


def payment_method_list(*, user: User) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(user=user, is_active=True)


def payment_method_get_for_user(*, user: User, method_id) -> PaymentMethod:
    return _get(PaymentMethod.objects.filter(user=user, is_active=True), pk=method_id)


def checkout_get_for_user(*, user: User, checkout_id) -> Checkout:
    return _get(
        Checkout.objects.filter(user=user).select_related("plan", "credit_pack"), pk=checkout_id
    )


def wallet_balance(*, user: User, unit: str) -> int:
    wallet = Wallet.objects.filter(user=user, unit=unit).only("balance").first()
    return wallet.balance if wallet else 0


def wallet_balances(*, user: User) -> dict[str, int]:
    found = dict(Wallet.objects.filter(user=user).values_list("unit", "balance"))
    return {unit: found.get(unit, 0) for unit in WalletUnit.values}


def ledger_list(*, user: User, unit: str) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(wallet__user=user, wallet__unit=unit).order_by(
        "-created_at", "-pk"
    )


def cash_receipt_setting_get(*, user: User):
    """The member's cash receipt details (현금영수증), or None."""
    from billing.models import CashReceiptSetting

    return CashReceiptSetting.objects.filter(user=user).first()
