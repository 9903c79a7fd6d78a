import datetime
import zoneinfo

import pytest

from diaries.enums import PeriodType
from diaries.periods import period_before, period_containing

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = datetime.UTC


def test_daily_period_is_local_midnight_to_midnight_in_seoul():
    p = period_containing(period_type=PeriodType.DAILY, day=datetime.date(2026, 12, 31), zone=SEOUL)
    assert p.start == datetime.datetime(2026, 12, 30, 15, 0, tzinfo=UTC)
    assert p.end == datetime.datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    assert p.end_day == datetime.date(2027, 1, 1)


def test_year_end_closes_the_day_week_month_and_year_together():
    jan1 = datetime.date(2027, 1, 1)
    for kind in (PeriodType.DAILY, PeriodType.MONTHLY, PeriodType.YEARLY):
        p = period_before(period_type=kind, day=jan1, zone=SEOUL)
        assert p.end_day == jan1
    assert period_before(
        period_type=PeriodType.YEARLY, day=jan1, zone=SEOUL
    ).first_day == datetime.date(2026, 1, 1)
    week = period_containing(
        period_type=PeriodType.WEEKLY, day=datetime.date(2026, 12, 31), zone=SEOUL
    )
    assert week.first_day == datetime.date(2026, 12, 28)  # Monday
    assert week.end_day == datetime.date(2027, 1, 4)


def test_leap_february_has_29_days():
    p = period_containing(
        period_type=PeriodType.MONTHLY, day=datetime.date(2028, 2, 29), zone=SEOUL
    )
    assert (p.first_day, p.end_day) == (datetime.date(2028, 2, 1), datetime.date(2028, 3, 1))
    assert len(p.days) == 29
    day = period_containing(
        period_type=PeriodType.DAILY, day=datetime.date(2028, 2, 29), zone=SEOUL
    )
    assert day.end_day == datetime.date(2028, 3, 1)
    assert (
        len(
            period_containing(
                period_type=PeriodType.YEARLY, day=datetime.date(2028, 6, 1), zone=SEOUL
            ).days
        )
        == 366
    )


def test_dst_start_day_lasts_23_hours_and_keeps_local_midnights():
    p = period_containing(
        period_type=PeriodType.DAILY, day=datetime.date(2026, 3, 8), zone=NEW_YORK
    )
    assert p.start == datetime.datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    assert p.end == datetime.datetime(2026, 3, 9, 4, 0, tzinfo=UTC)
    assert p.end - p.start == datetime.timedelta(hours=23)
    fall = period_containing(
        period_type=PeriodType.DAILY, day=datetime.date(2026, 11, 1), zone=NEW_YORK
    )
    assert fall.end - fall.start == datetime.timedelta(hours=25)
    week = period_containing(
        period_type=PeriodType.WEEKLY, day=datetime.date(2026, 3, 8), zone=NEW_YORK
    )
    assert week.end - week.start == datetime.timedelta(days=7, hours=-1)


@pytest.mark.parametrize("kind", PeriodType.values)
def test_every_period_starts_before_it_ends(kind):
    p = period_containing(period_type=kind, day=datetime.date(2026, 11, 30), zone=SEOUL)
    assert p.start < p.end
