import datetime as dt
import threading
import zoneinfo

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from diaries import selectors, services
from diaries.models import Report

pytestmark = pytest.mark.django_db


def _entry_on(user, write, day, mood=3, body="기록"):
    return write(user, body=body, written_on=day, mood=mood).entry


def test_the_year_end_run_makes_daily_monthly_and_yearly_reports_once(make_user, write):
    user = make_user(timezone="Asia/Seoul")
    _entry_on(user, write, dt.date(2025, 12, 31), mood=2)
    _entry_on(user, write, dt.date(2025, 12, 30), mood=4)
    # 2026-01-01 00:30 in Seoul
    now = dt.datetime(2025, 12, 31, 15, 30, tzinfo=dt.UTC)
    run = services.reports_generate_due(now=now)
    kinds = dict(Report.objects.filter(user=user).values_list("period_type", "local_start"))
    assert kinds == {
        "daily": dt.date(2025, 12, 31),
        "monthly": dt.date(2025, 12, 1),
        "yearly": dt.date(2025, 1, 1),
    }  # the week of Dec 29 is still running
    yearly = Report.objects.get(user=user, period_type="yearly")
    assert yearly.entry_count == 2
    assert yearly.stats["mood"] == {"avg": 3.0, "max": 4.0, "min": 2.0}
    assert run.created == 3
    again = services.reports_generate_due(now=now + dt.timedelta(hours=1))
    assert again.created == 0
    assert Report.objects.filter(user=user).count() == 3


def test_a_dst_user_gets_a_23_hour_day_report(make_user, write):
    user = make_user(timezone="America/New_York")
    _entry_on(user, write, dt.date(2026, 3, 8))
    report, made = services.report_generate_closed(
        user=user, period_type="daily", today=dt.date(2026, 3, 9)
    )
    assert made
    assert report.period_end - report.period_start == dt.timedelta(hours=23)
    assert report.period_start == dt.datetime(2026, 3, 8, 5, tzinfo=dt.UTC)


def test_feb_29_is_its_own_daily_report_and_february_has_29_days(make_user, write):
    user = make_user(timezone="Asia/Seoul")
    _entry_on(user, write, dt.date(2024, 2, 29), mood=5)
    _entry_on(user, write, dt.date(2024, 3, 1), mood=1)
    daily, made = services.report_generate_closed(
        user=user, period_type="daily", today=dt.date(2024, 3, 1)
    )
    assert made
    assert daily.local_start == dt.date(2024, 2, 29)
    assert daily.entry_count == 1
    assert daily.stats["mood"]["avg"] == 5.0
    monthly, _ = services.report_generate_closed(
        user=user, period_type="monthly", today=dt.date(2024, 3, 1)
    )
    assert monthly.stats["frequency"]["days"] == 29
    assert monthly.entry_count == 1  # the March 1 entry belongs to the next month
    assert len(monthly.stats["waveform"]) == 29


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_beat_runs_make_one_report_and_one_notification(make_user, write):
    user = make_user(timezone="Asia/Seoul")
    yesterday = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Seoul")).date() - dt.timedelta(
        days=1
    )
    _entry_on(user, write, yesterday)
    barrier = threading.Barrier(2)
    errors = []

    def beat():
        try:
            barrier.wait(timeout=10)
            services.reports_generate_due()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Report.objects.filter(user=user, period_type="daily").count() == 1
    assert (
        Notification.objects.filter(user=user, type="diary_report").count()
        == Report.objects.filter(user=user, is_final=True).count()
    )


def test_report_texts_are_sealed_and_summary_has_every_part(alice, write, analyse):
    _entry_on(
        alice,
        write,
        timezone.now().date() - dt.timedelta(days=1),
        body="아침에 명상을 하고 산책했다. 기분이 좋았다.",
    )
    analyse(alice)
    report = services.report_generate_current(user=alice, period_type="monthly")
    row = Report.objects.get(pk=report.pk)
    assert row.texts_ct.startswith("d1$")
    for key in ("tier_a", "mood", "emotions", "waveform", "frequency", "habits"):
        assert key in row.stats
    opened = selectors.report_get_for_user(user=alice, report_id=report.pk)
    assert isinstance(opened.texts["keywords"], list)
    assert not row.is_final
    # on demand again refreshes the same row
    assert services.report_generate_current(user=alice, period_type="monthly").pk == report.pk
