import datetime as dt

import pytest

from accounts.models import Notification
from habits import services
from habits.models import HabitVacation
from habits.services.reminders import reminder_token_read
from tests.habits.conftest import seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(alice, make_habit):
    # quiet hours off so push is requested; the quiet-hours test turns them on
    from accounts.models import NotificationPreference

    NotificationPreference.objects.update_or_create(
        user=alice, defaults={"quiet_hours_enabled": False}
    )
    return make_habit(alice, reminder_times=[dt.time(9, 0), dt.time(21, 0)])


def reminders(user):
    return Notification.objects.filter(user=user, type="habit_reminder")


def test_reminder_fires_at_the_users_local_time_once(alice, reminded):
    assert services.reminders_send_due(now=seoul("2026-03-02 08:59")) == 0
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 1
    # the beat runs every minute: the next runs inside the window send nothing more
    assert services.reminders_send_due(now=seoul("2026-03-02 09:01")) == 0
    assert services.reminders_send_due(now=seoul("2026-03-02 09:05")) == 0
    assert reminders(alice).count() == 1
    notification = reminders(alice).get()
    assert "push" in notification.channels
    assert notification.data["url"].startswith("/habits/r/")


def test_reminder_follows_the_users_own_timezone(alice, reminded):
    alice.timezone = "Europe/London"
    alice.save(update_fields=["timezone"])
    london = dt.timezone(dt.timedelta(0))
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 0
    assert services.reminders_send_due(now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=london)) == 1


def test_a_late_beat_still_sends_within_the_window(alice, reminded):
    assert services.reminders_send_due(now=seoul("2026-03-02 09:07")) == 1
    assert services.reminders_send_due(now=seoul("2026-03-02 09:12")) == 0


def test_no_reminder_when_already_done_today(alice, reminded):
    services.habit_check_in(habit=reminded, now=seoul("2026-03-02 08:00"))
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 0


def test_no_reminder_on_a_day_the_habit_is_not_scheduled(alice, make_habit):
    make_habit(alice, schedule_type="weekdays", weekdays=[0], reminder_times=[dt.time(9, 0)])
    assert services.reminders_send_due(now=seoul("2026-03-03 09:00")) == 0  # Tuesday
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 1  # Monday


def test_no_reminder_while_safety_paused(alice, reminded):
    alice.safety_paused_until = seoul("2026-03-03 00:00")
    alice.save(update_fields=["safety_paused_until"])
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 0
    assert services.reminders_send_due(now=seoul("2026-03-03 09:00")) == 1


def test_no_reminder_on_vacation(alice, reminded):
    HabitVacation.objects.create(
        user=alice, start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 3)
    )
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 0


def test_quiet_hours_keep_the_reminder_in_app_only(alice, reminded):
    from accounts.models import NotificationPreference

    NotificationPreference.objects.filter(user=alice).update(
        quiet_hours_enabled=True, quiet_start=dt.time(20, 0), quiet_end=dt.time(8, 0)
    )
    assert services.reminders_send_due(now=seoul("2026-03-02 21:00")) == 1
    assert reminders(alice).get().channels == ["in_app"]


def test_reminders_switched_off_send_nothing(alice, reminded):
    services.preferences_update(user=alice, reminders_enabled=False)
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 0


def test_paused_habits_are_not_reminded(alice, reminded):
    services.habit_pause(habit=reminded)
    assert services.reminders_send_due(now=seoul("2026-03-02 09:00")) == 0


def test_reminder_link_names_the_habit_and_day(alice, reminded):
    services.reminders_send_due(now=seoul("2026-03-02 09:00"))
    token = reminders(alice).get().data["url"].split("/")[-2]
    habit_id, day = reminder_token_read(token)
    assert (habit_id, day) == (str(reminded.pk), dt.date(2026, 3, 2))


def test_the_beat_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="habits.send_due_reminders")
    assert task.enabled
    assert task.interval.every == 60


def test_the_beat_task_sends_what_is_due_now(alice):
    from django.utils import timezone

    from accounts.models import NotificationPreference
    from core.clock import user_local_now
    from habits.tasks import send_due_reminders

    NotificationPreference.objects.update_or_create(
        user=alice, defaults={"quiet_hours_enabled": False}
    )
    now = user_local_now(user=alice, at=timezone.now())
    services.habit_create(
        user=alice, name="Now", reminder_times=[now.time().replace(second=0, microsecond=0)]
    )
    assert send_due_reminders.apply().get() == 1
    assert send_due_reminders.apply().get() == 0
