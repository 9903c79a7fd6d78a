"""Notification e-mails carry attachments (other channels ignore them); an inbox notification
with an expiry disappears from the inbox and the unread count when it expires."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import NotificationAttachment, NotificationPreference
from accounts.selectors import notification_list_for_user, notification_unread_count
from accounts.services import Attachment, notification_deliver, notifications_expire, notify

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def awake(alice):
    NotificationPreference.objects.create(user=alice, quiet_hours_enabled=False)
    return alice


def test_an_email_carries_the_attachments_by_name_type_and_bytes(awake):
    n = notify(
        user=awake,
        type="t",
        title="Booked",
        channels=("in_app", "email"),
        attachments=[Attachment("session.ics", "text/calendar", ICS)],
    )

    notification_deliver(notification_id=n.pk)

    assert len(mail.outbox) == 1
    [(name, content, content_type)] = mail.outbox[0].attachments
    assert name == "session.ics"
    assert content_type == "text/calendar"
    assert (content.encode() if isinstance(content, str) else content) == ICS


def test_attachments_are_not_kept_for_a_notification_without_email(awake):
    n = notify(
        user=awake,
        type="t",
        title="In the inbox only",
        channels=("in_app", "push"),
        attachments=[Attachment("session.ics", "text/calendar", ICS)],
    )

    assert not NotificationAttachment.objects.filter(notification=n).exists()


def test_attachments_are_dropped_when_the_user_turned_email_off(awake):
    NotificationPreference.objects.filter(user=awake).update(email_enabled=False)
    n = notify(
        user=awake,
        type="t",
        title="x",
        channels=("in_app", "email"),
        attachments=[Attachment("a.ics", "text/calendar", ICS)],
    )

    assert n.channels == ["in_app"]
    assert not NotificationAttachment.objects.filter(notification=n).exists()


def test_an_oversized_attachment_is_refused(awake):
    with pytest.raises(ValueError, match="attachments"):
        notify(
            user=awake,
            type="t",
            title="x",
            channels=("email",),
            attachments=[Attachment("big.bin", "application/octet-stream", b"0" * 1_000_001)],
        )


def test_an_expired_notification_leaves_the_inbox_and_the_unread_count(alice):
    now = timezone.now()
    notify(user=alice, type="t", title="stays")
    ending = notify(
        user=alice, type="t", title="ends", expires_at=now + datetime.timedelta(hours=1)
    )

    assert notification_unread_count(user=alice) == 2
    later = now + datetime.timedelta(hours=2)
    titles = [n.title for n in notification_list_for_user(user=alice, now=later)]
    assert titles == ["stays"]
    assert ending.visible_to == now + datetime.timedelta(hours=1)


def test_an_expired_broadcast_leaves_everyones_inbox(alice, bob):
    soon = timezone.now() + datetime.timedelta(minutes=30)
    notify(user=None, type="notice", title="for everyone", expires_at=soon, dedupe_key="n1")

    assert notification_unread_count(user=bob) == 1
    later = soon + datetime.timedelta(seconds=1)
    assert not notification_list_for_user(user=alice, now=later).exists()


def test_a_notification_that_would_expire_before_it_shows_is_not_created(alice):
    assert notify(user=alice, type="t", title="x", expires_at=timezone.now()) is None
    assert notification_unread_count(user=alice) == 0


def test_expiry_must_be_timezone_aware(alice):
    with pytest.raises(ValueError, match="expires_at"):
        notify(user=alice, type="t", title="x", expires_at=datetime.datetime(2030, 1, 1))  # noqa: DTZ001


def test_expiring_by_dedupe_key_hides_what_was_already_sent(alice, bob):
    for user in (alice, bob):
        notify(user=user, type="notice", title="segment", dedupe_key="notice:7")
    notify(user=alice, type="notice", title="another", dedupe_key="notice:8")

    changed = notifications_expire(
        type="notice",
        dedupe_key="notice:7",
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )

    assert changed == 2
    assert notification_unread_count(user=bob) == 0
    assert [n.title for n in notification_list_for_user(user=alice)] == ["another"]
    notifications_expire(type="notice", dedupe_key="notice:7", expires_at=None)
    assert notification_unread_count(user=bob) == 1
