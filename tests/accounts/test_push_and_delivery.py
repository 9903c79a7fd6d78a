"""Delivery of e-mail and push, with the FCM client talking to a local FCM v1 server."""

from __future__ import annotations

import datetime
import json
import threading

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.models import Notification, NotificationDevice, NotificationPreference
from accounts.push import PushMessage, get_push_client
from accounts.push.dev import LoggingPushClient
from accounts.push.fcm import FCMClient
from accounts.services import notification_deliver, notify

from .factories import DeviceFactory
from .fcm_server import FCMServer, make_service_account


@pytest.fixture
def fcm(tmp_path, settings):
    """FCM configured for real, pointing at the local server."""
    with FCMServer() as server:
        account, public_key = make_service_account(f"{server.base}/token")
        server.public_key = public_key
        server.client_email = account["client_email"]
        credentials = tmp_path / "service-account.json"
        credentials.write_text(json.dumps(account))
        settings.FCM_PROJECT_ID = "haru-test"
        settings.FCM_CREDENTIALS_FILE = str(credentials)
        settings.FCM_API_BASE = server.base
        yield server


@pytest.fixture
def awake(alice):
    NotificationPreference.objects.create(user=alice, quiet_hours_enabled=False)
    return alice


class TestFCMClient:
    def test_sends_a_v1_message_with_an_oauth_token(self, fcm):
        client = get_push_client()
        assert isinstance(client, FCMClient)
        result = client.send(
            PushMessage(token="device-1", title="Hi", body="Body", data={"url": "/x"})
        )
        assert result.ok
        assert result.message_id == "projects/haru-test/messages/1"
        message = fcm.messages[0]
        assert message["token"] == "device-1"
        assert message["notification"] == {"title": "Hi", "body": "Body"}
        assert message["data"] == {"url": "/x"}
        assert message["android"]["priority"] == "NORMAL"

    def test_access_token_is_reused_until_it_expires(self, fcm):
        client = get_push_client()
        for n in range(3):
            assert client.send(PushMessage(token=f"d{n}", title="t", body="b")).ok
        assert fcm.token_requests == 1

    def test_unregistered_token_is_reported_dead(self, fcm):
        fcm.dead_tokens.add("gone")
        result = get_push_client().send(PushMessage(token="gone", title="t", body="b"))
        assert not result.ok
        assert result.token_invalid
        assert result.error == "UNREGISTERED"
        assert not result.retryable

    def test_outage_is_retryable(self, fcm):
        fcm.fail_next = 1
        result = get_push_client().send(PushMessage(token="d", title="t", body="b"))
        assert not result.ok
        assert result.retryable
        assert not result.token_invalid

    def test_without_credentials_pushes_are_only_logged(self, settings, caplog):
        settings.FCM_PROJECT_ID = ""
        client = get_push_client()
        assert isinstance(client, LoggingPushClient)
        with caplog.at_level("INFO", logger="haru.push"):
            message = PushMessage(
                token="secret-token",
                title="오늘의 일기 돌아보기",
                body="어제 적은 걱정은 조금 가벼워졌나요?",
                data={"notification_id": "n-42", "type": "diary_reflection"},
            )
            assert client.send(message).ok
        assert "n-42" in caplog.text
        assert "diary_reflection" in caplog.text
        # Neither the device token nor the private text reaches the log.
        assert "secret-token" not in caplog.text
        assert "일기" not in caplog.text
        assert "걱정" not in caplog.text


