"""Credits for AI services, through billing's wallet services (never its tables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from billing.models import LedgerEntry

if TYPE_CHECKING:
    from accounts.models import User

WELCOME_KEY = "coaching:welcome-credits"


def welcome_credits_grant(*, user: User) -> LedgerEntry | None:
    """Give the sign-up grant once (the live setting ``WELCOME_CREDITS``, defaulting to
    ``COACHING_WELCOME_CREDITS``; 0 switches it off)."""
    from billing.services import credits_grant
    from core.live_settings import live_setting

    amount = int(live_setting("WELCOME_CREDITS"))
    if amount <= 0:
        return None
    return credits_grant(
        user=user,
        amount=amount,
        reason_key="billing.welcome_bonus",  # rendered in the reader's language
        reference_type="signup",
        reference_id=str(user.pk),
        idempotency_key=WELCOME_KEY,
    )


def credits_balance(*, user: User) -> int:
    from billing.enums import WalletUnit
    from billing.models import Wallet

    wallet = Wallet.objects.filter(user=user, unit=WalletUnit.CREDITS).only("balance").first()
    return wallet.balance if wallet is not None else 0
