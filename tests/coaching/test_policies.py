"""policy_get honours scope, activation and expiry."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from coaching.exceptions import PolicyInvalid
from coaching.models import PolicyActivation, PolicyActive, PolicyOverride
from coaching.policies import policy_get
from coaching.services.policies import (
    policy_activate,
    policy_override_create,
    policy_overrides_purge_expired,
    policy_version_create,
)

pytestmark = pytest.mark.django_db


def test_seeded_policies_are_active_for_everyone(alice):
    tone = policy_get("tone", alice)

    assert tone.version == 1
    assert tone.scope == "global"
    assert tone.rules["tone"] == "gentle"
    assert policy_get("ethics", None).version == 1
    assert policy_get("slip", alice).version == 1  # seeded by diaries' migration


def test_activating_a_new_version_switches_everyone_and_logs_who_and_why(alice, bob, operator):
    v2 = policy_version_create(name="tone", rules={"tone": "energetic"}, actor=operator)

    policy_activate(version=v2, actor=operator, reason="spring campaign")

    assert policy_get("tone", alice).version == 2
    assert policy_get("tone", bob).rules == {"tone": "energetic"}
    log = PolicyActivation.objects.get()
    assert (log.actor, log.from_version, log.to_version, log.reason) == (
        operator,
        1,
        2,
        "spring campaign",
    )


def test_activation_needs_a_reason(operator):
    v2 = policy_version_create(name="tone", rules={}, actor=operator)

    with pytest.raises(PolicyInvalid):
        policy_activate(version=v2, actor=operator, reason="  ")


def test_a_user_scoped_version_applies_to_that_user_only(alice, bob, operator):
    v2 = policy_version_create(name="mode", rules={"mode": "coach"}, actor=operator)

    policy_activate(version=v2, actor=operator, reason="support case 12", user=alice)

    assert policy_get("mode", alice).rules["mode"] == "coach"
    assert policy_get("mode", alice).scope == "user"
    assert policy_get("mode", bob).rules["mode"] == "mirror"
    assert policy_get("mode", bob).scope == "global"


def test_overrides_apply_until_they_expire(alice, bob, operator):
    policy_override_create(
        name="tone",
        key="tone",
        value="thoughtful",
        reason="A/B",
        actor=operator,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    policy_override_create(
        name="tone", key="extra.level", value=2, reason="hotfix", actor=operator, user=alice
    )

    assert policy_get("tone", bob).rules["tone"] == "thoughtful"
    assert policy_get("tone", alice).rules["extra"] == {"level": 2}
    assert policy_get("tone", alice).scope == "user"
    assert "extra" not in policy_get("tone", bob).rules
    later = timezone.now() + datetime.timedelta(hours=2)
    assert policy_get("tone", bob, at=later).rules["tone"] == "gentle"
    assert policy_get("tone", alice, at=later).rules["extra"] == {"level": 2}  # no expiry


def test_a_user_override_wins_over_a_global_one(alice, operator):
    policy_override_create(name="tone", key="tone", value="energetic", reason="g", actor=operator)
    policy_override_create(
        name="tone", key="tone", value="gentle", reason="u", actor=operator, user=alice
    )

    assert policy_get("tone", alice).rules["tone"] == "gentle"


def test_expired_overrides_are_purged(operator):
    override = policy_override_create(
        name="tone",
        key="tone",
        value="x",
        reason="r",
        actor=operator,
        expires_at=timezone.now() + datetime.timedelta(seconds=1),
    )

    assert policy_overrides_purge_expired(now=timezone.now() + datetime.timedelta(minutes=1)) == 1
    assert not PolicyOverride.objects.filter(pk=override.pk).exists()


def test_an_override_cannot_start_expired(operator):
    with pytest.raises(PolicyInvalid):
        policy_override_create(
            name="tone",
            key="tone",
            value="x",
            reason="r",
            actor=operator,
            expires_at=timezone.now() - datetime.timedelta(seconds=1),
        )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_activations_leave_exactly_one_global_pointer(operator):
    versions = [
        policy_version_create(name="tone", rules={"n": n}, actor=operator) for n in range(6)
    ]
    barrier = threading.Barrier(len(versions))

    def activate(version):
        barrier.wait()
        try:
            policy_activate(version=version, actor=operator, reason="race")
        finally:
            connection.close()

    threads = [threading.Thread(target=activate, args=(v,)) for v in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert PolicyActive.objects.filter(name="tone", user__isnull=True).count() == 1
    assert PolicyActivation.objects.filter(name="tone").count() == 6


def test_policy_shadow_reports_what_a_candidate_would_change(alice, operator):
    from io import StringIO

    from django.core.management import call_command

    from coaching.services import journal_analyze

    journal_analyze(
        user=alice, text="정말 너무 화가 나고 짜증났다!! 최악이야!", language="ko", ref="a"
    )
    journal_analyze(user=alice, text="회의 준비. 점심 먹음.", language="ko", ref="b")

    first = policy_version_create(name="slip", rules={}, actor=operator)
    policy_activate(version=first, actor=operator, reason="r")
    candidate = policy_version_create(
        name="slip", rules={"tier_a_threshold": 1.5, "tier_m_threshold": 0.1}, actor=operator
    )
    out = StringIO()

    call_command(
        "policy_shadow", "--name", "slip", "--candidate", str(candidate.version), stdout=out
    )

    report = out.getvalue()
    assert "over 2 inputs" in report
    assert "False -> True: 1" in report
    assert "changed: 1 (50.0%)" in report
