import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import SafetyPause
from accounts.selectors import user_is_safety_paused
from core.exceptions import HaruError
from diaries import services
from diaries.enums import ReviewStatus, SlipStatus
from diaries.models import Analysis, SlipCondition, SlipState

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(alice, write):
    """Give alice an analysed entry with chosen scores (what the analyzer would have stored)."""

    def _scored(tier_a, tier_m, *, emotion="sadness", flag=False, tags=()):
        entry = write(alice, body="오늘의 기록").entry
        analysis = Analysis.objects.get(entry=entry)
        Analysis.objects.filter(pk=analysis.pk).update(
            status="done",
            tier_a=tier_a,
            tier_m=tier_m,
            primary_emotion=emotion,
            slip_flag=flag,
            ethics_tags=list(tags),
            completed_at=timezone.now(),
        )
        analysis.refresh_from_db()
        return services.slip_evaluate(user=alice, analysis=analysis)

    return _scored


def test_one_intense_entry_warns_and_three_in_the_window_slip(alice, scored):
    assert scored(1.0, 1.0) is None
    warning = scored(3.6, 3.2)
    assert (warning.previous_status, warning.status, warning.rule) == (
        "normal",
        "warning",
        "tier_warning",
    )
    assert warning.metrics["tier_a"] == 3.6
    assert not user_is_safety_paused(user=alice)
    assert scored(3.7, 3.1) is None  # two slip-level hits: still a warning
    slipped = scored(3.9, 3.5)
    assert (slipped.status, slipped.rule, slipped.metrics["slip_hits"]) == (
        "slipped",
        "tier_repeat",
        3,
    )
    assert slipped.review_status == ReviewStatus.OPEN
    assert slipped.duration == dt.timedelta(hours=72)
    alice.refresh_from_db()
    assert user_is_safety_paused(user=alice)
    assert SafetyPause.objects.filter(user=alice).count() == 1


def test_healthy_intensity_does_not_count(alice, scored):
    for _ in range(4):
        assert scored(3.9, 3.9, emotion="joy") is None
    assert SlipState.objects.get(user=alice).status == SlipStatus.NORMAL


def test_a_blocked_ethics_tag_slips_at_once(alice, scored):
    condition = scored(1.5, 1.0, tags=["self_harm"])
    assert (condition.status, condition.rule) == ("slipped", "ethics")
    assert condition.metrics["ethics_tags"] == ["self_harm"]


def test_warning_returns_to_normal_after_calm_entries(alice, scored):
    scored(3.6, 3.0)
    for _ in range(2):
        assert scored(1.0, 1.0) is None
    back = scored(1.0, 1.0)
    assert (back.previous_status, back.status, back.rule) == ("warning", "normal", "calm")


def test_slip_is_released_by_time_with_a_log_row(alice, scored):
    scored(1.0, 1.0, tags=["suicide"])
    assert services.slips_release_due(now=timezone.now() + dt.timedelta(hours=71)) == 0
    assert services.slips_release_due(now=timezone.now() + dt.timedelta(hours=73)) == 1
    release = SlipCondition.objects.filter(user=alice).first()
    assert (release.previous_status, release.status, release.rule) == ("slipped", "normal", "time")
    assert SlipCondition.objects.get(user=alice, status="slipped").released_at is not None
    alice.refresh_from_db()
    assert not user_is_safety_paused(user=alice)
    pause = SafetyPause.objects.get(user=alice)
    assert pause.ends_at <= timezone.now()


def test_operator_override_needs_a_reason_and_is_logged(alice, operator, scored):
    scored(1.0, 1.0, tags=["suicide"])
    with pytest.raises(HaruError):
        services.slip_override(user=alice, operator=operator, reason="  ")
    condition = services.slip_override(
        user=alice, operator=operator, reason="상담 후 괜찮다고 확인"
    )
    assert (condition.status, condition.override_by, condition.rule) == (
        "normal",
        operator,
        "override",
    )
    assert condition.override_reason == "상담 후 괜찮다고 확인"
    assert not SlipCondition.objects.filter(user=alice, review_status=ReviewStatus.OPEN).exists()
    alice.refresh_from_db()
    assert not user_is_safety_paused(user=alice)


def test_the_slip_policy_v1_is_seeded_in_coachings_policy_tables(alice):
    rules, version = services.slip_rules(user=alice)
    assert version == 1
    assert rules["slip"]["hits"] == 3
    assert rules["slip_on_crisis"] is True
