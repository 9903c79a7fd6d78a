"""The dashboard in a real browser: one tap checks a habit in without a page load."""

import pytest
from django.conf import settings
from django.test import Client

from habits import services
from habits.models import HabitLog

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_one_tap_check_in_and_undo_on_the_dashboard(page, live_server, make_user):
    # given
    user = make_user(language="en")
    habit = services.habit_create(user=user, name="Drink water")
    sign_in(page, live_server, user)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + "/habits/")
    row = page.locator(f"#habit-{habit.pk}")

    # when: one tap on the check button
    row.get_by_role("button", name="Check in Drink water").click()

    # then: the row turns done in place and the summary follows, without navigation
    page.locator(f"#habit-{habit.pk}.habit-row--done").wait_for()
    assert page.locator("#today-summary").inner_text().startswith("1")
    assert HabitLog.objects.filter(habit=habit).count() == 1

    # and undo brings it back
    page.locator(f"#habit-{habit.pk}").get_by_role(
        "button", name="Undo today's check-in for Drink water"
    ).click()
    page.locator(f"#habit-{habit.pk}:not(.habit-row--done)").wait_for()
    assert HabitLog.objects.filter(habit=habit).count() == 0
    assert errors == []


def test_weekday_fields_appear_only_for_that_schedule_on_a_phone(browser, live_server, make_user):
    user = make_user(language="en")
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server, user)
    page.goto(live_server.url + "/habits/new/")
    weekdays = page.locator("fieldset.weekday-picker")
    assert not weekdays.is_visible()
    page.get_by_label("On chosen weekdays").check()
    assert weekdays.is_visible()
    context.close()
