from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from billing import services
from billing.enums import LedgerKind, WalletUnit
from billing.exceptions import IdempotencyConflict, InsufficientBalance, InvalidAmount
from billing.models import LedgerEntry, Wallet
from tests.concurrency import run_in_threads

pytestmark = pytest.mark.django_db


def balance(user, unit=WalletUnit.CREDITS) -> int:
    return Wallet.objects.get(user=user, unit=unit).balance


def grant_credits(user, amount):
    # credits enter through purchases or refunds; a refund is the simplest public way in tests
    return services.credits_refund(user=user, amount=amount, reason="test grant")


def test_debit_takes_credits_and_records_balance_after(alice):
    grant_credits(alice, 30)

    entry = services.credits_debit(
        user=alice,
        amount=25,
        reason="ai_service:saju",
        reference_type="service_result",
        reference_id="r1",
    )

    assert entry.delta == -25
    assert entry.balance_after == 5
    assert entry.kind == LedgerKind.USE
    assert balance(alice) == 5


def test_debit_more_than_balance_raises_and_changes_nothing(alice):
    grant_credits(alice, 10)

    with pytest.raises(InsufficientBalance) as error:
        services.credits_debit(user=alice, amount=11, reason="ai_service:tarot")

    assert error.value.code == "insufficient_balance"
    assert balance(alice) == 10
    assert LedgerEntry.objects.filter(wallet__user=alice).count() == 1


def test_debit_of_a_user_without_wallet_is_refused(bob):
    with pytest.raises(InsufficientBalance):
        services.credits_debit(user=bob, amount=1, reason="chat")


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amount_must_be_a_positive_whole_number(alice, amount):
    with pytest.raises(InvalidAmount):
        services.points_award(user=alice, amount=amount, reason="attendance")


def test_same_idempotency_key_applies_once_and_returns_the_first_entry(alice):
    first = services.points_award(
        user=alice, amount=10, reason="attendance", idempotency_key="attend:2026-03-01"
    )
    second = services.points_award(
        user=alice, amount=10, reason="attendance", idempotency_key="attend:2026-03-01"
    )

    assert first.pk == second.pk
    assert balance(alice, WalletUnit.POINTS) == 10


def test_idempotency_key_reused_with_another_amount_is_a_conflict(alice):
    services.points_award(user=alice, amount=10, reason="attendance", idempotency_key="k1")
    with pytest.raises(IdempotencyConflict):
        services.points_award(user=alice, amount=20, reason="attendance", idempotency_key="k1")


def test_idempotency_keys_are_per_wallet(alice, bob):
    services.points_award(user=alice, amount=5, reason="event", idempotency_key="event:1")
    services.points_award(user=bob, amount=5, reason="event", idempotency_key="event:1")
    assert balance(alice, WalletUnit.POINTS) == 5
    assert balance(bob, WalletUnit.POINTS) == 5


def test_points_spend_and_lifetime_earned(alice):
    services.points_award(user=alice, amount=100, reason="achievement")
    services.points_spend(user=alice, amount=40, reason="discount")

    wallet = Wallet.objects.get(user=alice, unit=WalletUnit.POINTS)
    assert wallet.balance == 60
    assert wallet.lifetime_earned == 100
    with pytest.raises(InsufficientBalance):
        services.points_spend(user=alice, amount=61, reason="discount")


def _age_awards(user, *, expired_days_ago: int):
    LedgerEntry.objects.filter(wallet__user=user, kind=LedgerKind.AWARD).update(
        expires_at=timezone.now() - timedelta(days=expired_days_ago)
    )


def test_points_expire_only_what_was_not_spent(alice):
    services.points_award(user=alice, amount=100, reason="attendance")
    services.points_spend(user=alice, amount=30, reason="discount")
    _age_awards(alice, expired_days_ago=1)
    services.points_award(user=alice, amount=50, reason="event")  # still valid

    expired = services.points_expire()

    assert expired == 70
    assert balance(alice, WalletUnit.POINTS) == 50
    entry = LedgerEntry.objects.filter(wallet__user=alice).first()
    assert entry.kind == LedgerKind.EXPIRE
    assert entry.delta == -70
    assert entry.balance_after == 50
    # running the job again expires nothing more
    assert services.points_expire() == 0
    assert balance(alice, WalletUnit.POINTS) == 50


def test_expired_points_cannot_be_spent_before_the_job_runs(alice):
    services.points_award(user=alice, amount=20, reason="attendance")
    _age_awards(alice, expired_days_ago=1)

    with pytest.raises(InsufficientBalance):
        services.points_spend(user=alice, amount=5, reason="discount")
    assert services.points_expire() == 20
    assert balance(alice, WalletUnit.POINTS) == 0


def test_operator_adjustment_needs_a_reason_and_records_the_actor(alice, operator):
    services.points_award(user=alice, amount=10, reason="attendance")
    wallet = Wallet.objects.get(user=alice, unit=WalletUnit.POINTS)

    with pytest.raises(InvalidAmount):
        services.wallet_adjust(wallet=wallet, delta=5, reason="  ", actor=operator)
    entry = services.wallet_adjust(
        wallet=wallet, delta=-4, reason="duplicate award", actor=operator
    )

    assert entry.actor == operator
    assert entry.kind == LedgerKind.ADJUST
    assert balance(alice, WalletUnit.POINTS) == 6
    with pytest.raises(InsufficientBalance):
        services.wallet_adjust(wallet=wallet, delta=-7, reason="too much", actor=operator)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_debits_of_ten_credits_succeed_exactly_ten_times(make_user):
    user = make_user(email="racer@example.com")
    grant_credits(user, 10)
    connection.close()

    results = run_in_threads(
        50, lambda: services.credits_debit(user=user, amount=1, reason="ai_service:chat")
    )

    successes = [r for r in results if isinstance(r, LedgerEntry)]
    refusals = [r for r in results if isinstance(r, InsufficientBalance)]
    assert len(successes) == 10
    assert len(refusals) == 40
    assert balance(user) == 0
    assert sorted(e.balance_after for e in successes) == list(range(10))
    assert LedgerEntry.objects.filter(wallet__user=user, kind=LedgerKind.USE).count() == 10


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_with_one_idempotency_key_apply_once(make_user):
    user = make_user(email="twice@example.com")

    results = run_in_threads(
        10,
        lambda: services.points_award(
            user=user, amount=7, reason="attendance", idempotency_key="attend:today"
        ),
    )

    assert all(isinstance(r, LedgerEntry) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert balance(user, WalletUnit.POINTS) == 7
