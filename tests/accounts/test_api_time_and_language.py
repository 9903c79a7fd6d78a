"""The API speaks UTC and the caller's language: ISO 8601 datetimes in UTC whoever asks, and
error messages in the signed-in user's language (Accept-Language when signed out)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def datetimes_in(value) -> list[str]:
    if isinstance(value, dict):
        return [found for item in value.values() for found in datetimes_in(item)]
    if isinstance(value, list):
        return [found for item in value for found in datetimes_in(item)]
    return [value] if isinstance(value, str) and ISO_DATETIME.match(value) else []


def assert_all_utc(body) -> list[str]:
    found = datetimes_in(body)
    for text in found:
        parsed = datetime.fromisoformat(text)
        assert parsed.tzinfo is not None, text
        assert parsed.utcoffset().total_seconds() == 0, text
        assert text.endswith("Z"), text
    return found


@pytest.fixture
def new_yorker(make_user):
    user = make_user(email="ny@example.com", timezone="America/New_York")
    user.terms_version = "2026-01"
    user.terms_accepted_at = datetime(2026, 1, 5, 23, 30, tzinfo=UTC)
    user.last_login = timezone.now()
    user.save()
    return user


def test_me_has_every_datetime_in_utc_for_a_session_user_in_another_time_zone(client, new_yorker):
    client.force_login(new_yorker)

    body = client.get("/api/v1/me/").json()

    found = assert_all_utc(body)
    assert len(found) >= 3  # date_joined, last_login, consents.terms.accepted_at
    assert body["consents"]["terms"]["accepted_at"] == "2026-01-05T23:30:00Z"


def test_me_has_every_datetime_in_utc_for_a_token_user(api_client, new_yorker, app_login):
    token = app_login(new_yorker)

    body = api_client.get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).json()

    assert len(assert_all_utc(body)) >= 3


def test_notification_list_datetimes_are_utc(client, new_yorker):
    NotificationFactory(user=new_yorker, read_at=timezone.now())
    client.force_login(new_yorker)

    body = client.get("/api/v1/me/notifications/").json()

    assert len(assert_all_utc(body)) >= 2


def test_pages_still_show_the_users_local_time_zone(client, new_yorker):
    client.force_login(new_yorker)

    client.get("/accounts/profile/")

    # the API's UTC does not leak into the next page request on this thread
    assert timezone.get_current_timezone_name() == "America/New_York"


def test_token_user_gets_errors_in_their_profile_language_not_accept_language(
    api_client, make_user, app_login
):
    english = make_user(email="en@example.com", language="en")
    token = app_login(english)

    body = api_client.post(
        "/api/v1/habits/", {}, format="json", HTTP_X_SESSION_TOKEN=token, HTTP_ACCEPT_LANGUAGE="ko"
    ).json()

    assert body["fields"]["name"] == ["Give the habit a name or a template."]


def test_korean_token_user_gets_korean_field_errors(api_client, make_user, app_login):
    korean = make_user(email="ko@example.com", language="ko")
    token = app_login(korean)

    body = api_client.post(
        "/api/v1/habits/", {}, format="json", HTTP_X_SESSION_TOKEN=token, HTTP_ACCEPT_LANGUAGE="en"
    ).json()

    assert body["message"] == "표시된 항목을 확인해 주세요."
    assert body["fields"]["name"] == ["습관 이름을 적거나 템플릿을 골라 주세요."]


def test_signed_out_errors_follow_accept_language_in_harus_tone(api_client):
    korean = api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="ko").json()
    english = api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert korean["message"] == "로그인이 필요해요."
    assert english["message"] == "Authentication credentials were not provided."
