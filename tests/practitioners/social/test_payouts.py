"""Weekly payouts: exactly what was paid minus Haru's fee and refunds, once per week."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from billing.enums import PayoutStatus
from billing.models import PractitionerPayout
from billing.services import payout_transition
from practitioners.services import payouts
from tests.concurrency import failures, run_in_threads

from .factories import BookingFactory, PractitionerFactory, booking_payment

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
TODAY = datetime.date(2026, 11, 30)  # a Monday: the week paid out is 11-23 .. 11-30
IN_WEEK = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=KST)


def held(practitioner, *, at=IN_WEEK, status="completed"):
    return BookingFactory(
        practitioner=practitioner,
        starts_at=at,
        ends_at=at + datetime.timedelta(minutes=50),
        occupied_from=at,
        occupied_until=at + datetime.timedelta(minutes=50),
        completed_at=at + datetime.timedelta(minutes=50) if status == "completed" else None,
        status=status,
    )


def test_the_week_before_is_monday_to_monday():
    assert payouts.week_before(today=TODAY) == (datetime.date(2026, 11, 23), TODAY)
    assert payouts.week_before(today=datetime.date(2026, 12, 2)) == (
        datetime.date(2026, 11, 23),
        TODAY,
    )


def test_a_payout_sums_exactly_what_was_paid_minus_fees_and_refunds():
    # given three held sessions: one plain, one half refunded, one with an odd fee
    practitioner = PractitionerFactory()
    booking_payment(held(practitioner), amount=50000, platform_fee=10000)
    booking_payment(held(practitioner), amount=50000, platform_fee=10000, refunded=25000)
    booking_payment(held(practitioner), amount=33000, platform_fee=4950)
    # and sessions that must not count: cancelled, not yet held, another practitioner's
    booking_payment(held(practitioner, status="cancelled"), amount=50000, platform_fee=10000)
    booking_payment(held(practitioner, status="confirmed"), amount=50000, platform_fee=10000)
    booking_payment(held(PractitionerFactory()), amount=50000, platform_fee=10000)

    # when the weekly job runs
    created = payouts.payouts_create_for_week(today=TODAY)

    # then one payout per practitioner with held sessions, and the amount is exact
    assert created == 2
    payout = PractitionerPayout.objects.get(practitioner_id=practitioner.pk)
    assert payout.amount == 40000 + 20000 + 28050
    assert payout.payee_id == practitioner.user_id
    assert (payout.period_start, payout.period_end) == (datetime.date(2026, 11, 23), TODAY)
    lines = payouts.payout_statement_lines(payout=payout)
    assert sum(line.share for line in lines) == payout.amount
    assert sum(line.paid - line.platform_fee for line in lines) - 20000 == payout.amount


def test_running_the_week_twice_pays_once():
    practitioner = PractitionerFactory()
    booking_payment(held(practitioner))
    assert payouts.payouts_create_for_week(today=TODAY) == 1
    assert payouts.payouts_create_for_week(today=TODAY) == 0
    assert PractitionerPayout.objects.count() == 1


def test_a_session_held_late_is_paid_the_next_week_and_never_twice():
    practitioner = PractitionerFactory()
    booking_payment(held(practitioner))
    payouts.payouts_create_for_week(today=TODAY)
    later = held(practitioner, at=IN_WEEK + datetime.timedelta(days=7))
    booking_payment(later, amount=60000, platform_fee=12000)
    payouts.payouts_create_for_week(today=TODAY + datetime.timedelta(days=7))
    amounts = sorted(PractitionerPayout.objects.values_list("amount", flat=True))
    assert amounts == [40000, 48000]


def test_a_failed_payout_does_not_block_the_week_again():
    practitioner = PractitionerFactory()
    booking_payment(held(practitioner))
    payouts.payouts_create_for_week(today=TODAY)
    payout = PractitionerPayout.objects.get()
    payout_transition(payout=payout, to_status=PayoutStatus.FAILED, failure_reason="계좌 오류")
    assert payouts.payouts_create_for_week(today=TODAY) == 1
    assert PractitionerPayout.objects.filter(status=PayoutStatus.PENDING).get().amount == 40000


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_overlapping_beats_create_one_payout_per_practitioner_and_week():
    practitioner = PractitionerFactory()
    for _ in range(3):
        booking_payment(held(practitioner))
    results = run_in_threads(4, lambda: payouts.payouts_create_for_week(today=TODAY))
    assert not failures(results)
    assert sorted(results) == [0, 0, 0, 1]
    assert PractitionerPayout.objects.get().amount == 3 * 40000


def test_a_rescheduled_session_is_paid_out_through_the_payment_of_the_booking_it_replaced():
    # given a session paid as one booking, then rescheduled: the held booking is a new row whose
    # seat carries the first booking's payment (which still names the first booking)
    practitioner = PractitionerFactory()
    first = held(practitioner, status="rescheduled")
    payment = booking_payment(first, amount=60000, platform_fee=9000)
    moved = held(practitioner, at=IN_WEEK + datetime.timedelta(days=1))
    moved.participants.update(payment_id=payment.pk)

    # when the weekly job runs
    payouts.payouts_create_for_week(today=TODAY)

    # then the practitioner is paid the share of that payment, once
    payout = PractitionerPayout.objects.get(practitioner_id=practitioner.pk)
    assert payout.amount == 51000
    assert payouts.payouts_create_for_week(today=TODAY) == 0


def test_a_refund_after_a_payout_shows_as_a_clawback_on_the_next_statement(client):
    from django.core import signing
    from django.urls import reverse

    from billing.services import payment_refund

    # given a session paid out last week (share 40,000)
    practitioner = PractitionerFactory()
    last_week = IN_WEEK - datetime.timedelta(days=7)
    first = booking_payment(held(practitioner, at=last_week), amount=50000, platform_fee=10000)
    # the transaction id the development gateway gave this payment (it refunds only its own)
    first.provider_tx_id = signing.dumps(
        {"o": first.order_id, "a": 50000, "b": "신한", "l": "4242", "m": "card", "p": ""},
        salt="billing.dev.tx",
        compress=True,
    )
    first.save(update_fields=["provider_tx_id"])
    payouts.payouts_create_for_week(today=TODAY - datetime.timedelta(days=7))
    paid = PractitionerPayout.objects.get(practitioner_id=practitioner.pk)
    payout_transition(payout=paid, to_status=PayoutStatus.PAID, provider_payout_id="po-1")
    # when the client is refunded half after that payout, and a new session is held this week
    payment_refund(payment=first, amount=25000, reason="cancellation", idempotency_key="late-1")
    booking_payment(held(practitioner), amount=50000, platform_fee=10000)
    payouts.payouts_create_for_week(today=TODAY)

    # then this week's payout takes the 20,000 back and its statement says so
    payout = PractitionerPayout.objects.exclude(pk=paid.pk).get(practitioner_id=practitioner.pk)
    assert payout.amount == 40000 - 20000
    [clawback] = payouts.payout_statement_clawbacks(payout=payout)
    assert (clawback.amount, clawback.source_period_start) == (20000, paid.period_start)
    lines = payouts.payout_statement_lines(payout=payout)
    assert sum(line.share for line in lines) - clawback.amount == payout.amount
    client.force_login(practitioner.user)
    page = client.get(reverse("practitioners:practice_payout", args=[payout.pk]))
    assert "\u221220,000" in page.content.decode()  # a minus sign, then the amount
