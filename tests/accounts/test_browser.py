"""A person in a real browser: sign up, confirm the e-mail, sign in, read a notification."""

from __future__ import annotations

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail

from accounts.models import User
from accounts.services import notify

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_up_confirm_sign_in_and_read_the_inbox(page, live_server):
    # sign up (Korean page)
    Site.objects.clear_cache()  # the row was restored by the serialized rollback
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "browser@example.com")
    page.fill("input[name=password1]", "a-Long-pass-2026")
    page.fill("input[name=password2]", "a-Long-pass-2026")
    page.fill("input[name=nickname]", "브라우저")
    page.check("input[name=agree_terms]")
    page.check("input[name=agree_privacy]")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    user = User.objects.get(email="browser@example.com")
    assert user.timezone  # filled by accounts.js from the browser, or the default

    # confirm the address from the e-mail
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()

    # a notification arrives; the inbox shows it with a badge and marks it read with htmx
    notify(user=user, type="welcome", title="환영해요", body="첫 습관을 골라 보세요.")
    page.goto(f"{live_server.url}/accounts/notifications/")
    if "/accounts/login/" in page.url:
        page.fill("input[name=login]", "browser@example.com")
        page.fill("input[name=password]", "a-Long-pass-2026")
        page.click("form.form button[type=submit]")
        page.goto(f"{live_server.url}/accounts/notifications/")
    assert page.locator(".inbox-item--unread").count() == 1
    assert page.locator("#unread-badge .badge").inner_text() == "1"
    page.click(".inbox-item--unread button:has-text('읽음으로 표시')")
    page.wait_for_selector(".inbox-item--unread", state="detached")
    assert page.locator("#unread-badge .badge").count() == 0
