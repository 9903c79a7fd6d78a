# ruff: noqa: F811 - fixtures imported from data_fixtures are redefined as arguments
"""The console home: KPIs from the daily rollup (numbers equal direct SQL counts), a fixed
number of queries whatever the user count, navigation grouped by task and by permission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.analytics import track
from ops_admin.kpis import rollup_day
from ops_admin.models import DailyKpi
from ops_admin.services.analytics import day_bounds, platform_today
from tests.ops_admin.data_fixtures import empty_buffers, flush, superuser, with_totp  # noqa: F401

pytestmark = pytest.mark.django_db


_serial = iter(range(10**9))


def make_users(count: int, *, joined: dt.datetime) -> list:
    user_model = get_user_model()
    users = []
    for _ in range(count):
        n = next(_serial)
        users.append(
            user_model(
                email=f"bulk{n}@example.com",
                nickname=f"사용자{n}",
                password="!",
                date_joined=joined,
            )
        )
    return user_model.objects.bulk_create(users, batch_size=2_000)


def sql_count(query: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return int(cursor.fetchone()[0])


def kpi(day: dt.date, key: str) -> int | None:
    return DailyKpi.objects.get(day=day, key=key).value


def test_kpis_match_a_direct_sql_count(make_user, flush):
    from diaries.models import SafetyEvent, SlipCondition

    today = platform_today()
    start, end = day_bounds(today)
    yesterday_start, _ = day_bounds(today - dt.timedelta(days=1))
    joined_today = make_users(7, joined=start + dt.timedelta(hours=2))
    joined_yesterday = make_users(4, joined=yesterday_start + dt.timedelta(hours=3))
    make_users(3, joined=start - dt.timedelta(days=40))
    for user in joined_today[:5] + joined_yesterday[:1]:
        track("app_open", user_id=user.pk, occurred_at=start + dt.timedelta(hours=5))
    track("app_open", user_id=joined_yesterday[2].pk, occurred_at=start - dt.timedelta(days=3))
    flush()
    SafetyEvent.objects.create(user=joined_today[0], level="crisis", created_at=start)
    SafetyEvent.objects.create(user=joined_today[1], level="concern", created_at=start)
    SlipCondition.objects.create(
        user=joined_today[2], status="slipped", previous_status="warning", triggered_at=start
    )

    rollup_day(today)

    assert kpi(today, "signups") == sql_count(
        "SELECT count(*) FROM accounts_user WHERE NOT is_staff "
        "AND date_joined >= %s AND date_joined < %s",
        [start, end],
    )
    assert kpi(today, "signups") == 7
    dau_sql = (
        "SELECT count(DISTINCT user_id) FROM ops_admin_analytics_event "
        "WHERE occurred_at >= %s AND occurred_at < %s"
    )
    assert kpi(today, "dau") == sql_count(dau_sql, [start, end]) == 6
    assert kpi(today, "wau") == sql_count(dau_sql, [start - dt.timedelta(days=6), end]) == 7
    assert kpi(today, "retention_d1") == 2500  # 1 of the 4 who joined yesterday: 25.00 %
    assert kpi(today, "crisis_events") == sql_count(
        "SELECT count(*) FROM diaries_safetyevent WHERE level = 'crisis' "
        "AND created_at >= %s AND created_at < %s",
        [start, end],
    )
    assert kpi(today, "slips") == 1
    assert kpi(today, "mrr") == 0
    assert kpi(today, "bookings") == 0  # no bookings were made in this test


def test_the_rollup_is_idempotent(make_user):
    today = platform_today()
    make_users(3, joined=day_bounds(today)[0])
    rollup_day(today)
    rollup_day(today)
    assert DailyKpi.objects.filter(day=today, key="signups").count() == 1
    assert kpi(today, "signups") == 3


def render_home(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_home_renders_with_a_fixed_number_of_queries_for_10000_users(client, superuser):
    today = platform_today()
    start, _ = day_bounds(today)
    client.force_login(superuser)

    make_users(10, joined=start)
    rollup_day(today)
    render_home(client)  # warm per-process caches (content types, site)
    small, _html = render_home(client)

    make_users(10_000, joined=start)
    rollup_day(today)
    large, html = render_home(client)

    assert large == small
    assert "10,010" in html or "10010" in html  # today's sign-ups tile


def test_the_home_shows_tiles_with_trends_and_links_to_reports(client, superuser):
    today = platform_today()
    for offset in range(5):
        day = today - dt.timedelta(days=offset)
        DailyKpi.objects.create(day=day, key="signups", value=10 + offset)
    client.force_login(superuser)
    _count, html = render_home(client)

    assert 'class="ops-spark"' in html
    assert "<polyline" in html
    assert "/admin/reports/kpis/" in html
    for group in ["사용자·안전", "결제", "AI", "시스템"]:
        assert group in html


def test_navigation_is_grouped_by_task_and_filtered_by_permission(client, make_user):
    viewer = with_totp(make_user(email="money@example.com", is_staff=True))
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_subscription", content_type__app_label="billing")
    )
    client.force_login(viewer)
    response = client.get("/admin/")
    groups = {str(app["name"]): app for app in response.context["app_list"]}

    assert list(groups) == ["결제"]
    assert [m["object_name"] for m in groups["결제"]["models"]] == ["Subscription"]
    assert "ops_tiles" not in response.context  # no KPI permission: no KPI tiles
    assert client.get("/admin/reports/kpis/").status_code == 403


def test_existing_admin_pages_still_work_on_the_console_site(client, superuser):
    client.force_login(superuser)
    for url in ["/admin/accounts/user/", "/admin/billing/subscription/", "/admin/accounts/"]:
        assert client.get(url).status_code == 200


def test_the_home_lists_the_work_queues_with_counts_and_sla(client, superuser, alice):
    from django.utils import timezone

    from diaries.models import SlipCondition

    SlipCondition.objects.create(
        user=alice,
        status="slipped",
        previous_status="warning",
        review_status="open",
        triggered_at=timezone.now() - dt.timedelta(hours=3),
    )
    client.force_login(superuser)
    response = client.get("/admin/")

    slips = next(q for q in response.context["ops_queues"] if "slipcondition" in q.url)
    assert slips.count == 1
    assert slips.sla_breached  # 3 hours against a 2-hour target
    assert slips.used_percent == 150
    assert "ops-breach" in response.content.decode()


def test_support_sla_is_the_share_answered_within_the_target(make_user):
    from django.utils import timezone

    from ops_admin.kpis import support_sla
    from ops_admin.models import SupportCategory, SupportInquiry

    today = platform_today()
    start, _ = day_bounds(today)
    category = SupportCategory.objects.first()
    user = make_user()

    def inquiry(answered_after_hours):
        received = min(start + dt.timedelta(minutes=30), timezone.now())
        answered = (
            None
            if answered_after_hours is None
            else received + dt.timedelta(hours=answered_after_hours)
        )
        SupportInquiry.objects.create(
            user=user,
            category=category,
            team=category.team,
            subject="결제 문의",
            created_at=received,
            first_response_at=answered,
        )

    inquiry(2)  # within 24 h
    inquiry(30)  # late
    inquiry(None)  # still within its 24 hours: not judged yet
    assert support_sla(today) == 5000
