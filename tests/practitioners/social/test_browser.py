"""In a real browser: a new message appears in the open thread without a reload (htmx polling),
and the crisis lines show at once after a message that needs them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from practitioners.services import messaging

from .factories import BookingFactory


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
def test_a_new_message_appears_without_reloading(page, live_server):
    booking = BookingFactory()
    conversation = messaging.conversation_start(
        client=booking.client, practitioner=booking.practitioner
    )
    sign_in(page, live_server, booking.practitioner.user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/practitioners/messages/{conversation.pk}/")
    assert page.locator(".bubble").count() == 0

    messaging.message_send(conversation=conversation, sender=booking.client, body="지금 보이나요?")

    page.locator(".bubble", has_text="지금 보이나요?").wait_for(timeout=12_000)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_client_sees_the_crisis_lines_right_after_sending(page, live_server):
    booking = BookingFactory()
    conversation = messaging.conversation_start(
        client=booking.client, practitioner=booking.practitioner
    )
    sign_in(page, live_server, booking.client)
    page.goto(f"{live_server.url}/practitioners/messages/{conversation.pk}/")
    page.fill("textarea[name=body]", "요즘 너무 힘들어서 죽고 싶다는 생각이 계속 들어요.")
    page.click("button[type=submit]:has-text('보내기')")
    panel = page.locator(".safety-panel")
    panel.wait_for()
    assert "109" in panel.inner_text()
