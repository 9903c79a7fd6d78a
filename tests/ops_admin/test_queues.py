from datetime import timedelta

import pytest
from django.utils import timezone

from ops_admin.queues import WorkQueue, work_queues
from tests.ops_admin.conftest import CRISIS_KO

pytestmark = pytest.mark.django_db


def test_a_superuser_sees_the_diary_queue_with_its_oldest_crisis_entry(make_user, alice, write):
    boss = make_user(is_staff=True, is_superuser=True)
    write(alice)  # calm: not waiting
    entry = write(alice, body=CRISIS_KO).entry
    queues = {queue.key: queue for queue in work_queues(boss)}
    diary = queues["diary_moderation"]
    assert diary.count == 1
    assert diary.oldest_waiting_since == entry.created_at
    assert diary.url.startswith("/admin/diaries/entry/?")


def test_non_staff_users_see_no_queues(alice):
    assert work_queues(alice) == []


def test_staff_without_view_permission_see_no_queue(operator):
    assert work_queues(operator) == []


def test_sla_clock_compares_the_oldest_item_with_the_target():
    now = timezone.now()
    queue = WorkQueue(
        key="k",
        name="n",
        count=1,
        url="/",
        oldest_waiting_since=now - timedelta(hours=3),
        sla_target=timedelta(hours=2),
        now=now,
    )
    assert queue.sla_breached
    assert queue.sla_used == pytest.approx(1.5)
    empty = WorkQueue("k", "n", 0, "/", None, timedelta(hours=2), now)
    assert not empty.sla_breached
    assert empty.oldest_age is None
