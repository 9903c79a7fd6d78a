# ruff: noqa: F811 - fixtures imported from data_fixtures are redefined as arguments
"""Product analytics: events stored in monthly partitions, opt-out respected, rollups,
cohorts, funnel, search analytics and CSV exports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from core.analytics import track
from ops_admin import buffer
from ops_admin.models import AnalyticsEvent, Cohort, UserDailyAnalytics
from ops_admin.partitions import ANALYTICS_EVENTS, create_partition, list_partitions
from ops_admin.services import analytics
from tests.ops_admin.data_fixtures import empty_buffers, flush, superuser  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_tracked_event_is_buffered_then_written_by_the_flush_task(alice, flush):
    track("habit_check", user_id=alice.pk, properties={"habit": 3})

    assert AnalyticsEvent.objects.count() == 0  # nothing on the request path
    assert buffer.length(buffer.ANALYTICS) == 1
    assert flush()["events"] == 1

    event = AnalyticsEvent.objects.get()
    assert (event.name, event.user_id, event.properties) == ("habit_check", alice.pk, {"habit": 3})


def test_users_who_switched_analytics_off_are_not_tracked(alice, bob, flush):
    bob.allow_usage_analytics = False
    bob.save()

    track("app_open", user_id=alice.pk)
    track("app_open", user_id=bob.pk)
    flush()

    assert list(AnalyticsEvent.objects.values_list("user_id", flat=True)) == [alice.pk]


def test_switching_analytics_off_takes_effect_at_once_despite_the_cache(alice, flush):
    track("app_open", user_id=alice.pk)  # caches "allowed"
    alice.allow_usage_analytics = False
    alice.save(update_fields=["allow_usage_analytics"])
    track("app_open", user_id=alice.pk)

    assert buffer.length(buffer.ANALYTICS) == 1  # the second event was refused at once
    flush()
    assert AnalyticsEvent.objects.count() == 0  # and the buffered one is not written either


def test_an_opt_out_written_behind_the_cache_is_still_honoured_at_flush(alice, flush):
    track("app_open", user_id=alice.pk)  # buffered while allowed
    type(alice).objects.filter(pk=alice.pk).update(allow_usage_analytics=False)  # no signal
    flush()

    assert AnalyticsEvent.objects.count() == 0


def test_events_land_in_their_month_partition(alice, flush):
    track("app_open", user_id=alice.pk)
    flush()
    month = timezone.now().astimezone(dt.UTC).strftime("%Y_%m")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ops_admin_analytics_event_p{month}")  # noqa: S608
        assert cursor.fetchone()[0] == 1


def test_creating_a_partition_moves_the_rows_the_default_partition_caught(alice, flush):
    old = dt.datetime(2024, 3, 15, tzinfo=dt.UTC)
    track("app_open", user_id=alice.pk, occurred_at=old)
    flush()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ops_admin_analytics_event_default")
        assert cursor.fetchone()[0] == 1

    assert create_partition(ANALYTICS_EVENTS, dt.date(2024, 3, 1)) is True
    assert create_partition(ANALYTICS_EVENTS, dt.date(2024, 3, 1)) is False

    assert "ops_admin_analytics_event_p2024_03" in list_partitions(ANALYTICS_EVENTS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ops_admin_analytics_event_p2024_03")
        assert cursor.fetchone()[0] == 1
    assert AnalyticsEvent.objects.count() == 1


def test_search_text_is_normalised_and_cut_short(alice, flush):
    track("search", user_id=alice.pk, properties={"query": "  Morning   YOGA " + "x" * 300})
    flush()
    query = AnalyticsEvent.objects.get().properties["query"]
    assert query.startswith("morning yoga ")
    assert len(query) == analytics.MAX_QUERY


def test_daily_user_rollup_counts_each_users_events_and_is_idempotent(alice, bob, flush):
    today = analytics.platform_today()
    start, _end = analytics.day_bounds(today)
    at = start + dt.timedelta(hours=1)
    for name in ["app_open", "app_open", "habit_check", "diary_written"]:
        track(name, user_id=alice.pk, occurred_at=at)
    track("app_open", user_id=bob.pk, occurred_at=at)
    track("app_open", user_id=bob.pk, occurred_at=at - dt.timedelta(days=1))  # other day
    flush()

    assert analytics.user_daily_rollup(day=today) == 2
    assert analytics.user_daily_rollup(day=today) == 2

    row = UserDailyAnalytics.objects.get(user=alice, date=today)
    assert (row.events, row.app_opens, row.habit_checks, row.diaries_written) == (4, 2, 1, 1)
    assert UserDailyAnalytics.objects.get(user=bob, date=today).events == 1
    assert UserDailyAnalytics.objects.count() == 2


def test_cohort_rules_pick_their_members_and_refresh_replaces_them(make_user):
    ko = make_user(language="ko")
    make_user(language="en")
    off = make_user(language="ko", allow_usage_analytics=False)
    cohort = Cohort.objects.create(name="한국어", slug="ko", rules={"language": "ko"})

    assert analytics.cohort_refresh(cohort_id=cohort.pk) == 1
    assert list(cohort.memberships.values_list("user_id", flat=True)) == [ko.pk]

    off.allow_usage_analytics = True
    off.save()
    assert analytics.cohort_refresh(cohort_id=cohort.pk) == 2
    cohort.refresh_from_db()
    assert cohort.member_count == 2
    assert cohort.refreshed_at is not None


def test_cohort_by_signup_month_and_streak(make_user):
    from habits.services import habit_create

    november = make_user()
    november.date_joined = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    november.save()
    streaker = make_user()
    habit = habit_create(user=streaker, name="물 마시기")
    type(habit).objects.filter(pk=habit.pk).update(best_streak=8)

    month = Cohort.objects.create(name="11월", slug="nov", rules={"signup_month": "2026-11"})
    streak = Cohort.objects.create(name="7일", slug="streak", rules={"min_streak": 7})
    analytics.cohorts_refresh_all()

    assert november.pk in set(month.memberships.values_list("user_id", flat=True))
    assert list(streak.memberships.values_list("user_id", flat=True)) == [streaker.pk]


def test_cohort_rules_refuse_unknown_keys():
    with pytest.raises(ValueError, match="unknown"):
        analytics.cohort_rules_clean({"favourite_colour": "blue"})
    with pytest.raises(ValueError, match="invalid literal"):
        analytics.cohort_rules_clean({"signup_month": "November"})


def test_funnel_counts_each_step_and_its_conversion(make_user):
    from habits.services import habit_create

    users = [make_user() for _ in range(4)]
    for user in users[:2]:
        habit_create(user=user, name="산책")
    type(users[0].habits.get()).objects.filter(user=users[0]).update(best_streak=7)
    make_user(allow_usage_analytics=False)  # not counted

    now = timezone.now()
    steps = analytics.funnel(since=now - dt.timedelta(days=1), until=now + dt.timedelta(days=1))

    assert [s.users for s in steps] == [4, 2, 1, 0]
    assert steps[1].of_previous == 0.5
    assert steps[2].of_previous == 0.5
    assert steps[0].of_previous is None
    assert steps[2].of_first == 0.25


def test_search_report_lists_zero_result_queries_first(alice, flush):
    searches = [("요가", 3), ("요가", 5), ("명상 음악", 0), ("명상 음악", 0), ("수면", 0)]
    for query, results in searches:
        track("search", user_id=alice.pk, properties={"query": query, "results": results})
    flush()
    now = timezone.now()
    rows = analytics.search_report(since=now - dt.timedelta(hours=1), until=now)

    assert [(r.query, r.searches, r.zero_results) for r in rows] == [
        ("명상 음악", 2, 2),
        ("수면", 1, 1),
        ("요가", 2, 0),
    ]
    zero = analytics.search_report(since=now - dt.timedelta(hours=1), until=now, zero_only=True)
    assert [r.query for r in zero] == ["명상 음악", "수면"]


@pytest.mark.parametrize("report", ["kpis", "funnel", "cohorts", "search", "endpoints"])
def test_every_report_downloads_as_csv(client, superuser, report):
    client.force_login(superuser)
    response = client.get(f"/admin/reports/{report}/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())


@pytest.mark.parametrize("report", ["kpis", "funnel", "cohorts", "search", "endpoints"])
def test_reports_are_refused_to_staff_without_the_permission(client, role_user, report):
    client.force_login(role_user("operator"))
    assert client.get(f"/admin/reports/{report}/").status_code == 403
    assert client.get(f"/admin/reports/{report}/", {"format": "csv"}).status_code == 403


def test_anonymising_a_user_de_identifies_their_events(alice, flush):
    track("app_open", user_id=alice.pk)
    flush()
    analytics.anonymise_user(alice)
    assert AnalyticsEvent.objects.get().user_id is None


def event_names(flush) -> list[str]:
    flush()
    return sorted(AnalyticsEvent.objects.values_list("name", flat=True))


def test_the_apps_track_their_events_once_committed(
    alice, flush, django_capture_on_commit_callbacks
):
    from diaries.services import entry_create
    from habits.services import habit_check_in, habit_create

    with django_capture_on_commit_callbacks(execute=True):
        habit = habit_create(user=alice, name="물 마시기")
        habit_check_in(habit=habit)
        habit_check_in(habit=habit)  # already done today: not a second check-in
        entry_create(user=alice, body="오늘은 산책을 했다. 기분이 좋았다.")

    assert event_names(flush) == ["diary_written", "habit_check", "habit_created"]
    diary = AnalyticsEvent.objects.get(name="diary_written")
    assert "산책" not in str(diary.properties)


def test_nothing_is_tracked_when_the_transaction_rolls_back(alice, flush):
    from django.db import transaction

    from habits.services import habit_create

    def create_then_fail():
        with transaction.atomic():
            habit_create(user=alice, name="물 마시기")
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError, match="rolled back"):
        create_then_fail()
    assert event_names(flush) == []


def test_the_first_signed_in_request_of_the_day_is_an_app_open(alice_api, flush):
    alice_api.get("/api/v1/me/notifications/unread-count/")
    alice_api.get("/api/v1/me/notifications/unread-count/")
    assert event_names(flush) == ["app_open"]
