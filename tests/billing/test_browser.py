"""The test-mode journey in a real browser: pricing -> checkout -> receipt -> settings."""

import pytest
from django.conf import settings
from django.test import Client

from billing.models import Subscription


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
def test_user_subscribes_in_test_mode_and_sees_the_receipt(page, live_server, make_user):
    user = make_user(email="browser@example.com")
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/billing/pricing/")
    page.locator("form[action='/billing/subscribe/premium_monthly/'] button").click()
    page.wait_for_selector(".billing-test-banner")
    page.fill("input[name=card_number]", "4242 4242 4242 4242")
    page.fill("input[name=expiry]", "12/35")
    page.click("form[action$='test-card/'] button[type=submit]")
    page.wait_for_selector(".receipt")

    assert "9,900" in page.inner_text(".receipt__amount")
    subscription = Subscription.objects.get(user=user)
    assert subscription.status == "active"
    page.goto(f"{live_server.url}/billing/settings/")
    assert "4242" in page.inner_text("#subscription")
    # cancel through htmx, then resume
    page.click("summary.button")
    page.click("form[action='/billing/settings/cancel/'] button[type=submit]")
    page.wait_for_selector("form[action='/billing/settings/resume/']")
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end
