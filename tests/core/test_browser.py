import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_landing_in_korean_then_english_through_the_language_switch(page, live_server):
    # given: a Korean-speaking visitor
    page.goto(live_server.url + "/")

    # then: the page is Korean, styled, and the hero is visible
    assert page.locator("html").get_attribute("lang") == "ko"
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "오늘을 돌보세요. 나머지는 하루가 기억할게요."
    )
    # the stylesheet loaded (it is the only place this font stack is named)
    assert "Pretendard" in page.locator("body").evaluate("el => getComputedStyle(el).fontFamily")
    assert page.evaluate("() => typeof window.htmx") == "object"

    # when: they switch the language to English (the switch submits itself)
    with page.expect_navigation():
        page.select_option("#lang-select", "en")

    # then
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Take care of today. Haru remembers the rest."
    )


def test_landing_has_no_console_errors_on_a_phone(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(live_server.url + "/")

    assert errors == []
    # nothing overflows sideways on a narrow screen
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()
