"""Buying a paid course once through billing: checkout → development gateway → enrolled,
exactly once; refused for free, plan-only and owned courses; others' checkouts stay theirs;
a refund closes the course; bought courses do not count toward the plan's course limit."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from billing.enums import CheckoutPurpose, PaymentPurpose, PaymentStatus, RefundReason
from billing.gateways.dev import APPROVED_CARD
from billing.models import Checkout, Payment
from billing.services import payment_refund
from billing.services.fulfilment import payment_fulfil
from content.enums import CourseAccess
from content.exceptions import (
    CourseAlreadyOwnedError,
    CourseLimitReachedError,
    CourseNotForSaleError,
    PremiumRequiredError,
)
from content.models import Course, Enrolment
from content.services.courses import (
    course_enrol,
    course_purchase_start,
    lesson_complete,
)
from tests.concurrency import failures, run_in_threads

from .factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_course():
    course = CourseFactory(slug="sleep-reset", access=CourseAccess.PAID, price=29_000)
    LessonFactory(course=course, position=1)
    return course


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pay(browser: Client, checkout: Checkout, key: str = "pay-1"):
    return browser.post(
        f"/billing/checkout/{checkout.pk}/test-card/",
        {
            "card_number": APPROVED_CARD,
            "expiry": f"12/{(timezone.now().year + 2) % 100:02d}",
            "amount": checkout.amount,
            "idempotency_key": key,
        },
    )


def _buy_through_pages(user, course) -> tuple[Client, Checkout]:
    browser = _signed_in(user)
    started = browser.post(f"/content/courses/{course.slug}/buy/", {"idempotency_key": "buy-1"})
    checkout = Checkout.objects.get(user=user)
    assert started.status_code == 302
    assert started["Location"] == f"/billing/checkout/{checkout.pk}/"
    paid = _pay(browser, checkout)
    assert paid.status_code == 302
    assert paid["Location"] == f"/content/courses/{course.slug}/"
    return browser, checkout


def test_course_page_offers_the_purchase_at_its_vat_inclusive_price_beside_premium(
    client, alice, paid_course
):
    client.force_login(alice)
    page = client.get("/content/courses/sleep-reset/").content.decode()
    assert "29,000원" in page  # Korean pages write won amounts the Korean way
    assert "/content/courses/sleep-reset/buy/" in page
    assert "프리미엄" in page


def test_buying_with_the_development_gateway_enrols_the_buyer_and_returns_to_the_course(
    alice, paid_course
):
    browser, _ = _buy_through_pages(alice, paid_course)

    enrolment = Enrolment.objects.get(user=alice, course=paid_course)
    payment = Payment.objects.get(user=alice)
    assert enrolment.payment == payment
    assert payment.purpose == PaymentPurpose.COURSE
    assert payment.product_id == paid_course.pk
    assert payment.amount == 29_000
    page = browser.get("/content/courses/sleep-reset/").content.decode()
    assert 'role="progressbar"' in page
    assert "/buy/" not in page
    # the receipt names the course in the reader's language
    receipt = browser.get(f"/billing/receipts/{payment.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    assert receipt.status_code == 200
    assert "마음 챙김 7일" in receipt.content.decode()


def test_a_payment_confirmed_again_by_webhook_lookup_or_a_second_post_enrols_once(
    alice, paid_course
):
    browser, checkout = _buy_through_pages(alice, paid_course)
    payment = Payment.objects.get(user=alice)

    with transaction.atomic():  # what the webhook and the pending lookup call
        payment_fulfil(payment=payment)
    payment_fulfil(payment=payment)
    again = _pay(browser, checkout, key="pay-2")

    assert again.status_code == 302
    assert Payment.objects.filter(user=alice).count() == 1
    assert Enrolment.objects.filter(user=alice, course=paid_course).count() == 1
    assert Course.objects.get(pk=paid_course.pk).enrolment_count == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirmations_of_one_payment_enrol_once(alice, paid_course):
    checkout = course_purchase_start(user=alice, course=paid_course)
    _pay(_signed_in(alice), checkout)
    Enrolment.objects.filter(user=alice).delete()
    Course.objects.filter(pk=paid_course.pk).update(enrolment_count=0)
    payment = Payment.objects.get(user=alice)

    def confirm() -> None:
        with transaction.atomic():
            payment_fulfil(payment=Payment.objects.select_for_update().get(pk=payment.pk))

    assert failures(run_in_threads(2, confirm)) == []
    assert Enrolment.objects.filter(user=alice, course=paid_course).count() == 1
    assert Course.objects.get(pk=paid_course.pk).enrolment_count == 1


def test_free_plan_only_and_already_owned_courses_refuse_a_purchase(alice, paid_course):
    with pytest.raises(CourseNotForSaleError):
        course_purchase_start(user=alice, course=CourseFactory())
    with pytest.raises(CourseNotForSaleError):
        course_purchase_start(user=alice, course=CourseFactory(access=CourseAccess.PLAN))
    with pytest.raises(CourseNotForSaleError):
        course_purchase_start(
            user=alice,
            course=CourseFactory(access=CourseAccess.PAID, price=1000, is_published=False),
        )
    _buy_through_pages(alice, paid_course)
    with pytest.raises(CourseAlreadyOwnedError):
        course_purchase_start(user=alice, course=paid_course)


def test_purchase_api_opens_a_checkout_and_answers_400_for_bad_cases(alice_api, alice, paid_course):
    free = CourseFactory(slug="free-one")
    started = alice_api.post(
        "/api/v1/content/courses/sleep-reset/purchase/", HTTP_IDEMPOTENCY_KEY="api-1"
    )
    replay = alice_api.post(
        "/api/v1/content/courses/sleep-reset/purchase/", HTTP_IDEMPOTENCY_KEY="api-1"
    )
    refused = alice_api.post(
        f"/api/v1/content/courses/{free.slug}/purchase/", HTTP_IDEMPOTENCY_KEY="api-2"
    )
    missing = alice_api.post(
        "/api/v1/content/courses/no-such-course/purchase/", HTTP_IDEMPOTENCY_KEY="api-3"
    )

    assert started.status_code == 201, started.content
    body = started.json()
    checkout = Checkout.objects.get(user=alice)
    assert body["checkout_id"] == str(checkout.pk)
    assert body["checkout_url"] == f"/billing/checkout/{checkout.pk}/"
    assert body["amount"] == 29_000
    assert checkout.purpose == CheckoutPurpose.COURSE
    assert replay.json()["checkout_id"] == body["checkout_id"]  # one checkout per key
    assert Checkout.objects.filter(user=alice).count() == 1
    assert refused.status_code == 400
    assert missing.status_code == 404

    _pay(_signed_in(alice), checkout)
    owned = alice_api.post(
        "/api/v1/content/courses/sleep-reset/purchase/", HTTP_IDEMPOTENCY_KEY="api-4"
    )
    assert owned.status_code == 400


def test_another_user_cannot_use_or_see_someone_elses_purchase(alice, bob, paid_course):
    _, checkout = _buy_through_pages(alice, paid_course)
    thief = _signed_in(bob)

    assert thief.get(f"/billing/checkout/{checkout.pk}/").status_code == 404
    assert _pay(thief, checkout, key="steal").status_code == 404
    page = thief.get("/content/courses/sleep-reset/").content.decode()
    assert "/content/courses/sleep-reset/buy/" in page
    assert not Enrolment.objects.filter(user=bob).exists()
    with pytest.raises(PremiumRequiredError):
        course_enrol(user=bob, course=paid_course)


def test_a_refund_of_the_payment_closes_the_course_again(alice, paid_course):
    browser, _ = _buy_through_pages(alice, paid_course)
    enrolment = Enrolment.objects.get(user=alice)
    payment = Payment.objects.get(user=alice)

    payment_refund(payment=payment, reason=RefundReason.CUSTOMER_REQUEST, idempotency_key="r-1")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    page = browser.get("/content/courses/sleep-reset/").content.decode()
    assert "/content/courses/sleep-reset/buy/" in page
    assert 'role="progressbar"' not in page
    with pytest.raises(PremiumRequiredError):
        lesson_complete(enrolment=enrolment, lesson=paid_course.lessons.get())
    # and it can be bought again
    assert course_purchase_start(user=alice, course=paid_course).amount == 29_000


def test_bought_courses_do_not_count_toward_the_plan_course_limit(alice, paid_course):
    _buy_through_pages(alice, paid_course)
    course_enrol(user=alice, course=CourseFactory())  # the free plan's one course

    with pytest.raises(CourseLimitReachedError):
        course_enrol(user=alice, course=CourseFactory())
