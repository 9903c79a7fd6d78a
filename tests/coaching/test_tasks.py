"""Beat schedules exist (data migration) and the tasks are safe to run twice."""

from __future__ import annotations

import datetime

import pytest
from django_celery_beat.models import PeriodicTask

from coaching.models import CoachingMessage
from coaching.services.messages import messages_send_due
from coaching.tasks import compose_coaching_message

pytestmark = pytest.mark.django_db


def test_beat_schedules_are_created_by_the_migration():
    names = set(
        PeriodicTask.objects.filter(name__startswith="coaching.").values_list("name", flat=True)
    )

    assert names == {
        "coaching.send_coaching_messages",
        "coaching.expire_service_results",
        "coaching.purge_expired_overrides",
    }


def test_users_whose_local_morning_it_is_are_due(make_user, settings):
    settings.COACHING_MESSAGE_HOUR = 9
    seoul = make_user(timezone="Asia/Seoul")
    utc = make_user(timezone="UTC")
    at = datetime.datetime(2026, 11, 30, 0, 30, tzinfo=datetime.UTC)  # 09:30 in Seoul

    due = messages_send_due(now=at)

    assert str(seoul.pk) in due
    assert str(utc.pk) not in due


def test_compose_task_runs_twice_and_sends_once(alice):
    compose_coaching_message(str(alice.pk))
    compose_coaching_message(str(alice.pk))

    assert CoachingMessage.objects.filter(user=alice).count() == 1
