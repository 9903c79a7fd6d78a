"""A refund after a practitioner was paid out is clawed back from their next payout."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.utils import timezone

from billing import services
from billing.exceptions import BillingError
from billing.models import Payment, PayoutAdjustment
from tests.billing.factories import PaymentFactory

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")


def paid_booking(toss, user, practitioner_id, *, amount: int) -> Payment:
    """A booking paid through Toss (20 % platform fee), known to the local Toss server."""
    key = "tpay_" + uuid.uuid4().hex[:20]
    payment = PaymentFactory(
        user=user,
        purpose="booking",
        provider="toss",
        provider_tx_id=key,
        practitioner_id=practitioner_id,
        booking_id=uuid.uuid4(),
        amount=amount,
        platform_fee=amount // 5,
        practitioner_amount=amount - amount // 5,
    )
    toss.app_.payments[key] = toss.app_._payment(
        key=key, order_id=payment.order_id, amount=amount, type_="NORMAL"
    )
    return payment


def week() -> tuple:
    today = timezone.localdate(timezone=KST)
    return today - timedelta(days=1), today + timedelta(days=1)


def pay_out(practitioner_id, payee, booking_ids):
    start, end = week()
    return services.payout_create(
        practitioner_id=practitioner_id,
        payee=payee,
        period_start=start,
        period_end=end,
        method="bank_transfer",
        booking_ids=booking_ids,
    )


def test_a_refund_after_a_paid_payout_is_taken_from_the_next_payout_once(alice, bob, toss):
    practitioner = uuid.uuid4()
    first = paid_booking(toss, alice, practitioner, amount=50000)  # share 40,000
    payout = pay_out(practitioner, bob, [first.booking_id])
    services.payout_transition(payout=payout, to_status="paid", provider_payout_id="po-1")
    assert payout.amount == 40000

    refund = services.payment_refund(
        payment=first, amount=20000, reason="cancellation", idempotency_key="refund-late-1"
    )
    # the same refund again (a retried request) is not clawed back twice
    services.payment_refund(
        payment=first, amount=20000, reason="cancellation", idempotency_key="refund-late-1"
    )

    clawback = PayoutAdjustment.objects.get()
    # 40,000 paid out; 40,000 x 30,000 / 50,000 = 24,000 was the share that is left
    assert (clawback.refund_id, clawback.amount, clawback.source_payout_id) == (
        refund.pk,
        16000,
        payout.pk,
    )
    second = paid_booking(toss, alice, practitioner, amount=30000)  # share 24,000
    next_payout = pay_out(practitioner, bob, [second.booking_id])

    assert next_payout.amount == 24000 - 16000
    clawback.refresh_from_db()
    assert clawback.applied_payout_id == next_payout.pk
    assert list(next_payout.payments.all()) == [second]


def test_a_refund_before_the_payout_only_lowers_the_share(alice, bob, toss):
    practitioner = uuid.uuid4()
    payment = paid_booking(toss, alice, practitioner, amount=50000)
    services.payment_refund(payment=payment, amount=12500, reason="cancellation")

    payout = pay_out(practitioner, bob, [payment.booking_id])

    assert payout.amount == 30000  # 40,000 x 37,500 / 50,000
    assert not PayoutAdjustment.objects.exists()


def test_a_clawback_larger_than_the_next_share_waits_with_it(alice, bob, toss):
    practitioner = uuid.uuid4()
    first = paid_booking(toss, alice, practitioner, amount=100000)  # share 80,000
    services.payout_transition(
        payout=pay_out(practitioner, bob, [first.booking_id]), to_status="paid"
    )
    services.payment_refund(payment=first, reason="cancellation")  # all: claw back 80,000
    small = paid_booking(toss, alice, practitioner, amount=50000)  # share 40,000

    with pytest.raises(BillingError) as raised:
        pay_out(practitioner, bob, [small.booking_id])
    assert raised.value.code == "nothing_to_pay"

    bigger = paid_booking(toss, alice, practitioner, amount=75000)  # share 60,000
    payout = pay_out(practitioner, bob, [small.booking_id, bigger.booking_id])
    assert payout.amount == 40000 + 60000 - 80000
    assert PayoutAdjustment.objects.get().applied_payout_id == payout.pk


def test_canceling_the_payout_that_took_a_clawback_puts_it_back_in_line(alice, bob, toss):
    practitioner = uuid.uuid4()
    first = paid_booking(toss, alice, practitioner, amount=50000)
    services.payout_transition(
        payout=pay_out(practitioner, bob, [first.booking_id]), to_status="paid"
    )
    services.payment_refund(payment=first, amount=10000, reason="cancellation")  # 8,000 back
    second = paid_booking(toss, alice, practitioner, amount=20000)  # share 16,000
    taken = pay_out(practitioner, bob, [second.booking_id])
    assert taken.amount == 8000

    services.payout_transition(payout=taken, to_status="canceled")
    again = pay_out(practitioner, bob, [second.booking_id])

    assert again.amount == 8000
    assert PayoutAdjustment.objects.get().applied_payout_id == again.pk


def test_canceling_the_payout_a_refund_came_after_voids_its_clawback(alice, bob, toss):
    practitioner = uuid.uuid4()
    first = paid_booking(toss, alice, practitioner, amount=50000)
    pending = pay_out(practitioner, bob, [first.booking_id])
    services.payment_refund(payment=first, amount=10000, reason="cancellation")
    assert PayoutAdjustment.objects.get().amount == 8000

    services.payout_transition(payout=pending, to_status="canceled")
    again = pay_out(practitioner, bob, [first.booking_id])

    assert again.amount == 32000  # collected again at its reduced share, no double take
    assert PayoutAdjustment.objects.get().voided_at is not None


def race(*jobs) -> list[BaseException]:
    """Run ``jobs`` at once, each on its own database connection; return what they raised."""
    connection.close()
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_a_refund_racing_the_payout_is_counted_exactly_once(make_user, toss):
    """A refund and the payout run on two connections at once: whichever locks the payment
    first, the practitioner ends up with the reduced share (payout minus waiting clawback)."""
    client, payee = make_user(email="client@example.com"), make_user(email="pr@example.com")
    for attempt in range(3):
        practitioner = uuid.uuid4()
        payment = paid_booking(toss, client, practitioner, amount=60000)  # share 48,000

        errors = race(
            lambda p=payment: services.payment_refund(
                payment=p, amount=15000, reason="cancellation"
            ),
            lambda p=payment, pr=practitioner: pay_out(pr, payee, [p.booking_id]),
        )

        assert errors == [], attempt
        payment.refresh_from_db()
        assert payment.refunded_amount == 15000
        made = payment.payouts.get()
        owed = sum(a.amount for a in PayoutAdjustment.objects.filter(practitioner_id=practitioner))
        assert made.amount - owed == 36000  # 48,000 x 45,000 / 60,000
