import pytest
from django.utils import translation

from billing import entitlements
from billing.enums import SubscriptionStatus
from billing.exceptions import UnknownEntitlement
from tests.billing.factories import SubscriptionFactory, plan

pytestmark = pytest.mark.django_db


def test_a_user_without_subscription_gets_the_free_plan(alice):
    assert entitlements.limit(alice, "max_habits") == 3
    assert entitlements.has_feature(alice, "advanced_reports") is False
    assert entitlements.has_feature(alice, "ai_coaching") is True


def test_anonymous_visitors_get_the_free_plan():
    assert entitlements.limit(None, "ai_messages_per_day") == 5


@pytest.mark.parametrize(
    "status", [SubscriptionStatus.TRIALING, SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE]
)
def test_live_premium_subscription_removes_limits(alice, status):
    SubscriptionFactory(user=alice, status=status)
    assert entitlements.limit(alice, "max_habits") is None
    assert entitlements.has_feature(alice, "advanced_reports") is True


@pytest.mark.parametrize("status", [SubscriptionStatus.CANCELED, SubscriptionStatus.EXPIRED])
def test_ended_subscription_falls_back_to_free(alice, status):
    SubscriptionFactory(user=alice, status=status)
    assert entitlements.limit(alice, "max_habits") == 3


def test_someone_elses_subscription_does_not_count(alice, bob):
    SubscriptionFactory(user=bob)
    assert entitlements.limit(alice, "max_habits") == 3


def test_unknown_keys_are_programming_errors(alice):
    with pytest.raises(UnknownEntitlement):
        entitlements.limit(alice, "max_habbits")
    with pytest.raises(UnknownEntitlement):
        entitlements.has_feature(alice, "teleport")


def test_upgrade_hint_names_the_plan_in_both_languages_and_no_raw_path():
    with translation.override("en"):
        hint = entitlements.upgrade_hint("max_habits")
        assert "Premium" in hint
        assert "/" not in hint
        assert entitlements.upgrade_link() == ("/billing/pricing/", "See plans")
    with translation.override("ko"):
        hint = entitlements.upgrade_hint("advanced_reports")
        assert "프리미엄" in hint
        assert "/" not in hint
        assert entitlements.upgrade_link() == ("/billing/pricing/", "요금제 보기")


def test_plan_limits_are_validated_against_the_schema():
    from django.core.exceptions import ValidationError

    free = plan("free")
    free.limits = {**free.limits, "max_habits": -1}
    with pytest.raises(ValidationError):
        free.full_clean()
    free.limits = {"max_habits": 3}
    with pytest.raises(ValidationError):
        free.full_clean()
    free.limits = {**plan("free").limits}
    free.features = {"ai_coaching": "yes"}
    with pytest.raises(ValidationError):
        free.full_clean()
