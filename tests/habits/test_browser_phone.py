"""Phones and Korean, in a real browser: the pages a person meets first fit a 390 px screen
without sideways scrolling, and a Korean page shows no English UI text."""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from core.management.commands.catalogues import catalogue_files
from habits import services

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SIGNED_OUT_PAGES = ["/", "/billing/pricing/", "/accounts/login/", "/accounts/signup/"]
SIGNED_IN_PAGES = [
    "/habits/",
    "/habits/manage/",
    "/billing/pricing/",
    "/billing/settings/",
    "/habits/achievements/",
    "/accounts/profile/",
    "/accounts/security/",
]
# Two or more English words in a row: a sentence or label that was not translated.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]{2,}(?:[ \-'][A-Za-z][a-z]+)+\b")
ALLOWED_ENGLISH = {"Haru"}  # the brand, spelled out in the footer of every language


@cache
def english_ui_strings() -> frozenset[str]:
    """Every English msgid Haru translates into Korean (our catalogues and the overrides)."""
    msgids: set[str] = set()
    for mo_file in catalogue_files(Path(settings.BASE_DIR)):
        if mo_file.suffix != ".mo":
            continue
        with mo_file.open("rb") as handle:
            for key, korean in gettext.GNUTranslations(handle)._catalog.items():
                msgid = key[0] if isinstance(key, tuple) else key
                if (
                    len(msgid) >= 4
                    and korean != msgid
                    and re.search(r"[a-z]{3}", msgid)
                    and not re.search(r"%|\{|<", msgid)
                ):
                    msgids.add(msgid.strip())
    return frozenset(msgids)


def visible_text(page) -> str:
    """What a person reads: the body's text without form choices (time zone names in a
    select are data, not UI), scripts or styles."""
    return page.evaluate(
        """() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('select, script, style, template').forEach(e => e.remove());
            document.documentElement.appendChild(body);
            const text = body.innerText;
            body.remove();
            return text;
        }"""
    )


def english_on(page) -> list[str]:
    text = visible_text(page)
    found = {run for run in ENGLISH_RUN.findall(text) if run not in ALLOWED_ENGLISH}
    for msgid in english_ui_strings():
        if re.search(rf"(?<![A-Za-z]){re.escape(msgid)}(?![A-Za-z])", text):
            found.add(msgid)
    return sorted(found)


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_korean_ui_check_knows_english_when_it_sees_it(browser, live_server):
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/billing/pricing/")

    assert "Compare plans" in english_on(page)
    context.close()


def test_pages_fit_a_phone_and_speak_only_korean(browser, live_server, make_user):
    # given: a Korean-speaking user with habits, on a 390 px phone
    user = make_user(language="ko", nickname="하루", email="h1@haru.kr")
    for name in ("물 8잔 마시기", "10분 명상", "30분 달리기"):
        services.habit_create(user=user, name=name)
    context = browser.new_context(locale="ko-KR", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: dict[str, object] = {}

    # when: they visit the pages before and after signing in
    for path in SIGNED_OUT_PAGES:
        page.goto(live_server.url + path)
        if (width := overflow(page)) > PHONE["width"]:
            problems[f"{path} width"] = width
        if english := english_on(page):
            problems[f"{path} English"] = english
    sign_in(page, live_server, user)
    for path in SIGNED_IN_PAGES:
        page.goto(live_server.url + path)
        assert page.url.endswith(path), page.url  # really signed in, not the sign-in page
        assert page.locator("html").get_attribute("lang") == "ko"
        if (width := overflow(page)) > PHONE["width"]:
            problems[f"{path} width"] = width
        if english := english_on(page):
            problems[f"{path} English"] = english

    # then
    assert problems == {}
    context.close()


def test_pricing_and_dashboard_fit_390_px_in_english_too(browser, live_server, make_user):
    user = make_user(language="en")
    services.habit_create(user=user, name="Drink eight glasses of water every single day")
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server, user)

    for path in ("/billing/pricing/", "/habits/", "/habits/manage/"):
        page.goto(live_server.url + path)
        assert overflow(page) <= PHONE["width"], path
    context.close()
