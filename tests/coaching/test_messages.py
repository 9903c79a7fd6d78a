"""Coaching messages: from recent activity, in the user's tone, within the daily limit."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Notification
from coaching.enums import MessageType
from coaching.models import CoachingMessage
from coaching.services.messages import (
    activity_summary,
    choose_type,
    message_compose,
    message_react,
    preference_update,
)

pytestmark = pytest.mark.django_db


def test_a_three_day_run_is_celebrated():
    today = datetime.date(2026, 11, 30)
    facts = {"habits": {"check_ins_by_day": {
        "2026-11-28": 1, "2026-11-29": 2, "2026-11-30": 1}, "workouts_by_day": {}}}  # fmt: skip

    summary = activity_summary(facts=facts, today=today)

    assert summary["streak"] == 3
    assert choose_type(summary) == MessageType.CELEBRATION


def test_a_missed_yesterday_after_activity_gets_a_reminder():
    today = datetime.date(2026, 11, 30)
    facts = {"habits": {"check_ins_by_day": {"2026-11-27": 1}, "workouts_by_day": {}}}

    assert choose_type(activity_summary(facts=facts, today=today)) == MessageType.REMINDER


def test_compose_writes_in_the_users_tone_notifies_and_respects_the_daily_limit(alice):
    preference_update(user=alice, tone="energetic", messages_enabled=True)

    first = message_compose(user=alice)
    second = message_compose(user=alice)

    assert first is not None
    assert second is None  # COACHING_MESSAGES_PER_DAY = 1
    assert first.tone == "energetic"
    assert first.model.startswith("local-")
    assert "가 볼까요" in first.content
    assert Notification.objects.filter(user=alice, type="coaching_message").count() == 1


def test_no_message_while_paused_or_switched_off(alice, bob):
    alice.safety_paused_until = timezone.now() + datetime.timedelta(hours=2)
    alice.save(update_fields=["safety_paused_until"])
    preference_update(user=bob, tone="", messages_enabled=False)

    assert message_compose(user=alice) is None
    assert message_compose(user=bob) is None


def test_reactions_are_stored(alice):
    message = message_compose(user=alice)

    message_react(message=message, reaction="helpful")

    stored = CoachingMessage.objects.get(pk=message.pk)
    assert stored.reaction == "helpful"
    assert stored.read_at is not None
