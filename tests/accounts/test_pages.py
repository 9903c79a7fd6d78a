"""Pages: Korean and English, the owner's objects only, fixed query counts, htmx + plain POST."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import DataExport, Notification, User
from accounts.services import data_export_build, notify, upload_create

from .factories import NotificationFactory
from .test_data_lifecycle import image_file


@pytest.fixture
def alice_client(client, alice, verified):
    verified(alice)
    client.force_login(alice)
    return client


@pytest.mark.django_db
class TestAuthPages:
    def test_login_and_signup_pages_in_korean_and_english(self, client):
        ko = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="ko")
        en = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
        assert ko.status_code == en.status_code == 200
        assert "로그인" in ko.content.decode()
        assert "Sign In" in en.content.decode()
        assert 'class="form' in en.content.decode()
        signup = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
        assert 'name="agree_terms"' in signup
        assert 'name="nickname"' in signup
        assert "이용약관" in signup

    def test_signup_on_the_page_sends_a_verification_mail(self, client):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "page@example.com",
                "password1": "a-Long-pass-2026",
                "password2": "a-Long-pass-2026",
                "nickname": "페이지",
                "agree_terms": "on",
                "agree_privacy": "on",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(email="page@example.com")
        assert user.nickname == "페이지"
        assert user.terms_version
        assert "confirm-email" in mail.outbox[0].body

    def test_signup_errors_keep_what_was_typed(self, client):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "keep@example.com",
                "password1": "a-Long-pass-2026",
                "password2": "a-Long-pass-2026",
                "nickname": "남김",
            },
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'value="keep@example.com"' in html
        assert 'value="남김"' in html
        assert 'aria-invalid="true"' in html

    def test_social_buttons_only_for_configured_providers(self, client, settings):
        html = client.get(reverse("account_login")).content.decode()
        assert "social-provider--kakao" not in html
        settings.SOCIALACCOUNT_PROVIDERS = {
            **settings.SOCIALACCOUNT_PROVIDERS,
            "kakao": {"APPS": [{"client_id": "kakao-id", "secret": "kakao-secret"}]},
        }
        html = client.get(reverse("account_login")).content.decode()
        assert "social-provider--kakao" in html
        assert "social-provider--naver" not in html


@pytest.mark.django_db
class TestAccountPages:
    @pytest.mark.parametrize(
        "name", ["profile", "notifications", "notification_settings", "security", "data", "resign"]
    )
    def test_pages_read_in_both_languages(self, alice_client, alice, name):
        url = reverse(f"accounts:{name}")
        for language, word in (("ko", "알림"), ("en", "Notifications")):
            alice.language = language
            alice.save(update_fields=["language"])
            response = alice_client.get(url)
            assert response.status_code == 200
            assert f'lang="{language}"' in response.content.decode()
            assert word in response.content.decode()

    def test_pages_need_sign_in(self, client):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_profile_update_and_inline_errors(self, alice_client, alice):
        data = {
            "nickname": "x",
            "timezone": "Asia/Seoul",
            "language": "en",
            "phone": "",
            "bio": "keep me",
        }
        response = alice_client.post(reverse("accounts:profile"), data)
        assert response.status_code == 400
        assert "keep me" in response.content.decode()
        data["nickname"] = "앨리스"
        assert alice_client.post(reverse("accounts:profile"), data).status_code == 302
        alice.refresh_from_db()
        assert (alice.nickname, alice.language) == ("앨리스", "en")

    def test_language_switch_saves_to_the_profile(self, alice_client, alice):
        alice_client.post(reverse("set_language"), {"language": "en", "next": "/"})
        alice.refresh_from_db()
        assert alice.language == "en"

    def test_avatar_upload_shows_on_profile_and_is_private(self, alice_client, alice, client, bob):
        response = alice_client.post(reverse("accounts:avatar"), {"avatar": image_file()})
        assert response.status_code == 302
        alice.refresh_from_db()
        file_url = reverse("accounts:file", args=[alice.avatar_id])
        assert file_url in alice_client.get(reverse("accounts:profile")).content.decode()
        assert alice_client.get(file_url)["Content-Type"] == "image/jpeg"
        client.force_login(bob)
        assert client.get(file_url).status_code == 404

    def test_inbox_runs_a_fixed_number_of_queries(
        self, alice_client, alice, django_assert_max_num_queries
    ):
        NotificationFactory.create_batch(2, user=alice)
        with django_assert_max_num_queries(30) as small:
            alice_client.get(reverse("accounts:notifications"))
        NotificationFactory.create_batch(12, user=alice)
        for n in range(5):
            notify(user=None, type="announcement", title=f"news {n}")
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = alice_client.get(reverse("accounts:notifications"))
        assert response.content.decode().count('id="n-') == 19

    @pytest.mark.parametrize("name", ["accounts:security", "accounts:data"])
    def test_security_and_data_pages_run_a_fixed_number_of_queries(
        self, alice_client, alice, name, django_assert_max_num_queries
    ):
        from accounts.models import LoginLog

        def add(n):
            for _ in range(n):
                LoginLog.objects.create(
                    user=alice,
                    identifier=alice.email,
                    method="email",
                    client="web",
                    success=True,
                    reason="success",
                )
                DataExport.objects.create(user=alice, status="expired")

        add(2)
        with django_assert_max_num_queries(30) as few:
            assert alice_client.get(reverse(name)).status_code == 200
        add(8)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert alice_client.get(reverse(name)).status_code == 200

    def test_mark_read_with_htmx_updates_item_and_badge(self, alice_client, alice):
        n = NotificationFactory(user=alice)
        NotificationFactory(user=alice)
        response = alice_client.post(
            reverse("accounts:notification_read", args=[n.pk]), HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "inbox-item--unread" not in html
        assert 'hx-swap-oob="true"' in html
        assert ">1<" in html
        n.refresh_from_db()
        assert n.read_at is not None

    def test_every_page_header_links_the_inbox_and_polls_the_own_unread_count(
        self, alice_client, alice, bob
    ):
        NotificationFactory.create_batch(3, user=alice)
        NotificationFactory.create_batch(5, user=bob)
        page = alice_client.get(reverse("billing:pricing")).content.decode()
        badge_url = reverse("accounts:unread_badge") + "?place=header"
        assert f'href="{reverse("accounts:notifications")}"' in page
        assert f'hx-get="{badge_url}"' in page

        fragment = alice_client.get(badge_url).content.decode()
        assert '<span class="badge">3</span>' in fragment
        assert "unread-badge" not in fragment  # only the count, swapped into the bell

    def test_header_badge_is_empty_when_everything_is_read(self, alice_client, alice):
        fragment = alice_client.get(reverse("accounts:unread_badge") + "?place=header")
        assert 'class="badge"' not in fragment.content.decode()

    def test_signed_out_header_has_no_inbox(self, client):
        page = client.get(reverse("billing:pricing")).content.decode()
        assert "inbox-link" not in page

    def test_mark_read_without_htmx_redirects(self, alice_client, alice):
        n = NotificationFactory(user=alice)
        response = alice_client.post(reverse("accounts:notification_read", args=[n.pk]))
        assert response.status_code == 302

    def test_open_follows_the_deep_link_and_marks_clicked(self, alice_client, alice):
        n = notify(user=alice, type="t", title="x", data={"url": "/habits/"})
        response = alice_client.post(reverse("accounts:notification_open", args=[n.pk]))
        assert response["Location"] == "/habits/"
        n.refresh_from_db()
        assert n.clicked_at
        assert n.read_at

    def test_another_users_notification_is_404_everywhere(self, alice_client, bob):
        theirs = NotificationFactory(user=bob)
        for name in ("notification_read", "notification_open", "notification_mute"):
            assert (
                alice_client.post(reverse(f"accounts:{name}", args=[theirs.pk])).status_code == 404
            )
        theirs.refresh_from_db()
        assert theirs.read_at is None
        assert theirs.clicked_at is None

    def test_mute_a_kind_of_notification(self, alice_client, alice):
        n = NotificationFactory(user=alice, type="habit_reminder")
        alice_client.post(reverse("accounts:notification_mute", args=[n.pk]))
        assert alice.notification_preference.muted_types == ["habit_reminder"]

    def test_read_all(self, alice_client, alice):
        NotificationFactory.create_batch(3, user=alice)
        alice_client.post(reverse("accounts:notification_read_all"))
        assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()

    def test_notification_settings_save(self, alice_client, alice):
        response = alice_client.post(
            reverse("accounts:notification_settings"),
            {
                "email_enabled": "on",
                "quiet_hours_enabled": "on",
                "quiet_start": "21:30",
                "quiet_end": "07:00",
            },
        )
        assert response.status_code == 302
        preference = alice.notification_preference
        assert preference.push_enabled is False
        assert str(preference.quiet_start) == "21:30:00"

    def test_export_request_and_download_own_only(self, alice_client, alice, client, bob):
        alice_client.post(reverse("accounts:export_request"))
        export = DataExport.objects.get(user=alice)
        data_export_build(export_id=export.pk)
        url = reverse("accounts:export_download", args=[export.pk])
        assert alice_client.get(url)["Content-Type"] == "application/zip"
        client.force_login(bob)
        assert client.get(url).status_code == 404

    def test_security_page_lists_recent_sign_ins(self, alice_client, alice):
        from .factories import LoginLogFactory

        LoginLogFactory(user=alice, device="Galaxy · Chrome", ip="203.0.113.50")
        html = alice_client.get(reverse("accounts:security")).content.decode()
        assert "Galaxy · Chrome" in html
        assert "203.0.113.50" in html

    def test_resign_needs_password_and_confirmation_then_signs_out(self, alice_client, alice):
        response = alice_client.post(
            reverse("accounts:resign"), {"password": "wrong", "confirm": "on"}
        )
        assert response.status_code == 400
        response = alice_client.post(
            reverse("accounts:resign"),
            {"password": "correct horse battery staple", "confirm": "on", "reason": "잠시 쉬어요"},
        )
        assert response["Location"] == reverse("accounts:resigned")
        alice.refresh_from_db()
        assert alice.state == "resigned"
        assert alice_client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
class TestStaffMFA:
    @override_settings(ACCOUNTS_STAFF_MFA_REQUIRED=True)
    def test_staff_without_totp_are_sent_to_set_it_up(self, client, operator):
        operator.is_superuser = True
        operator.save()
        client.force_login(operator)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")

    def test_without_the_requirement_the_console_opens(self, client, operator):
        client.force_login(operator)
        assert client.get("/admin/").status_code == 200

    def test_admin_login_goes_through_allauth(self, client):
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_admin_state_change_action_requires_a_reason_and_logs(client, alice):
    admin = User.objects.create_superuser(email="root@example.com", password="pw-123456789")
    client.force_login(admin)
    url = reverse("admin:accounts_user_changelist")
    response = client.post(
        url,
        {
            "action": "change_state",
            "_selected_action": [alice.pk],
            "apply": "1",
            "new_state": "suspended",
            "reason": "",
        },
    )
    assert response.status_code == 200  # the form again, with an error
    alice.refresh_from_db()
    assert alice.state == "active"
    client.post(
        url,
        {
            "action": "change_state",
            "_selected_action": [alice.pk],
            "apply": "1",
            "new_state": "suspended",
            "reason": "spam",
        },
    )
    alice.refresh_from_db()
    assert alice.state == "suspended"
    assert alice.status_logs.get().changed_by == admin


@pytest.mark.django_db
def test_upload_view_for_staff(client, operator, alice):
    upload = upload_create(owner=alice, file=image_file(), context="diary")
    client.force_login(operator)
    assert client.get(reverse("accounts:file", args=[upload.pk])).status_code == 200
