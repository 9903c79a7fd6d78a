"""What a Korean member sees on a 390 px phone: the practitioners directory and a profile, the
content library and the support pages fit the screen and show no English interface text.

The English strings below are ones a look-over found on Korean pages (a raw time-zone name,
language codes, the English interface wording of these pages); user content in the fixtures is
Korean, so any other English word of four letters or more is a leak too.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from ops_admin.models import SupportCategory
from ops_admin.services import support as support_services
from tests.content.factories import published_item
from tests.practitioners.factories import (
    AvailabilityRuleFactory,
    PractitionerFactory,
    ServiceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Seen on Korean pages before the fix, or the English wording of these pages' own labels.
ENGLISH_UI_STRINGS = [
    "Asia/Seoul",
    "ko, en",
    "Skip to content",
    "Find an expert",
    "My sessions",
    "Search",
    "Languages",
    "Next free times",
    "Times are",
    "Choose a time",
    "Library",
    "Courses",
    "Ask a question",
    "My inquiries",
    "What is it about",
    "Received",
    "Sign out",
]
# English a Korean page may show on purpose: a language named in its own language, file types.
ALLOWED_ENGLISH_WORDS = {"English", "JPEG", "WebP"}


def _signed_in_phone(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _english_on(page) -> list[str]:
    text = page.inner_text("body")
    found = [s for s in ENGLISH_UI_STRINGS if re.search(rf"(?<![A-Za-z]){re.escape(s)}", text)]
    words = set(re.findall(r"[A-Za-z]{4,}", text)) - ALLOWED_ENGLISH_WORDS
    return found + sorted(words)


def test_korean_pages_fit_a_phone_and_show_no_english_interface_text(
    browser, live_server, make_user
):
    # given: a Korean member, a counsellor who speaks Korean and English, an article, an inquiry
    member = make_user(email="phone@example.com", nickname="하루", language="ko")
    practitioner = PractitionerFactory(
        slug="kim", display_name="김하늘", languages=["ko", "en"], bio_ko="편하게 이야기해요."
    )
    ServiceFactory(practitioner=practitioner)
    AvailabilityRuleFactory(practitioner=practitioner, weekday=0)  # free times every Monday
    published_item(ko=("아침 명상", "숨을 고르며 시작해요."), slug="morning")
    inquiry = support_services.inquiry_create(
        user=member,
        # the data migration's category, unless an earlier transactional test flushed it
        category=SupportCategory.objects.get_or_create(
            code="payment",
            defaults={"name_ko": "결제·환불", "name_en": "Payments", "team": "billing"},
        )[0],
        subject="결제가 두 번 됐어요",
        message="어제 결제가 두 번 승인됐어요.",
    )
    context, page = _signed_in_phone(browser, live_server, member)

    for path in (
        "/practitioners/",
        "/practitioners/p/kim/",
        "/content/",
        "/support/new/",
        "/support/",
        f"/support/{inquiry.pk}/",
    ):
        # when
        response = page.goto(live_server.url + path)

        # then: the page is Korean, no wider than the phone, with no English interface text
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == "ko", path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide"
        assert _english_on(page) == [], path

    # and the profile names the languages and the time zone in Korean
    page.goto(live_server.url + "/practitioners/p/kim/")
    body = page.inner_text("body")
    assert "한국어, 영어" in body
    assert "한국 시간" in body
    # and the language switch names English in English, so an English speaker finds it
    assert page.locator("#lang-select option[value=en]").inner_text() == "English"
    context.close()
