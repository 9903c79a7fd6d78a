"""Demo data: a points history and a few credits for the demo user (no subscription, so the
demo can take Premium itself through the test-mode checkout). Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from billing import services
from billing.enums import WalletUnit
from billing.models import LedgerEntry


def seed(*, demo_user, operator, stdout) -> None:
    today = timezone.localdate()
    for days_ago in range(6, -1, -1):
        day = today - timedelta(days=days_ago)
        services.points_award(
            user=demo_user,
            amount=10,
            reason="attendance",
            reference_type="attendance",
            reference_id=day.isoformat(),
            idempotency_key=f"demo:attendance:{day.isoformat()}",
        )
    services.points_award(
        user=demo_user,
        amount=50,
        reason="achievement:first_week",
        reference_type="achievement",
        reference_id="first_week",
        idempotency_key="demo:achievement:first_week",
    )
    if not LedgerEntry.objects.filter(
        wallet__user=demo_user, wallet__unit=WalletUnit.POINTS, idempotency_key="demo:spend:1"
    ).exists():
        services.points_spend(
            user=demo_user, amount=30, reason="coupon:coffee", idempotency_key="demo:spend:1"
        )
    wallet = services.wallet_get_or_create(user=demo_user, unit=WalletUnit.CREDITS)
    if not wallet.entries.filter(reason="Welcome bonus").exists():
        services.wallet_adjust(
            wallet=wallet,
            delta=100,
            reason="Welcome bonus",
            actor=operator,
            reason_key="billing.welcome_bonus",
        )
    services.credits_debit(
        user=demo_user,
        amount=15,
        reason="ai_service:dream-interpretation",
        reference_type="service_result",
        reference_id="demo-dream",
        idempotency_key="demo:credits:dream",
    )
    stdout.write("    billing: points and credits for the demo user (subscribe in test mode)")
