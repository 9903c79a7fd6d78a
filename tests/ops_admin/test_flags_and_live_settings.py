"""Feature flags (waffle + ops_admin.Flag) and live settings (constance)."""

from __future__ import annotations

import datetime
import uuid

import pytest
import waffle
from constance import config as live_config
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from ops_admin.flags import flag_is_active_for_user, in_rollout, rollout_bucket
from ops_admin.models import Flag

pytestmark = pytest.mark.django_db


def test_a_30_percent_rollout_enables_30_percent_of_10000_users_stably():
    ids = [uuid.UUID(int=n * 7919 + 13) for n in range(10_000)]
    chosen = [in_rollout("new_home", user_id, 30) for user_id in ids]
    share = sum(chosen) / len(ids)
    assert 0.28 <= share <= 0.32
    assert chosen == [in_rollout("new_home", user_id, 30) for user_id in ids]  # sticky
    # raising the rollout only adds users
    at_50 = [in_rollout("new_home", user_id, 50) for user_id in ids]
    assert all(later for earlier, later in zip(chosen, at_50, strict=True) if earlier)
    # another flag draws independently
    other = [in_rollout("other_flag", user_id, 30) for user_id in ids]
    assert sum(a and b for a, b in zip(chosen, other, strict=True)) / len(ids) < 0.12


def test_buckets_cover_the_range():
    buckets = {rollout_bucket("f", n) for n in range(5000)}
    assert min(buckets) < 50
    assert max(buckets) > 9950


def test_waffle_uses_the_sticky_rollout_for_signed_in_users(make_user):
    Flag.objects.create(name="new_home", percent=30)
    users = [make_user() for _ in range(40)]
    factory = RequestFactory()
    for user in users:
        request = factory.get("/")
        request.user = user
        expected = in_rollout("new_home", user.pk, 30)
        assert waffle.flag_is_active(request, "new_home") is expected
        assert flag_is_active_for_user("new_home", user) is expected


def test_the_kill_switch_beats_users_groups_plans_and_rollout(alice):
    flag = Flag.objects.create(name="ai_chat", percent=99.9, everyone=False, plans=["free"])
    flag.users.add(alice)
    request = RequestFactory().get("/")
    request.user = alice
    assert waffle.flag_is_active(request, "ai_chat") is False
    assert flag_is_active_for_user("ai_chat", alice) is False


def test_plan_targeting_enables_the_flag_for_that_plan(alice):
    from billing.entitlements import plan_for

    Flag.objects.create(name="plan_flag", plans=[plan_for(alice).code])
    Flag.objects.create(name="other_plan_flag", plans=["no-such-plan"])
    assert flag_is_active_for_user("plan_flag", alice)
    assert not flag_is_active_for_user("other_plan_flag", alice)


def test_group_targeting(alice):
    from django.contrib.auth.models import Group

    flag = Flag.objects.create(name="beta")
    beta = Group.objects.create(name="beta testers")
    flag.groups.add(beta)
    assert not flag_is_active_for_user("beta", alice)
    alice.groups.add(beta)
    Flag.objects.get(name="beta").flush()
    assert flag_is_active_for_user("beta", alice)


def test_guests_keep_waffles_cookie_rollout():
    Flag.objects.create(name="guest_flag", percent=50)
    request = RequestFactory().get("/", HTTP_COOKIE="dwf_guest_flag=True")
    request.user = AnonymousUser()
    assert waffle.flag_is_active(request, "guest_flag") is True


def test_live_settings_change_the_crisis_lines_and_new_members_quiet_hours(make_user):
    from accounts.models import NotificationPreference
    from coaching.safety import resources_for

    assert "109" in [line.phone for line in resources_for("ko")]
    live_config.CRISIS_LINE_SUICIDE_PREVENTION = "109-1"
    live_config.QUIET_HOURS_START = datetime.time(21, 30)
    assert "109-1" in [line.phone for line in resources_for("ko")]
    assert "109-1" in [line.phone for line in resources_for("en-KR")]
    preference = NotificationPreference.objects.create(user=make_user())
    assert preference.quiet_start == datetime.time(21, 30)
    assert preference.quiet_end == datetime.time(8, 0)


def test_only_admins_open_flags_and_live_settings(console):
    operator = console("operator")
    assert operator.get("/admin/ops_admin/flag/").status_code == 403
    assert operator.get("/admin/constance/config/").status_code == 403
    admin_client = console("admin")
    assert admin_client.get("/admin/ops_admin/flag/").status_code == 200
    assert admin_client.get("/admin/constance/config/").status_code == 200
