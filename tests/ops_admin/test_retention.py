# ruff: noqa: F811 - fixtures imported from data_fixtures are redefined as arguments
"""Retention: whole partitions dropped after a year, API logs after 90 days, and every job's
run (ours and the other apps') in one run log the console shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from core.analytics import track
from ops_admin import retention
from ops_admin.models import AnalyticsEvent, ApiLog, RetentionRun
from ops_admin.partitions import (
    ANALYTICS_EVENTS,
    add_months,
    create_partition,
    list_partitions,
    month_start,
    partition_name,
)
from tests.ops_admin.data_fixtures import empty_buffers, flush, superuser  # noqa: F401

pytestmark = pytest.mark.django_db


def test_retention_drops_an_expired_partition_and_leaves_the_current_one(alice, flush):
    now = timezone.now()
    expired_month = add_months(month_start(now), -14)
    create_partition(ANALYTICS_EVENTS, expired_month)
    expired_at = dt.datetime(expired_month.year, expired_month.month, 10, tzinfo=dt.UTC)
    track("app_open", user_id=alice.pk, occurred_at=expired_at)
    track("app_open", user_id=alice.pk, occurred_at=now)
    flush()
    expired = partition_name(ANALYTICS_EVENTS, expired_month)
    current = partition_name(ANALYTICS_EVENTS, month_start(now))
    assert {expired, current} <= set(list_partitions(ANALYTICS_EVENTS))

    retention.run_job("ops_admin.analytics_events", now=now)

    partitions = set(list_partitions(ANALYTICS_EVENTS))
    assert expired not in partitions
    assert current in partitions
    assert list(AnalyticsEvent.objects.values_list("occurred_at", flat=True)) == [now]
    run = RetentionRun.objects.get(job="ops_admin.analytics_events")
    assert run.status == RetentionRun.Status.OK
    assert expired in run.detail


def test_events_older_than_a_year_in_the_default_partition_are_deleted_too(alice, flush):
    now = timezone.now()
    track("app_open", user_id=alice.pk, occurred_at=now - dt.timedelta(days=800))  # default
    track("app_open", user_id=alice.pk, occurred_at=now - dt.timedelta(days=10))
    flush()

    retention.run_job("ops_admin.analytics_events", now=now)

    assert AnalyticsEvent.objects.count() == 1
    assert RetentionRun.objects.get().affected == 1


@override_settings(OPS_API_LOG_SAMPLE_RATE=1.0)
def test_api_logs_are_kept_90_days(alice_api, flush):
    alice_api.get("/api/v1/me/notifications/unread-count/")
    alice_api.get("/api/v1/me/notifications/unread-count/")
    flush()
    old = ApiLog.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ops_admin_api_log SET created_at = %s WHERE id = %s",
            [timezone.now() - dt.timedelta(days=91), old.pk],
        )

    retention.run_job("ops_admin.api_logs")

    assert ApiLog.objects.count() == 1
    assert not ApiLog.objects.filter(pk=old.pk).exists()


def test_a_failing_job_is_logged_as_failed_and_the_others_still_run(monkeypatch):
    def broken(now):
        raise RuntimeError("disk full")

    monkeypatch.setitem(retention._jobs, "test.broken", broken)
    results = retention.run_all()

    assert results["test.broken"] is None
    assert results["ops_admin.api_logs"] == 0
    failed = RetentionRun.objects.get(job="test.broken")
    assert failed.status == RetentionRun.Status.FAILED
    assert "disk full" in failed.detail


def test_booking_archive_is_practitioners_real_job_and_logs_what_it_did():
    # the job itself is tested in tests/practitioners/services/test_archive.py
    retention.run_job("practitioners.archive_bookings")
    run = RetentionRun.objects.get(job="practitioners.archive_bookings")
    assert run.status == RetentionRun.Status.OK
    assert run.affected == 0
    assert "archived: 0" in run.detail


def test_runs_of_the_existing_anonymisation_and_ai_expiry_tasks_are_recorded(make_user):
    from accounts.services import user_resign
    from accounts.tasks import anonymise_resigned_users
    from coaching.tasks import expire_service_results

    resigned = make_user()
    user_resign(user=resigned)
    type(resigned).objects.filter(pk=resigned.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=31)
    )

    anonymise_resigned_users.apply()
    expire_service_results.apply()

    runs = {run.job: run for run in RetentionRun.objects.all()}
    assert runs["accounts.anonymise_resigned_users"].status == RetentionRun.Status.OK
    assert runs["accounts.anonymise_resigned_users"].affected == 1
    assert runs["coaching.expire_ai_results"].status == RetentionRun.Status.OK
    assert runs["coaching.expire_ai_results"].finished_at is not None


def test_the_run_log_is_on_the_home_and_in_its_own_list(client, superuser):
    retention.run_job("ops_admin.api_logs")
    client.force_login(superuser)

    assert "ops_admin.api_logs" in client.get("/admin/").content.decode()
    listing = client.get("/admin/ops_admin/retentionrun/", {"job": "ops_admin.api_logs"})
    assert listing.status_code == 200
    assert "ops_admin.api_logs" in listing.content.decode()


def test_partition_maintenance_creates_the_coming_months():
    from ops_admin.tasks import maintain_partitions

    maintain_partitions.apply()
    first = month_start(timezone.now())
    names = set(list_partitions(ANALYTICS_EVENTS))
    for offset in range(3):
        assert partition_name(ANALYTICS_EVENTS, add_months(first, offset)) in names
