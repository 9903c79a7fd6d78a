from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection

from billing.enums import WalletUnit
from billing.models import LedgerEntry
from content.enums import RewardTrigger
from content.exceptions import EventClosedError
from content.models import Attendance, RewardGrant
from content.services.events import event_check_in, events_reward_activity
from content.tasks import reward_activity
from core.analytics import track
from tests.concurrency import run_in_threads

from .factories import EventFactory, EventRewardFactory


def _points(user) -> int:
    return sum(
        LedgerEntry.objects.filter(wallet__user=user, wallet__unit=WalletUnit.POINTS).values_list(
            "delta", flat=True
        )
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_on_one_local_day_record_one_row_and_pay_points_once(make_user):
    user = make_user(email="racer@example.com")
    event = EventFactory()
    EventRewardFactory(event=event, code="daily", points=10)
    EventRewardFactory(
        event=event, code="first-day", trigger=RewardTrigger.TOTAL_DAYS, days=1, points=50
    )
    connection.close()

    results = run_in_threads(8, lambda: event_check_in(event=event, user=user))

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(1 for r in results if r.created) == 1
    assert Attendance.objects.filter(event=event, user=user).count() == 1
    assert RewardGrant.objects.filter(event=event, user=user).count() == 2
    assert _points(user) == 60


@pytest.mark.django_db
def test_a_retried_check_in_the_same_day_pays_nothing_more(make_user):
    user = make_user()
    event = EventFactory()
    EventRewardFactory(event=event, points=10)

    first = event_check_in(event=event, user=user)
    again = event_check_in(event=event, user=user)

    assert first.created
    assert not again.created
    assert again.attendance.pk == first.attendance.pk
    assert _points(user) == 10


@pytest.mark.django_db
def test_a_user_crossing_midnight_in_seoul_gets_the_new_day_and_a_streak(make_user):
    user = make_user(timezone="Asia/Seoul")
    event = EventFactory(starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 1))
    EventRewardFactory(event=event, code="daily", points=10)
    EventRewardFactory(
        event=event, code="streak-2", trigger=RewardTrigger.STREAK, days=2, points=30
    )
    # 23:59 on 29 November in Seoul is 14:59 UTC; one minute later it is the 30th there.
    before_midnight = datetime(2026, 11, 29, 14, 59, tzinfo=UTC)
    after_midnight = before_midnight + timedelta(minutes=1)

    first = event_check_in(event=event, user=user, at=before_midnight)
    second = event_check_in(event=event, user=user, at=after_midnight)

    assert first.attendance.local_date == date(2026, 11, 29)
    assert second.created
    assert second.attendance.local_date == date(2026, 11, 30)
    assert second.attendance.streak == 2
    assert {g.reward.code for g in second.grants} == {"daily", "streak-2"}
    assert _points(user) == 10 + 10 + 30


@pytest.mark.django_db
def test_check_in_outside_the_half_open_window_is_refused(make_user):
    user = make_user(timezone="Asia/Seoul")
    event = EventFactory(starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    last_moment = datetime(2026, 11, 29, 14, 59, tzinfo=UTC)  # 29 Nov 23:59 in Seoul

    assert event_check_in(event=event, user=user, at=last_moment).created
    with pytest.raises(EventClosedError):
        event_check_in(event=event, user=user, at=last_moment + timedelta(minutes=1))


@pytest.mark.django_db
def test_first_diary_of_the_month_is_rewarded_once_per_month_through_the_analytics_signal(
    make_user, django_capture_on_commit_callbacks
):
    user = make_user()
    event = EventFactory(starts_on=date(2026, 1, 1), ends_on=None)
    EventRewardFactory(
        event=event, code="diary", trigger=RewardTrigger.FIRST_DIARY_OF_MONTH, points=20
    )

    # the receiver hands the work to the task; run it as a worker would
    from tests.billing.broker import drain, purge

    purge()
    track("diary_written", user_id=user.pk, properties={"local_date": "2026-11-30"})
    queued = [t for t in drain() if t.name == "content.reward_activity"]
    assert len(queued) == 1
    reward_activity.apply(args=queued[0].args)
    reward_activity.apply(args=queued[0].args)  # a retried task
    events_reward_activity(user=user, name="diary_written", local_day=date(2026, 11, 2))
    events_reward_activity(user=user, name="diary_written", local_day=date(2026, 12, 1))

    assert sorted(RewardGrant.objects.filter(user=user).values_list("period", flat=True)) == [
        "2026-11",
        "2026-12",
    ]
    assert _points(user) == 40


@pytest.mark.django_db
def test_writing_a_diary_entry_announces_it_and_queues_the_campaign_reward(
    make_user, django_capture_on_commit_callbacks
):
    from diaries.services.entries import entry_create
    from tests.billing.broker import drain, purge

    user = make_user()
    event = EventFactory(starts_on=date(2026, 1, 1), ends_on=None)
    EventRewardFactory(event=event, trigger=RewardTrigger.FIRST_DIARY_OF_MONTH, points=20)
    purge()

    with django_capture_on_commit_callbacks(execute=True):
        entry_create(user=user, body="오늘은 산책을 했어요.")

    queued = [t for t in drain() if t.name == "content.reward_activity"]
    assert len(queued) == 1
    assert queued[0].args[0] == str(user.pk)
    reward_activity.apply(args=queued[0].args)
    assert _points(user) == 20
