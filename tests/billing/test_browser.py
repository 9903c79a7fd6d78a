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


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_cancelling_takes_no_more_clicks_than_subscribing(page, live_server, make_user, language):
    user = make_user(email=f"steps-{language}@example.com", language=language)
    sign_in(page, live_server, user)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    clicks = {"subscribe": 0, "cancel": 0}

    def click(journey: str, selector: str) -> None:
        clicks[journey] += 1
        page.click(selector)

    # subscribing: choose the plan, pay
    page.goto(f"{live_server.url}/billing/pricing/")
    click("subscribe", "form[action='/billing/subscribe/premium_monthly/'] button")
    page.wait_for_selector(".billing-test-banner")
    page.fill("input[name=card_number]", "4242 4242 4242 4242")
    page.fill("input[name=expiry]", "12/35")
    click("subscribe", "form[action$='test-card/'] button[type=submit]")
    page.wait_for_selector(".receipt")

    # cancelling: open the cancel box, confirm once (no "are you sure" screens)
    page.goto(f"{live_server.url}/billing/settings/")
    click("cancel", "summary.button")
    cancel = page.locator("form[action='/billing/settings/cancel/'] button[type=submit]")
    end_now = page.locator("form[action='/billing/settings/end-now/'] button[type=submit]")
    # the two ways out look alike (same button style), and the refund is shown before
    assert cancel.get_attribute("class") == end_now.get_attribute("class")
    assert "9,900" in end_now.inner_text()
    click("cancel", "form[action='/billing/settings/end-now/'] button[type=submit]")
    page.wait_for_selector(".receipt")

    assert clicks["cancel"] <= clicks["subscribe"]
    subscription = Subscription.objects.get(user=user)
    assert subscription.status == "canceled"
    assert subscription.payments.get().refunded_amount == 9900


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_user_applies_a_code_and_registers_kakaopay_on_the_checkout_page(
    page, live_server, make_user, language
):
    import os

    from billing.models import Coupon

    Coupon.objects.create(code="HARU30", name="x", kind="percent", percent_off=30, duration="once")
    user = make_user(email=f"kakao-{language}@example.com", language=language)
    sign_in(page, live_server, user)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/billing/pricing/")
    page.locator("form[action='/billing/subscribe/premium_monthly/'] button").click()
    page.wait_for_selector(".billing-test-banner")

    # a wrong code says why, in the page's language, and nothing changes
    page.fill("input[name=code]", "NOPE")
    page.click(".coupon-form button[type=submit]:not([name=remove])")
    error = page.inner_text("#coupon-errors")
    assert ("없는 코드" in error) if language == "ko" else ("no such code" in error)

    # the right code lowers the amount due; then KakaoPay is chosen and registered
    page.fill("input[name=code]", "haru30")
    page.click(".coupon-form button[type=submit]:not([name=remove])")
    page.wait_for_selector(".coupon-applied")
    assert "6,930" in page.inner_text(".billing-checkout")
    page.click("button.pay-method--kakaopay")
    page.wait_for_selector("button.pay-method--kakaopay.is-selected")
    shots = os.environ.get("HARU_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/checkout-kakaopay-coupon-{language}.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{shots}/checkout-kakaopay-coupon-{language}-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 1000})
    page.click(".pay-method-submit")
    page.wait_for_selector(".receipt")

    assert "6,930" in page.inner_text(".receipt__amount")
    assert "HARU30" in page.inner_text(".receipt")
    subscription = Subscription.objects.get(user=user)
    assert subscription.payment_method.easy_pay_provider == "kakaopay"
    if shots:
        page.screenshot(path=f"{shots}/receipt-kakaopay-coupon-{language}.png", full_page=True)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("wallet", ["kakaopay", "tosspay"])
def test_a_paid_course_is_bought_with_a_one_off_easy_pay_wallet_in_korean(
    page, live_server, make_user, wallet
):
    """A course checkout offers the easy-pay wallets; the development gateway stands in for
    the wallet's window, says so, and the course opens for the buyer."""
    from billing.models import Payment
    from content.enums import CourseAccess
    from content.models import Enrolment
    from tests.content.factories import CourseFactory, LessonFactory

    course = CourseFactory(slug="sleep-reset", access=CourseAccess.PAID, price=29_000)
    LessonFactory(course=course, position=1)
    user = make_user(email=f"course-{wallet}@example.com", language="ko")
    sign_in(page, live_server, user)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ko", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/content/courses/sleep-reset/")
    page.locator("form[action='/content/courses/sleep-reset/buy/'] button").click()
    page.wait_for_selector(".billing-test-banner")
    buttons = page.locator("form.pay-methods button")
    assert buttons.all_inner_texts() == ["카드", "카카오페이", "네이버페이", "토스페이"]

    page.click(f"button.pay-method--{wallet}")
    page.wait_for_selector(f"button.pay-method--{wallet}.is-selected")
    stand_in = page.inner_text(".billing-checkout")
    assert "개발용 결제" in stand_in
    assert "실제로 돈이 오가지 않아요" in stand_in
    assert "부가세 포함" in stand_in  # the total line and the VAT note
    page.click(".pay-method-submit")
    page.wait_for_url(f"{live_server.url}/content/courses/sleep-reset/")

    payment = Payment.objects.get(user=user)
    assert (payment.purpose, payment.amount, payment.status) == ("course", 29_000, "approved")
    assert payment.method == "easy_pay"
    assert payment.method_detail.get("easy_pay_provider") == wallet
    assert Enrolment.objects.get(user=user, course=course).payment == payment
