"""Signing in on both paths (pages and the headless app API), login logs, lockout, refusals."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import LoginLog, Notification, User, UserStatusLog
from accounts.services import user_change_state

from .conftest import PASSWORD

LOGIN = "/_allauth/app/v1/auth/login"
SIGNUP = "/_allauth/app/v1/auth/signup"
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"


def web_login(client, email, password=PASSWORD):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_USER_AGENT=UA,
        REMOTE_ADDR="203.0.113.9",
    )


@pytest.mark.django_db
class TestWebSignIn:
    def test_success_writes_a_login_log_and_counts(self, client, alice, verified):
        verified(alice)
        response = web_login(client, alice.email)
        assert response.status_code == 302
        log = LoginLog.objects.get()
        assert (log.user, log.success, log.reason, log.client) == (alice, True, "success", "web")
        assert log.ip == "203.0.113.9"
        assert log.device == "iPhone · Safari"
        assert log.user_agent == UA
        alice.refresh_from_db()
        assert alice.login_count == 1
        assert alice.last_login is not None

    def test_wrong_password_is_logged_with_the_user(self, client, alice, verified):
        verified(alice)
        response = web_login(client, alice.email, "wrong")
        assert response.status_code == 200
        log = LoginLog.objects.get()
        assert (log.user, log.success, log.reason) == (alice, False, "wrong_password")

    def test_unknown_email_is_logged_without_a_user(self, client, db):
        web_login(client, "nobody@example.com")
        log = LoginLog.objects.get()
        assert (log.user, log.identifier, log.reason) == (
            None,
            "nobody@example.com",
            "unknown_account",
        )

    def test_lockout_after_five_failures_blocks_even_the_right_password(
        self, client, alice, verified
    ):
        verified(alice)
        for _ in range(5):
            web_login(client, alice.email, "wrong")
        response = web_login(client, alice.email)  # correct password, still refused
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert LoginLog.objects.filter(reason="locked_out", user=alice).count() == 1
        alert = Notification.objects.get(user=alice, type="security_alert")
        assert alert.priority == "urgent"
        assert "email" in alert.channels

    def test_suspended_user_cannot_sign_in(self, client, alice, operator, verified):
        verified(alice)
        user_change_state(user=alice, new_state="suspended", actor=operator, reason="abuse")
        response = web_login(client, alice.email)
        assert response.status_code == 200
        assert (
            "suspended" in response.content.decode().lower() or "정지" in response.content.decode()
        )
        assert "_auth_user_id" not in client.session
        assert LoginLog.objects.filter(user=alice, reason="account_suspended").exists()

    def test_dormant_user_is_woken_by_signing_in(self, client, alice, verified):
        verified(alice)
        user_change_state(user=alice, new_state="inactive", reason="a year without use")
        assert web_login(client, alice.email).status_code == 302
        alice.refresh_from_db()
        assert alice.state == "active"
        log = UserStatusLog.objects.filter(user=alice).first()
        assert (log.old_state, log.new_state, log.source) == ("inactive", "active", "system")


@pytest.mark.django_db
class TestAppSignIn:
    def test_signup_verify_login_and_use_the_api_with_the_token(self, api_client):
        # sign up from the app
        response = api_client.post(
            SIGNUP,
            {
                "email": "new@example.com",
                "password": "a-Long-pass-2026",
                "nickname": "새벽",
                "agree_terms": True,
                "agree_privacy": True,
                "agree_marketing": False,
                "timezone": "Asia/Tokyo",
            },
            format="json",
        )
        assert response.status_code == 401, response.content  # pending e-mail verification
        body = response.json()
        token = body["meta"]["session_token"]
        assert any(f["id"] == "verify_email" and f.get("is_pending") for f in body["data"]["flows"])
        user = User.objects.get(email="new@example.com")
        assert (user.nickname, user.timezone) == ("새벽", "Asia/Tokyo")
        assert user.terms_accepted_at
        assert user.privacy_accepted_at
        assert not user.marketing_accepted_at
        # verify with the key from the e-mail
        key = re.search(r"confirm-email/([^/\s]+)/", mail.outbox[0].body).group(1)
        response = api_client.post(
            "/_allauth/app/v1/auth/email/verify",
            {"key": key},
            format="json",
            HTTP_X_SESSION_TOKEN=token,
        )
        assert response.status_code == 200, response.content
        token = response.json()["meta"].get("session_token", token)
        # the token works on /api/v1/
        me = api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=token)
        assert me.status_code == 200
        assert me.json()["email"] == "new@example.com"

    def test_signup_without_consents_is_refused(self, api_client, db):
        response = api_client.post(
            SIGNUP,
            {"email": "x@example.com", "password": "a-Long-pass-2026", "nickname": "xx"},
            format="json",
        )
        assert response.status_code == 400
        params = {error.get("param") for error in response.json()["errors"]}
        assert {"agree_terms", "agree_privacy"} <= params
        assert not User.objects.filter(email="x@example.com").exists()

    def test_login_logs_an_app_attempt(self, app_login, alice):
        app_login(alice)
        log = LoginLog.objects.get()
        assert (log.client, log.success, log.user) == ("app", True, alice)

    def test_wrong_password_in_the_app(self, api_client, alice, verified):
        verified(alice)
        response = api_client.post(LOGIN, {"email": alice.email, "password": "nope"}, format="json")
        assert response.status_code == 400
        assert LoginLog.objects.get().reason == "wrong_password"

    def test_suspended_user_gets_a_clear_code_from_the_app_login(
        self, api_client, alice, operator, verified
    ):
        verified(alice)
        user_change_state(user=alice, new_state="suspended", actor=operator, reason="abuse")
        response = api_client.post(
            LOGIN, {"email": alice.email, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 400
        assert [e["code"] for e in response.json()["errors"]] == ["account_suspended"]

    def test_resigned_user_gets_account_resigned(self, api_client, alice, verified):
        verified(alice)
        user_change_state(user=alice, new_state="resigned", actor=alice)
        response = api_client.post(
            LOGIN, {"email": alice.email, "password": PASSWORD}, format="json"
        )
        assert [e["code"] for e in response.json()["errors"]] == ["account_resigned"]

    def test_suspending_ends_app_sessions_and_the_api_says_why(
        self, api_client, app_login, alice, operator
    ):
        token = app_login(alice)
        assert api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=token).status_code == 200
        user_change_state(user=alice, new_state="suspended", actor=operator, reason="abuse")
        response = api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=token)
        assert response.status_code == 401
        assert response.json()["code"] in {"session_expired", "account_suspended"}

    def test_a_token_whose_account_is_suspended_answers_account_suspended(
        self, api_client, app_login, alice
    ):
        token = app_login(alice)
        # a state change that bypassed session ending (e.g. a raw update) still locks the API
        User.objects.filter(pk=alice.pk).update(state="suspended", is_active=False)
        response = api_client.get("/api/v1/me", HTTP_X_SESSION_TOKEN=token)
        assert response.status_code == 401
        assert response.json()["code"] == "account_suspended"

    def test_lockout_applies_to_the_app_too(self, api_client, alice, verified):
        verified(alice)
        for _ in range(5):
            api_client.post(LOGIN, {"email": alice.email, "password": "nope"}, format="json")
        response = api_client.post(
            LOGIN, {"email": alice.email, "password": PASSWORD}, format="json"
        )
        assert response.status_code == 400
        assert "too_many_login_attempts" in [e["code"] for e in response.json()["errors"]]
        assert LoginLog.objects.filter(reason="locked_out").exists()


@pytest.mark.django_db
class TestStateChanges:
    def test_every_change_writes_its_log(self, alice, operator):
        log = user_change_state(user=alice, new_state="suspended", actor=operator, reason="spam")
        assert (log.old_state, log.new_state, log.source, log.changed_by, log.reason) == (
            "active",
            "suspended",
            "operator",
            operator,
            "spam",
        )
        alice.refresh_from_db()
        assert alice.state == "suspended"
        assert not alice.is_active

    def test_invalid_transition_is_refused_and_logs_nothing(self, alice):
        from core.exceptions import ConflictError

        user_change_state(user=alice, new_state="suspended", reason="x")
        with pytest.raises(ConflictError) as info:
            user_change_state(user=alice, new_state="inactive", reason="x")
        assert info.value.code == "invalid_transition"
        assert UserStatusLog.objects.filter(user=alice).count() == 1

    def test_resigned_sets_deleted_at_and_restore_clears_it(self, alice, operator):
        user_change_state(user=alice, new_state="resigned", actor=alice)
        alice.refresh_from_db()
        assert alice.deleted_at is not None
        log = user_change_state(user=alice, new_state="active", actor=operator, reason="asked back")
        alice.refresh_from_db()
        assert alice.deleted_at is None
        assert alice.is_active
        assert log.source == "operator"

    def test_losing_access_ends_web_sessions(self, client, alice, verified, operator):
        verified(alice)
        web_login(client, alice.email)
        assert client.get(reverse("accounts:profile")).status_code == 200
        user_change_state(user=alice, new_state="suspended", actor=operator, reason="x")
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
class TestWhereSignInLands:
    def test_sign_in_lands_on_todays_dashboard_not_the_marketing_page(
        self, client, alice, verified
    ):
        verified(alice)

        response = web_login(client, alice.email)

        assert response.status_code == 302
        assert response["Location"] == reverse("habits:dashboard")

    def test_sign_in_with_next_still_goes_where_next_says(self, client, alice, verified):
        verified(alice)

        response = client.post(
            reverse("account_login") + "?next=" + reverse("billing:pricing"),
            {"login": alice.email, "password": PASSWORD},
        )

        assert response["Location"] == reverse("billing:pricing")

    def test_signed_in_visitor_of_the_landing_page_is_offered_the_dashboard(self, client, alice):
        client.force_login(alice)

        html = client.get(reverse("landing")).content.decode()

        actions = html[html.index('class="hero__actions"') :].split("</div>")[0]
        assert f'<a class="button" href="{reverse("habits:dashboard")}">' in actions


@pytest.mark.django_db
class TestMobileTwoFactorSignIn:
    def test_second_factor_replaces_the_pending_session_token(self, api_client, alice, verified):
        # given: alice has an authenticator app
        from allauth.mfa.totp.internal.auth import (
            TOTP,
            format_hotp_value,
            generate_totp_secret,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        verified(alice)
        secret = generate_totp_secret()
        TOTP.activate(alice, secret)
        counter = next(yield_hotp_counters_from_time())

        # when: she signs in with her password, then her code
        first = api_client.post(LOGIN, {"email": alice.email, "password": PASSWORD}, format="json")
        pending = first.json()["meta"]["session_token"]
        second = api_client.post(
            "/_allauth/app/v1/auth/2fa/authenticate",
            {"code": format_hotp_value(hotp_value(secret, counter))},
            format="json",
            HTTP_X_SESSION_TOKEN=pending,
        )

        # then: the answer carries a new token, which works; the pending one does not
        assert first.status_code == 401
        assert "mfa_authenticate" in {flow["id"] for flow in first.json()["data"]["flows"]}
        assert second.status_code == 200, second.content
        token = second.json()["meta"]["session_token"]
        assert token != pending
        assert api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200
        stale = api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=pending)
        assert stale.status_code == 401
        assert stale.json()["code"] == "session_expired"
