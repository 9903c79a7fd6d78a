"""The 7-day notice before a trial or discount turns paid: SMS / 알림톡, e-mail, in-app, once,
in local daytime, with the cancel link."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from billing.enums import SubscriptionStatus
from billing.services.consents import (
    notice_due_at,
    subscription_consent_give,
    subscriptions_send_conversion_notices,
)
from tests.billing.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db
KST = zoneinfo.ZoneInfo("Asia/Seoul")


@pytest.fixture
def carol(make_user):
    return make_user(email="carol@example.com", phone="01012345678", timezone="Asia/Seoul")


def trial_ending(user, end):
    return SubscriptionFactory(
        user=user,
        status=SubscriptionStatus.TRIALING,
        trial_end=end,
        current_period_start=end - timedelta(days=14),
        current_period_end=end,
        next_billing_at=end,
        agreed_price=9900,
    )


def notices(user):
    return Notification.objects.filter(user=user, type="billing.conversion_notice")


def test_notice_is_due_at_ten_local_on_the_last_day_a_full_week_before():
    class U:
        timezone = "Asia/Seoul"

    end = datetime(2026, 12, 20, 9, 0, tzinfo=KST)
    assert notice_due_at(user=U, effective_at=end) == datetime(2026, 12, 12, 10, 0, tzinfo=KST)
    later = datetime(2026, 12, 20, 15, 0, tzinfo=KST)
    assert notice_due_at(user=U, effective_at=later) == datetime(2026, 12, 13, 10, 0, tzinfo=KST)


def test_the_notice_goes_out_once_on_sms_email_and_in_app_at_least_7_days_before(carol):
    end = (timezone.now() + timedelta(days=10)).astimezone(KST).replace(hour=15, minute=0)
    subscription = trial_ending(carol, end)
    due = notice_due_at(user=carol, effective_at=end)

    assert subscriptions_send_conversion_notices(now=due - timedelta(hours=1)) == 0
    assert subscriptions_send_conversion_notices(now=due + timedelta(minutes=5)) == 1
    assert subscriptions_send_conversion_notices(now=due + timedelta(hours=1)) == 0

    (notice,) = notices(carol)
    assert set(notice.channels) == {"in_app", "email", "sms"}
    assert end - notice.deliver_after >= timedelta(days=7)
    assert notice.deliver_after.astimezone(KST).hour in range(9, 21)
    assert "/billing/settings/" in notice.body  # the cancel link
    assert "9,900" in notice.body
    # agreeing later does not send it again for the same conversion
    subscription_consent_give(
        subscription=subscription, user=carol, channel="web", now=due + timedelta(hours=2)
    )
    assert subscriptions_send_conversion_notices(now=due + timedelta(hours=3)) == 0


def test_a_late_notice_found_at_night_waits_for_the_morning(carol):
    end = (timezone.now() + timedelta(days=4)).astimezone(KST).replace(hour=12, minute=0)
    trial_ending(carol, end)
    night = (end - timedelta(days=3)).replace(hour=2, minute=0)

    assert subscriptions_send_conversion_notices(now=night) == 1

    (notice,) = notices(carol)
    local = notice.deliver_after.astimezone(KST)
    assert (local.date(), local.hour) == (night.date(), 10)


def test_no_notice_for_a_renewal_at_the_same_price(carol):
    end = timezone.now() + timedelta(days=7, hours=-1)
    SubscriptionFactory(user=carol, current_period_end=end, next_billing_at=end, agreed_price=9900)
    assert subscriptions_send_conversion_notices() == 0


def test_a_subscription_set_to_cancel_gets_no_notice(carol):
    end = timezone.now() + timedelta(days=6)
    subscription = trial_ending(carol, end)
    subscription.cancel_at_period_end = True
    subscription.save()
    assert subscriptions_send_conversion_notices() == 0
