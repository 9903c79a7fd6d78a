"""/api/v1/me and friends: the owner's own objects only, fixed query counts."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image

from accounts.models import DataExport, Notification, NotificationDevice, NotificationReceipt
from accounts.services import notify

from .factories import DeviceFactory, LoginLogFactory, NotificationFactory


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
class TestMe:
    def test_anonymous_is_refused(self, api_client):
        response = api_client.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"

    def test_read_and_update_profile(self, alice_api, alice):
        response = alice_api.patch(
            "/api/v1/me",
            {
                "nickname": "앨리스",
                "timezone": "Europe/Berlin",
                "language": "en",
                "birth_date": "1990-04-01",
                "marketing_consent": True,
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert (body["nickname"], body["timezone"], body["language"], body["birth_year"]) == (
            "앨리스",
            "Europe/Berlin",
            "en",
            1990,
        )
        assert body["consents"]["marketing"]["accepted_at"] is not None
        assert alice_api.get("/api/v1/me").json()["nickname"] == "앨리스"

    def test_bad_input_gives_field_errors(self, alice_api):
        response = alice_api.patch(
            "/api/v1/me", {"timezone": "Mars/Olympus", "phone": "abc"}, format="json"
        )
        assert response.status_code == 400
        assert set(response.json()["fields"]) == {"timezone", "phone"}

    def test_resign_needs_the_password_and_ends_sessions(self, alice_api, alice):
        assert (
            alice_api.delete("/api/v1/me", {"password": "wrong"}, format="json").status_code == 400
        )
        response = alice_api.delete(
            "/api/v1/me",
            {"password": "correct horse battery staple", "reason": "bye"},
            format="json",
        )
        assert response.status_code == 204
        alice.refresh_from_db()
        assert alice.state == "resigned"
        assert alice.deleted_at is not None

    def test_avatar_upload_and_remove(self, alice_api, alice):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = alice_api.put(
            "/api/v1/me/avatar",
            {"file": SimpleUploadedFile("me.png", png_bytes())},
            format="multipart",
        )
        assert response.status_code == 200, response.content
        assert response.json()["avatar_url"].startswith("/accounts/files/")
        assert alice_api.delete("/api/v1/me/avatar").status_code == 204
        alice.refresh_from_db()
        assert alice.avatar is None

    def test_avatar_must_be_an_image(self, alice_api):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = alice_api.put(
            "/api/v1/me/avatar",
            {"file": SimpleUploadedFile("me.png", b"%PDF-1.4 not an image")},
            format="multipart",
        )
        assert response.status_code == 400
        assert response.json()["code"] == "file_type_not_allowed"


@pytest.mark.django_db
class TestNotificationsApi:
    def test_lists_own_and_broadcasts_but_never_another_users(self, alice_api, alice, bob):
        NotificationFactory(user=alice, title="mine")
        NotificationFactory(user=bob, title="bobs")
        notify(user=None, type="announcement", title="everyone")
        titles = {n["title"] for n in alice_api.get("/api/v1/me/notifications/").json()["results"]}
        assert titles == {"mine", "everyone"}

    def test_another_users_notification_cannot_be_read_or_marked(self, alice_api, bob):
        theirs = NotificationFactory(user=bob)
        assert alice_api.get(f"/api/v1/me/notifications/{theirs.pk}/").status_code == 404
        assert alice_api.post(f"/api/v1/me/notifications/{theirs.pk}/read/").status_code == 404
        assert alice_api.post(f"/api/v1/me/notifications/{theirs.pk}/click/").status_code == 404
        theirs.refresh_from_db()
        assert theirs.read_at is None
        assert theirs.clicked_at is None

    def test_mark_read_click_and_unread_count(self, alice_api, alice):
        one, two = NotificationFactory(user=alice), NotificationFactory(user=alice)
        broadcast = notify(user=None, type="announcement", title="all")
        assert alice_api.get("/api/v1/me/notifications/unread-count/").json() == {"unread": 3}
        body = alice_api.post(f"/api/v1/me/notifications/{one.pk}/read/").json()
        assert body["is_read"] is True
        assert body["read_at"]
        body = alice_api.post(f"/api/v1/me/notifications/{broadcast.pk}/click/").json()
        assert body["is_read"]
        assert body["clicked_at"]
        assert alice_api.get("/api/v1/me/notifications/unread-count/").json() == {"unread": 1}
        assert alice_api.get("/api/v1/me/notifications/?unread=true").json()["results"][0][
            "id"
        ] == str(two.pk)

    def test_read_all_marks_broadcasts_for_this_user_only(self, alice_api, alice, bob):
        NotificationFactory(user=alice)
        NotificationFactory(user=bob)
        notify(user=None, type="announcement", title="all")
        assert alice_api.post("/api/v1/me/notifications/read-all/").json() == {"marked": 2}
        assert Notification.objects.get(user=bob).read_at is None
        assert NotificationReceipt.objects.filter(user=bob).count() == 0

    def test_list_runs_a_fixed_number_of_queries(
        self, alice_api, alice, django_assert_max_num_queries
    ):
        for _ in range(3):
            NotificationFactory(user=alice)
        with django_assert_max_num_queries(3) as small:
            alice_api.get("/api/v1/me/notifications/")
        for _ in range(15):
            NotificationFactory(user=alice)
            notify(user=None, type="a", title="b")
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = alice_api.get("/api/v1/me/notifications/")
        assert len(response.json()["results"]) == 20

    def test_preferences_read_and_update(self, alice_api):
        assert (
            alice_api.get("/api/v1/me/notification-preferences").json()["quiet_hours_enabled"]
            is True
        )
        response = alice_api.patch(
            "/api/v1/me/notification-preferences",
            {"push_enabled": False, "quiet_start": "23:00"},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["push_enabled"] is False
        assert response.json()["quiet_start"] == "23:00:00"


@pytest.mark.django_db
class TestDevicesApi:
    def test_register_is_idempotent_and_owner_is_the_caller(self, alice_api, alice, bob):
        payload = {"token": "fcm-1", "platform": "ios", "app_version": "1.2.0", "user": str(bob.pk)}
        assert alice_api.post("/api/v1/me/devices/", payload, format="json").status_code == 201
        assert alice_api.post("/api/v1/me/devices/", payload, format="json").status_code == 201
        device = NotificationDevice.objects.get()
        assert device.user == alice
        assert device.app_version == "1.2.0"

    def test_cannot_list_or_remove_another_users_device(self, alice_api, bob):
        theirs = DeviceFactory(user=bob)
        assert alice_api.get("/api/v1/me/devices/").json()["results"] == []
        assert alice_api.delete(f"/api/v1/me/devices/{theirs.pk}/").status_code == 404
        assert NotificationDevice.objects.filter(pk=theirs.pk).exists()

    def test_remove_own_device(self, alice_api, alice):
        mine = DeviceFactory(user=alice)
        assert alice_api.delete(f"/api/v1/me/devices/{mine.pk}/").status_code == 204
        assert not NotificationDevice.objects.exists()

    def test_list_query_count_is_fixed(self, alice_api, alice, django_assert_max_num_queries):
        DeviceFactory(user=alice)
        with django_assert_max_num_queries(3) as small:
            alice_api.get("/api/v1/me/devices/")
        DeviceFactory.create_batch(10, user=alice)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(alice_api.get("/api/v1/me/devices/").json()["results"]) == 11


@pytest.mark.django_db
class TestSessionsApi:
    def test_lists_own_sessions_and_ends_one(self, api_client, app_login, alice, bob):
        token_a = app_login(alice)
        bob_token = app_login(bob)
        sessions = api_client.get("/api/v1/me/sessions/", HTTP_X_SESSION_TOKEN=token_a).json()
        assert len(sessions) == 1
        assert sessions[0]["is_current"] is True
        bob_sessions = api_client.get("/api/v1/me/sessions/", HTTP_X_SESSION_TOKEN=bob_token).json()
        # alice cannot end bob's session
        response = api_client.delete(
            f"/api/v1/me/sessions/{bob_sessions[0]['id']}/", HTTP_X_SESSION_TOKEN=token_a
        )
        assert response.status_code == 404
        assert api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=bob_token).status_code == 200
        # bob ends his own session: his token stops working
        response = api_client.delete(
            f"/api/v1/me/sessions/{bob_sessions[0]['id']}/", HTTP_X_SESSION_TOKEN=bob_token
        )
        assert response.status_code == 204
        assert (
            api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=bob_token).json()["code"]
            == "session_expired"
        )

    def test_list_query_count_is_fixed(
        self, api_client, app_login, alice, django_assert_max_num_queries
    ):
        token = app_login(alice)
        with django_assert_max_num_queries(8) as few:
            first = api_client.get("/api/v1/me/sessions/", HTTP_X_SESSION_TOKEN=token).json()
        for _ in range(4):
            app_login(alice)
        with django_assert_max_num_queries(8) as more:
            sessions = api_client.get("/api/v1/me/sessions/", HTTP_X_SESSION_TOKEN=token).json()
        assert len(more.captured_queries) == len(few.captured_queries)
        assert (len(first), len(sessions)) == (1, 5)

    def test_end_others_keeps_the_current_session(self, api_client, app_login, alice):
        first = app_login(alice)
        other = app_login(alice)
        response = api_client.post("/api/v1/me/sessions/end-others/", HTTP_X_SESSION_TOKEN=first)
        assert response.json() == {"ended": 1}
        assert api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=first).status_code == 200
        assert api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=other).status_code == 401


@pytest.mark.django_db
class TestLoginsApi:
    def test_only_own_logins_with_fixed_queries(
        self, alice_api, alice, bob, django_assert_max_num_queries
    ):
        LoginLogFactory(user=alice)
        LoginLogFactory(user=bob)
        with django_assert_max_num_queries(3) as small:
            assert len(alice_api.get("/api/v1/me/logins/").json()["results"]) == 1
        LoginLogFactory.create_batch(10, user=alice)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(alice_api.get("/api/v1/me/logins/").json()["results"]) == 11


@pytest.mark.django_db
class TestExportApi:
    def test_request_build_and_download_own_export(
        self, alice_api, alice, django_capture_on_commit_callbacks
    ):
        from accounts.services import data_export_build

        response = alice_api.post("/api/v1/me/export/")
        assert response.status_code == 202
        export_id = response.json()["id"]
        assert alice_api.post("/api/v1/me/export/").json()["code"] == "export_in_progress"
        data_export_build(export_id=export_id)
        body = alice_api.get(f"/api/v1/me/export/{export_id}/").json()
        assert body["status"] == "ready"
        assert body["download_url"]
        download = alice_api.get(body["download_url"])
        assert download.status_code == 200
        assert download["Content-Type"] == "application/zip"

    def test_another_users_export_is_invisible(self, alice_api, bob):
        from accounts.services import data_export_build

        export = DataExport.objects.create(user=bob)
        data_export_build(export_id=export.pk)
        assert alice_api.get(f"/api/v1/me/export/{export.pk}/").status_code == 404
        assert alice_api.get(f"/api/v1/me/export/{export.pk}/download/").status_code == 404
        assert alice_api.get("/api/v1/me/export/").json()["results"] == []

    def test_expired_export_cannot_be_downloaded(self, alice_api, alice):
        from accounts.services import data_export_build

        export = DataExport.objects.create(user=alice)
        data_export_build(export_id=export.pk)
        DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
        response = alice_api.get(f"/api/v1/me/export/{export.pk}/download/")
        assert response.status_code == 404
        assert response.json()["code"] == "export_expired"

    def test_list_query_count_is_fixed(self, alice_api, alice, django_assert_max_num_queries):
        DataExport.objects.create(user=alice, status="ready")
        with django_assert_max_num_queries(3) as small:
            alice_api.get("/api/v1/me/export/")
        for _ in range(8):
            DataExport.objects.create(user=alice, status="expired")
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert len(alice_api.get("/api/v1/me/export/").json()["results"]) == 9
