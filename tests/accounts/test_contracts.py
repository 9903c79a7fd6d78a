"""The functions billing, habits and the other apps call on accounts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts import exports, selectors
from accounts.models import Notification, NotificationPreference
from accounts.services import notify, user_change_state, user_set_safety_pause
from tests.concurrency import run_in_threads

UTC = datetime.UTC


def at_seoul(hour: int, minute: int = 0) -> datetime.datetime:
    # 2026-03-10 in Asia/Seoul (UTC+9, no DST)
    return datetime.datetime(2026, 3, 10, hour, minute, tzinfo=UTC) - datetime.timedelta(hours=9)


@pytest.mark.django_db
class TestNotify:
    def test_second_call_with_same_dedupe_key_returns_none_and_creates_nothing(self, alice):
        first = notify(user=alice, type="habit_reminder", title="Drink water", dedupe_key="h1:d1")
        second = notify(user=alice, type="habit_reminder", title="Drink water", dedupe_key="h1:d1")
        assert first is not None
        assert second is None
        assert Notification.objects.filter(user=alice).count() == 1

    def test_same_dedupe_key_for_two_users_notifies_both(self, alice, bob):
        assert notify(user=alice, type="t", title="x", dedupe_key="same")
        assert notify(user=bob, type="t", title="x", dedupe_key="same")

    def test_channels_outside_the_allowed_set_are_refused(self, alice):
        with pytest.raises(ValueError, match="channels"):
            notify(user=alice, type="t", title="x", channels=("fax",))

    def test_broadcast_is_in_app_only(self, alice):
        with pytest.raises(ValueError, match="broadcast"):
            notify(user=None, type="announcement", title="x", channels=("in_app", "push"))
        broadcast = notify(user=None, type="announcement", title="Update")
        assert broadcast.user is None
        assert [n.title for n in selectors.notification_list_for_user(user=alice)] == ["Update"]

    def test_preferences_drop_disabled_channels_but_keep_in_app(self, alice):
        NotificationPreference.objects.create(
            user=alice, email_enabled=False, push_enabled=True, quiet_hours_enabled=False
        )
        n = notify(user=alice, type="t", title="x", channels=("in_app", "email", "push"))
        assert n.channels == ["in_app", "push"]
        assert n.status == "pending"

    def test_muted_type_gets_no_email_or_push(self, alice):
        NotificationPreference.objects.create(user=alice, muted_types=["habit_reminder"])
        n = notify(user=alice, type="habit_reminder", title="x", channels=("in_app", "push"))
        assert n.channels == ["in_app"]
        assert n.status == "skipped"

    def test_marketing_needs_consent(self, alice):
        n = notify(user=alice, type="marketing_spring", title="Sale", channels=("in_app", "email"))
        assert n.channels == ["in_app"]

    def test_push_during_quiet_hours_waits_until_they_end(self, alice):
        # default quiet hours 22:00-08:00 in the user's zone (Asia/Seoul)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(timezone, "now", lambda: at_seoul(23, 30))
            n = notify(user=alice, type="t", title="x", channels=("in_app", "push"))
        assert n.deliver_after == at_seoul(8, 0) + datetime.timedelta(days=1)
        assert n.visible_from == at_seoul(23, 30)  # the inbox shows it at once

    def test_urgent_push_ignores_quiet_hours(self, alice):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(timezone, "now", lambda: at_seoul(23, 30))
            n = notify(
                user=alice, type="security_alert", title="x", channels=("push",), priority="urgent"
            )
        assert n.deliver_after == at_seoul(23, 30)

    def test_scheduled_notification_is_hidden_until_its_time(self, alice):
        later = timezone.now() + datetime.timedelta(hours=2)
        n = notify(user=alice, type="t", title="Later", scheduled_for=later)
        assert n.visible_from == later
        assert not selectors.notification_list_for_user(user=alice).exists()

    def test_lazy_text_is_rendered_in_the_users_language(self, make_user):
        english = make_user(language="en")
        korean = make_user(language="ko")
        title = gettext_lazy("Your data export is ready")
        assert notify(user=english, type="t", title=title).title == "Your data export is ready"
        assert notify(user=korean, type="t", title=title).title != "Your data export is ready"

    def test_resigned_user_gets_nothing(self, alice):
        user_change_state(user=alice, new_state="resigned", actor=alice)
        assert notify(user=alice, type="t", title="x") is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_notify_with_one_dedupe_key_creates_one_row(make_user):
    # given
    user = make_user()

    # when
    results = run_in_threads(4, lambda: notify(user=user, type="t", title="x", dedupe_key="race"))
    # then
    assert len(results) == 4
    assert sum(r is not None for r in results) == 1
    assert Notification.objects.filter(user=user, dedupe_key="race").count() == 1
    connection.close()


@pytest.mark.django_db
class TestSelectors:
    def test_quiet_hours_wrap_midnight_in_the_users_zone(self, alice):
        assert selectors.user_in_quiet_hours(user=alice, at=at_seoul(23, 0))
        assert selectors.user_in_quiet_hours(user=alice, at=at_seoul(7, 59))
        assert not selectors.user_in_quiet_hours(user=alice, at=at_seoul(8, 0))
        assert not selectors.user_in_quiet_hours(user=alice, at=at_seoul(21, 59))

    def test_quiet_hours_off(self, alice):
        NotificationPreference.objects.create(user=alice, quiet_hours_enabled=False)
        assert not selectors.user_in_quiet_hours(user=alice, at=at_seoul(23, 0))

    def test_daytime_quiet_hours(self, alice):
        NotificationPreference.objects.create(
            user=alice, quiet_start=datetime.time(13, 0), quiet_end=datetime.time(14, 0)
        )
        assert selectors.user_in_quiet_hours(user=alice, at=at_seoul(13, 30))
        assert not selectors.user_in_quiet_hours(user=alice, at=at_seoul(23, 30))

    def test_local_today_follows_the_users_time_zone(self, make_user):
        seoul = make_user(timezone="Asia/Seoul")
        la = make_user(timezone="America/Los_Angeles")
        moment = datetime.datetime(2026, 3, 10, 20, 0, tzinfo=UTC)  # 05:00 next day in Seoul
        assert selectors.user_local_today(user=seoul, at=moment) == datetime.date(2026, 3, 11)
        assert selectors.user_local_today(user=la, at=moment) == datetime.date(2026, 3, 10)

    def test_safety_pause_lasts_until_its_end(self, alice, operator):
        now = timezone.now()
        assert not selectors.user_is_safety_paused(user=alice)
        user_set_safety_pause(
            user=alice, until=now + datetime.timedelta(hours=24), reason="slip", actor=operator
        )
        alice.refresh_from_db()
        assert selectors.user_is_safety_paused(user=alice)
        assert not selectors.user_is_safety_paused(
            user=alice, at=now + datetime.timedelta(hours=25)
        )
        user_set_safety_pause(user=alice, until=None, reason="lifted")
        alice.refresh_from_db()
        assert not selectors.user_is_safety_paused(user=alice)
        assert alice.safety_pause_reason == ""


class TestExportRegistry:
    def test_registering_twice_with_the_same_function_is_fine(self):
        def habits(user):
            return []

        exports.register_exporter("test-habits", habits)
        exports.register_exporter("test-habits", habits)
        assert exports.exporters()["test-habits"] is habits
        exports.unregister_exporter("test-habits")

    def test_a_second_exporter_under_a_taken_name_is_refused(self):
        exports.register_exporter("test-taken", lambda user: 1)
        with pytest.raises(ValueError, match="already registered"):
            exports.register_exporter("test-taken", lambda user: 2)
        exports.unregister_exporter("test-taken")

    def test_names_must_be_file_friendly(self):
        with pytest.raises(ValueError, match="lower-case"):
            exports.register_exporter("../evil", lambda user: 1)
