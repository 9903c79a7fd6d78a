"""Demo data: a points history and a few credits for the demo user (no subscription, so the
demo can take Premium itself through the test-mode checkout). Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from billing import services
from billing.enums import CouponDuration, DiscountKind, WalletUnit
from billing.models import Coupon, LedgerEntry


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
    # promotion codes to try at the test-mode checkout
    Coupon.objects.update_or_create(
        code="HARU30",
        defaults={
            "name": "첫 달 30% 할인",
            "kind": DiscountKind.PERCENT,
            "percent_off": 30,
            "amount_off": None,
            "duration": CouponDuration.ONCE,
            "first_purchase_only": True,
            "max_redemptions": 1000,
        },
    )
    Coupon.objects.update_or_create(
        code="SPRING3000",
        defaults={
            "name": "봄맞이 3개월 3,000원 할인",
            "kind": DiscountKind.FIXED,
            "percent_off": None,
            "amount_off": 3000,
            "duration": CouponDuration.MONTHS,
            "duration_months": 3,
            "max_redemptions": 500,
            "valid_until": timezone.now() + timedelta(days=90),
        },
    )
    stdout.write(
        "    billing: points and credits for the demo user, codes HARU30 and SPRING3000 "
        "(subscribe in test mode, with KakaoPay / NaverPay / a bank account if you like)"
    )
