"""Documented fields and extreme but valid values are clean answers, never 500s."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

TIMEZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Seoul", "UTC", "America/Adak"]


def test_creating_a_habit_with_sort_order_places_it(alice_api):
    response = alice_api.post("/api/v1/habits/", {"name": "Walk", "sort_order": 7}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["sort_order"] == 7


@pytest.mark.parametrize("value", [2**31, 2**63, 10**30, -1])
def test_a_huge_or_negative_sort_order_is_a_400(alice_api, value):
    response = alice_api.post(
        "/api/v1/habits/", {"name": "Walk", "sort_order": value}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "sort_order" in response.json()["fields"]


@pytest.mark.parametrize("tz", TIMEZONES)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_check_in_on_year_1_or_9999_in_any_timezone_is_a_400(alice_api, alice, tz, day):
    alice.timezone = tz
    alice.save(update_fields=["timezone"])
    habit = alice_api.post("/api/v1/habits/", {"name": "Walk"}, format="json").json()

    response = alice_api.post(
        f"/api/v1/habits/{habit['id']}/check-in/", {"date": day}, format="json"
    )

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"code", "message", "fields"}


@pytest.mark.parametrize("tz", TIMEZONES)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_list_filters_with_extreme_dates_are_not_500(alice_api, alice, tz, day):
    alice.timezone = tz
    alice.save(update_fields=["timezone"])
    for path in ("/api/v1/habit-logs/", "/api/v1/health-metrics/", "/api/v1/habit-vacations/"):
        response = alice_api.get(path, {"from": day, "to": day, "date": day})
        assert response.status_code in (200, 400), (path, response.content)


@pytest.mark.parametrize("value", ["", "99999999999999999999", "-1", "abc"])
def test_ids_that_are_empty_huge_or_not_ids_are_404_or_400(alice_api, value):
    response = alice_api.get(f"/api/v1/habits/{value}/")
    assert response.status_code in (400, 404), response.content
