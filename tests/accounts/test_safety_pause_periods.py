import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import SafetyPause
from accounts.selectors import user_is_safety_paused, user_safety_paused_days
from accounts.services import user_set_safety_pause

pytestmark = pytest.mark.django_db


def test_every_pause_is_kept_as_a_half_open_period(alice, operator):
    # when
    until = timezone.now() + dt.timedelta(days=3)
    user_set_safety_pause(user=alice, until=until, reason="slip:crisis")
    # then
    pause = SafetyPause.objects.get(user=alice)
    assert pause.ends_at == until
    assert pause.starts_at <= timezone.now()
    assert user_is_safety_paused(user=alice)
    # when it is lifted early
    user_set_safety_pause(user=alice, until=None, reason="override", actor=operator)
    pause.refresh_from_db()
    alice.refresh_from_db()
    assert pause.ends_at <= timezone.now()
    assert alice.safety_paused_until is None
    assert not user_is_safety_paused(user=alice)
    # a second pause is a second period; the first stays
    user_set_safety_pause(user=alice, until=timezone.now() + dt.timedelta(hours=5), reason="again")
    assert SafetyPause.objects.filter(user=alice).count() == 2


def test_extending_a_running_pause_moves_its_end(alice):
    user_set_safety_pause(user=alice, until=timezone.now() + dt.timedelta(hours=1), reason="a")
    later = timezone.now() + dt.timedelta(days=2)
    user_set_safety_pause(user=alice, until=later, reason="b")
    assert list(SafetyPause.objects.filter(user=alice).values_list("ends_at", flat=True)) == [later]


def test_paused_local_days_follow_the_users_time_zone(make_user):
    user = make_user(timezone="Asia/Seoul")
    # 2026-01-04 00:00 KST .. 2026-01-06 00:00 KST = [Jan 3 15:00 UTC, Jan 5 15:00 UTC)
    SafetyPause.objects.create(
        user=user,
        starts_at=dt.datetime(2026, 1, 3, 15, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC),
    )
    days = user_safety_paused_days(user=user, first=dt.date(2026, 1, 1), last=dt.date(2026, 1, 10))
    assert days == {dt.date(2026, 1, 4), dt.date(2026, 1, 5)}  # the end is exclusive
