from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification
from accounts.selectors import notification_list_for_user
from accounts.services.notifications import notification_mark_read
from content.enums import BroadcastStatus, Segment
from content.models import Announcement
from content.services.notices import (
    announcement_broadcast_batch,
    announcement_publish,
    announcement_save,
)
from tests.billing.broker import drain, purge

pytestmark = pytest.mark.django_db


def _users(count: int, **fields):
    user_model = get_user_model()
    user_model.objects.bulk_create(
        [
            user_model(
                id=uuid.uuid4(),
                email=f"crowd{n}-{uuid.uuid4().hex[:6]}@example.com",
                nickname=f"crowd{n}",
                password="!",
                **fields,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def _announcement(**fields) -> Announcement:
    fields.setdefault("title_ko", "12월 업데이트 안내")
    fields.setdefault("body_markdown_ko", "새 기능을 소개해요. <script>alert(1)</script>")
    return announcement_save(announcement=Announcement(**fields))


def test_broadcast_to_ten_thousand_users_writes_one_row_at_publish_and_each_reads_it_once():
    _users(10_000)
    announcement = _announcement()
    assert "<script" not in announcement.body_html_ko

    with CaptureQueriesContext(connection) as publish:
        announcement_publish(announcement=announcement)
    inserts = [q for q in publish.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1  # the broadcast notification, not one per user
    announcement.refresh_from_db()
    assert announcement.broadcast_status == BroadcastStatus.SENT
    assert Notification.objects.filter(type="notice").count() == 1

    someone, another = get_user_model().objects.filter(email__startswith="crowd")[:2]
    inbox = list(notification_list_for_user(user=someone).filter(type="notice"))
    assert len(inbox) == 1
    assert inbox[0].is_read is False
    notification_mark_read(user=someone, notification=inbox[0])
    notification_mark_read(user=someone, notification=inbox[0])
    assert notification_list_for_user(user=someone).get(pk=inbox[0].pk).is_read is True
    assert notification_list_for_user(user=another).get(pk=inbox[0].pk).is_read is False


def test_opening_the_notice_page_reads_its_inbox_item_for_that_user_only(client, alice, bob):
    announcement = announcement_publish(announcement=_announcement())
    client.force_login(alice)

    assert client.get(f"/content/notices/{announcement.pk}/").status_code == 200

    mine = notification_list_for_user(user=alice).get(type="notice")
    theirs = notification_list_for_user(user=bob).get(type="notice")
    assert mine.is_read is True
    assert theirs.is_read is False


def test_segment_broadcast_runs_in_batches_after_publish_and_notifies_each_user_once(
    django_capture_on_commit_callbacks,
):
    _users(2_500, language="en")
    _users(300, language="ko")
    announcement = _announcement(
        segment=Segment.LOCALE, segment_value="en", title_en="December update"
    )
    purge()

    with (
        CaptureQueriesContext(connection) as publish,
        django_capture_on_commit_callbacks(execute=True),
    ):
        announcement_publish(announcement=announcement)
    assert [t.name for t in drain()] == ["content.broadcast_batch"]  # the first batch, queued
    assert not [
        q
        for q in publish.captured_queries
        if "accounts_notification" in q["sql"] and q["sql"].startswith("INSERT")
    ]

    outcomes = []
    for _ in range(10):
        outcome = announcement_broadcast_batch(announcement_id=announcement.pk)
        outcomes.append(outcome)
        if outcome != "more":
            break
    assert outcomes == ["more", "more", "done"]
    assert announcement_broadcast_batch(announcement_id=announcement.pk) == "nothing"
    announcement.refresh_from_db()
    assert announcement.broadcast_sent == 2_500
    per_user = Notification.objects.filter(type="notice", user__isnull=False)
    assert per_user.count() == 2_500
    assert not per_user.filter(user__language="ko").exists()


def test_expired_and_deleted_notices_leave_the_notices_page(client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    live = _announcement(title_ko="진행 중인 공지", published_at=now - timedelta(days=1))
    _announcement(
        title_ko="지난 공지",
        published_at=now - timedelta(days=3),
        expires_at=now - timedelta(days=1),
    )
    _announcement(title_ko="삭제된 공지", published_at=now - timedelta(days=1), deleted_at=now)

    body = client.get("/content/notices/").content.decode()

    assert live.title_ko in body
    assert "지난 공지" not in body
    assert "삭제된 공지" not in body


def _inbox_notices(user, *, at=None):
    from accounts.selectors import notification_unread_count

    titles = [n.title for n in notification_list_for_user(user=user, now=at).filter(type="notice")]
    return titles, notification_unread_count(user=user)


def test_an_announcements_inbox_notification_ends_when_the_announcement_expires(alice):
    from datetime import timedelta

    from django.utils import timezone

    ends = timezone.now() + timedelta(days=2)
    announcement = announcement_publish(announcement=_announcement(expires_at=ends))

    assert _inbox_notices(alice) == (["12월 업데이트 안내"], 1)
    assert Notification.objects.get(type="notice").visible_to == ends
    titles, _ = _inbox_notices(alice, at=ends + timedelta(seconds=1))
    assert titles == []
    assert announcement.expires_at == ends


def test_shortening_or_deleting_a_sent_announcement_hides_its_notifications_at_once(
    alice, bob, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from content.services.notices import announcement_delete

    segment = _announcement(segment=Segment.LOCALE, segment_value="ko", title_ko="한국어 공지")
    everyone = _announcement(title_ko="모두에게")
    with django_capture_on_commit_callbacks(execute=False):
        announcement_publish(announcement=segment)
        announcement_publish(announcement=everyone)
    announcement_broadcast_batch(announcement_id=segment.pk)
    assert _inbox_notices(alice)[1] == 2

    segment.refresh_from_db()
    segment.expires_at = timezone.now() - timedelta(seconds=1)
    segment.published_at = segment.expires_at - timedelta(days=1)
    announcement_save(announcement=segment)
    announcement_delete(announcement=everyone)

    assert _inbox_notices(alice) == ([], 0)
    assert _inbox_notices(bob) == ([], 0)