@pytest.mark.django_db
class TestDelivery:
    def test_push_and_email_are_sent_once_even_if_delivery_runs_twice(self, fcm, awake):
        DeviceFactory(user=awake, token="alice-phone")
        n = notify(
            user=awake,
            type="weekly_report",
            title="Report ready",
            body="Look",
            data={"url": "/reports/1"},
            channels=("in_app", "email", "push"),
        )
        notification_deliver(notification_id=n.pk)
        notification_deliver(notification_id=n.pk)
        n.refresh_from_db()
        assert n.status == "sent"
        assert n.sent_at is not None
        assert n.attempts == 1
        assert len(fcm.messages) == 1
        assert fcm.messages[0]["data"] == {
            "notification_id": str(n.pk),
            "type": "weekly_report",
            "url": "/reports/1",
        }
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [awake.email]
        assert "/reports/1" in mail.outbox[0].body

    def test_dead_device_is_deactivated(self, fcm, awake):
        device = DeviceFactory(user=awake, token="old-phone")
        fcm.dead_tokens.add("old-phone")
        n = notify(user=awake, type="t", title="x", channels=("push",))
        notification_deliver(notification_id=n.pk)
        device.refresh_from_db()
        n.refresh_from_db()
        assert not device.is_active
        assert n.status == "failed"

    def test_outage_is_retried_later_then_sent(self, fcm, awake):
        DeviceFactory(user=awake, token="phone")
        fcm.fail_next = 1
        n = notify(user=awake, type="t", title="x", channels=("push",))
        notification_deliver(notification_id=n.pk)
        n.refresh_from_db()
        assert n.status == "pending"
        assert n.deliver_after > timezone.now()
        Notification.objects.filter(pk=n.pk).update(deliver_after=timezone.now())
        notification_deliver(notification_id=n.pk)
        n.refresh_from_db()
        assert n.status == "sent"
        assert n.attempts == 2
        assert len(fcm.messages) == 1

    def test_not_sent_before_deliver_after(self, fcm, awake):
        DeviceFactory(user=awake)
        n = notify(
            user=awake,
            type="t",
            title="x",
            channels=("push",),
            scheduled_for=timezone.now() + datetime.timedelta(hours=1),
        )
        notification_deliver(notification_id=n.pk)
        n.refresh_from_db()
        assert n.status == "pending"
        assert fcm.messages == []

    def test_push_without_devices_is_skipped(self, fcm, awake):
        n = notify(user=awake, type="t", title="x", channels=("push",))
        notification_deliver(notification_id=n.pk)
        n.refresh_from_db()
        assert n.status == "skipped"

    def test_devices_of_other_users_get_nothing(self, fcm, awake, bob):
        DeviceFactory(user=bob, token="bobs-phone")
        DeviceFactory(user=awake, token="alices-phone")
        n = notify(user=awake, type="t", title="x", channels=("push",))
        notification_deliver(notification_id=n.pk)
        assert [m["token"] for m in fcm.messages] == ["alices-phone"]

    def test_email_is_written_in_the_users_language(self, make_user):
        user = make_user(language="en")
        NotificationPreference.objects.create(user=user, quiet_hours_enabled=False)
        n = notify(user=user, type="t", title="Hello", channels=("email",))
        notification_deliver(notification_id=n.pk)
        assert "Notification settings" in mail.outbox[0].body


@pytest.mark.django_db
def test_device_registration_moves_a_token_to_the_new_account(alice, bob):
    from accounts.services import device_register

    device_register(user=alice, token="shared-phone", platform="ios")
    moved = device_register(user=bob, token="shared-phone", platform="ios", app_version="2.0")
    assert NotificationDevice.objects.filter(token="shared-phone").count() == 1
    assert moved.user == bob
    assert moved.app_version == "2.0"


class LockProbeEmailBackend(locmem.EmailBackend):
    """While an e-mail is "on the wire", another connection tries to lock its notification
    row without waiting: that only works when delivery holds no lock during network I/O."""

    probes: list[str] = []

    def send_messages(self, messages):
        from accounts.models import Notification

        def probe():
            try:
                with transaction.atomic():
                    Notification.objects.select_for_update(nowait=True).filter(
                        status="pending"
                    ).count()
                self.probes.append("free")
            except DatabaseError:
                self.probes.append("locked")
            finally:
                connection.close()

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_no_row_lock_is_held_while_email_and_push_go_out(settings, awake):
    settings.EMAIL_BACKEND = f"{__name__}.LockProbeEmailBackend"
    LockProbeEmailBackend.probes = []
    n = notify(user=awake, type="t", title="x", channels=("email",), priority="urgent")

    notification_deliver(notification_id=n.pk)

    n.refresh_from_db()
    assert LockProbeEmailBackend.probes == ["free"]
    assert n.status == "sent"
    assert len(mail.outbox) == 1
