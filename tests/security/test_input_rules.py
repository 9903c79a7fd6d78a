"""The central input rules the attack sweeps found missing, each proven on its own (fast)."""

from __future__ import annotations

import datetime

import pytest
from rest_framework import serializers

from core.http import date_param, safe_next
from habits.models import Habit
from tests.practitioners.factories import PractitionerFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def post_json(client, path: str, raw: str):
    return client.generic("POST", path, data=raw.encode(), content_type="application/json")


class TestLoneSurrogates:
    def test_a_lone_surrogate_in_a_json_value_is_a_400_naming_the_field(self, alice_api, alice):
        response = post_json(alice_api, "/api/v1/habits/", '{"name": "Read\\ud800"}')
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "invalid_unicode"
        assert list(body["fields"]) == ["name"]
        assert not Habit.objects.filter(user=alice).exists()

    def test_a_lone_low_surrogate_deep_in_a_list_names_its_top_level_field(self, alice_api):
        response = post_json(
            alice_api, "/api/v1/habits/", '{"name": "Read", "reminder_times": ["07:00", "\\udfff"]}'
        )
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["reminder_times"]

    def test_a_lone_surrogate_in_a_json_key_is_a_400(self, alice_api):
        response = post_json(alice_api, "/api/v1/habits/", '{"\\ud800": 1, "name": "Read"}')
        assert response.status_code == 400
        assert response.json()["fields"] == {"non_field_errors": [response.json()["message"]]}

    def test_a_surrogate_pair_is_an_ordinary_character(self, alice_api):
        response = post_json(alice_api, "/api/v1/habits/", '{"name": "Read \\ud83d\\ude00"}')
        assert response.status_code == 201, response.content
        assert response.json()["name"] == "Read \U0001f600"

    def test_a_lone_surrogate_on_the_public_app_login_is_a_400(self, api_client):
        response = post_json(
            api_client,
            "/_allauth/app/v1/auth/login",
            '{"email": "a\\ud800@example.com", "password": "x"}',
        )
        assert response.status_code == 400
        assert response.json()["fields"] == {"email": [response.json()["message"]]}

    def test_a_nul_in_a_json_value_names_its_field_too(self, alice_api):
        response = post_json(alice_api, "/api/v1/habits/", '{"name": "Read\\u0000"}')
        assert response.status_code == 400
        assert response.json()["code"] == "nul_character"
        assert list(response.json()["fields"]) == ["name"]


class TestNumbers:
    @pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", float("inf"), float("nan")])
    def test_an_api_float_must_be_finite(self, value):
        with pytest.raises(serializers.ValidationError):
            serializers.FloatField().run_validation(value)

    @pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30])
    def test_an_api_integer_fits_a_bigint(self, value):
        with pytest.raises(serializers.ValidationError):
            serializers.IntegerField().run_validation(value)

    def test_ordinary_numbers_pass(self):
        assert serializers.FloatField().run_validation("1e300") == 1e300
        assert serializers.IntegerField().run_validation(2**63 - 1) == 2**63 - 1


class TestDateQueryValues:
    @pytest.mark.parametrize(
        "value", ["2026-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "soon", "", None]
    )
    def test_a_date_a_page_cannot_use_is_none(self, value):
        assert date_param(value) is None

    def test_a_plain_date_is_read(self):
        assert date_param("2026-03-08") == datetime.date(2026, 3, 8)

    @pytest.mark.parametrize("value", ["2026-02-30", "9999-12-31", "0001-01-01"])
    def test_the_practitioner_calendar_shows_its_week_for_any_from(self, client, alice, value):
        PractitionerFactory(user=alice)
        client.force_login(alice)
        assert client.get(f"/practitioners/desk/calendar/?from={value}").status_code == 200

    @pytest.mark.parametrize("value", ["2026-02-30", "9999-12-31", "0001-01-01"])
    def test_the_booking_page_shows_its_slots_for_any_from(self, client, alice, value):
        service = ServiceFactory()
        client.force_login(alice)
        url = f"/practitioners/p/{service.practitioner.slug}/s/{service.pk}/?from={value}"
        assert client.get(url).status_code == 200


BAD_ZONES = ["Mars/Olympus_Mons", "../../../etc/passwd", "Etc/GMT+99", "x" * 300_000]


class TestTimeZones:
    @pytest.mark.parametrize("zone", BAD_ZONES, ids=["mars", "path", "offset", "huge"])
    def test_a_practitioner_cannot_store_a_time_zone_that_does_not_exist(
        self, alice_api, alice, zone
    ):
        practitioner = PractitionerFactory(user=alice)
        response = alice_api.patch(
            "/api/v1/practitioner-desk/profile/", {"timezone": zone}, format="json"
        )
        assert response.status_code == 400, response.content
        assert list(response.json()["fields"]) == ["timezone"]
        practitioner.refresh_from_db()
        assert practitioner.timezone == "Asia/Seoul"

    def test_a_practitioner_can_move_to_new_york(self, alice_api, alice):
        practitioner = PractitionerFactory(user=alice)
        response = alice_api.patch(
            "/api/v1/practitioner-desk/profile/", {"timezone": "America/New_York"}, format="json"
        )
        assert response.status_code == 200, response.content
        practitioner.refresh_from_db()
        assert practitioner.timezone == "America/New_York"


class TestNextParameter:
    @pytest.mark.parametrize("target", ["NaN", "-1", "\ufffd\ufffd", "accounts:notifications"])
    def test_a_next_that_is_not_a_path_falls_back_to_the_default(self, rf, target):
        request = rf.post("/x/", {"next": target})
        assert safe_next(request, "/home/") == "/home/"

    def test_a_local_path_is_kept_with_its_query(self, rf):
        request = rf.post("/x/", {"next": "/habits/?page=2"})
        assert safe_next(request, "/home/") == "/habits/?page=2"

    def test_marking_a_notification_read_with_a_junk_next_redirects_home(self, client, alice):
        from tests.accounts.factories import NotificationFactory

        notification = NotificationFactory(user=alice)
        client.force_login(alice)
        response = client.post(
            f"/accounts/notifications/{notification.pk}/read/",
            "next=%ff%fe",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/")


class TestMonthQueryValues:
    """Calendars step to the month before and after: year 1 and 9999 have none (was a 400
    from the last-resort overflow handler, now the current month)."""

    @pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13"])
    def test_the_diary_calendar_shows_this_month_for_an_impossible_one(self, client, alice, month):
        client.force_login(alice)
        assert client.get(f"/diaries/calendar/?month={month}").status_code == 200
        assert client.get(f"/diaries/?month={month}").status_code == 200

    @pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13"])
    def test_a_habit_page_shows_this_month_for_an_impossible_one(self, client, alice, month):
        from tests.habits.factories import HabitFactory

        habit = HabitFactory(user=alice)
        client.force_login(alice)
        assert client.get(f"/habits/h/{habit.pk}/?month={month}").status_code == 200
