"""The library and an attendance event in a real browser, on a 390 px wide phone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from content.models import Attendance

from .factories import EventFactory, EventRewardFactory, published_item


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_user_searches_with_a_particle_reads_and_stamps_the_event_on_a_phone(
    page, live_server, make_user
):
    user = make_user(email="reader@example.com")
    published_item(
        ko=("아침 명상", "숨을 고르며 시작해요. <img src=x onerror=\"document.title='xss'\">"),
        slug="morning",
    )
    event = EventFactory(slug="dec")
    EventRewardFactory(event=event, points=10)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/content/")
    page.fill("#content-q", "명상을")
    page.click(".content-search button[type=submit]")
    page.click("text=아침 명상")
    page.wait_for_selector(".prose")

    assert "숨을 고르며" in page.inner_text(".prose")
    assert page.title() != "xss"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    page.goto(f"{live_server.url}/content/events/dec/")
    page.click(".event-status button[type=submit]")
    page.wait_for_selector(".stamp-calendar td.is-stamped")
    assert "10" in page.inner_text(".messages")
    assert Attendance.objects.filter(user=user, event=event).count() == 1
