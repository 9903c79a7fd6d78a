"""Cards about to expire are announced once per card and expiry month, at a sensible local
time, by e-mail and inbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django_celery_beat.models import PeriodicTask

from accounts.models import Notification
from billing import services
from billing.gateways.dev import APPROVED_CARD, DevGateway
from billing.models import PaymentMethod
from tests.billing.factories import plan

pytestmark = pytest.mark.django_db


def subscribe_with_card_expiring(user, *, month, year):
    checkout = services.checkout_start_subscription(user=user, plan=plan("premium_monthly"))
    token = DevGateway().tokenize_card(number=APPROVED_CARD, expiry_month=month, expiry_year=year)
    return services.checkout_complete_subscription(checkout=checkout, auth_key=token)


def told(user) -> int:
    return Notification.objects.filter(user=user, type="billing.card_expiring").count()


def test_card_expiring_this_month_is_announced_once_at_10_local_time(alice):
    subscription = subscribe_with_card_expiring(alice, month=12, year=2026)
    assert subscription.payment_method.expiry_month == 12
    # 2026-12-03 00:30 UTC is 09:30 in Seoul: too early
    assert services.cards_announce_expiring(now=datetime(2026, 12, 3, 0, 30, tzinfo=UTC)) == 0
    # 10:30 in Seoul: told, by e-mail and inbox
    assert services.cards_announce_expiring(now=datetime(2026, 12, 3, 1, 30, tzinfo=UTC)) == 1
    assert told(alice) == 1
    # later runs the same month tell nobody again
    assert services.cards_announce_expiring(now=datetime(2026, 12, 4, 2, 0, tzinfo=UTC)) == 0
    assert told(alice) == 1


def test_the_holders_own_month_counts_across_timezones(make_user):
    # 2026-11-30 20:00 UTC is already 1 December in Seoul (05:00), still 30 November in UTC
    seoul = make_user(email="seoul@example.com")
    subscribe_with_card_expiring(seoul, month=12, year=2026)
    early = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    assert services.cards_announce_expiring(now=early) == 0  # 05:00 local: not yet
    assert services.cards_announce_expiring(now=datetime(2026, 12, 1, 1, 0, tzinfo=UTC)) == 1


def test_a_card_expiring_later_or_inactive_is_not_announced(alice, bob):
    subscribe_with_card_expiring(alice, month=6, year=2027)
    other = subscribe_with_card_expiring(bob, month=12, year=2026)
    PaymentMethod.objects.filter(pk=other.payment_method_id).update(is_active=False)
    assert services.cards_announce_expiring(now=datetime(2026, 12, 3, 1, 30, tzinfo=UTC)) == 0


def test_expiring_cards_are_announced_from_beat_hourly():
    task = PeriodicTask.objects.get(name="billing.announce_expiring_cards")
    assert task.interval.every == 3600
