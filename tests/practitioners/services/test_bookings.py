"""Holding, paying, cancelling with refund tiers, and the database refusing double bookings."""

from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from billing.enums import PaymentPurpose, PaymentStatus
from billing.gateways.dev import APPROVED_CARD
from billing.models import Payment, Refund
from billing.services import checkout_pay_with_test_card
from practitioners import services
from practitioners.enums import BookingStatus, SeatStatus
from practitioners.exceptions import SessionFull, SlotUnavailable
from practitioners.models import Booking, BookingParticipant, BookingStatusLog
from tests.concurrency import failures, run_each_in_thread

from ..conftest import tomorrow_at
from ..factories import UserFactory


def _pay(hold):
    checkout = services.booking_checkout_start(hold=hold)
    year = timezone.now().year + 2
    checkout_pay_with_test_card(
        checkout=checkout,
        number=APPROVED_CARD,
        expiry_month=12,
        expiry_year=year,
        amount=checkout.amount,
    )
    return Payment.objects.get(order_id=checkout.order_id)


@pytest.mark.django_db
def test_paying_the_checkout_confirms_the_booking_with_fee_and_share(open_service):
    client = UserFactory()
    hold = services.booking_hold(
        client=client, service=open_service, starts_at=tomorrow_at(10), session_type="video"
    )
    assert hold.booking.status == BookingStatus.PENDING

    payment = _pay(hold)

    hold.booking.refresh_from_db()
    hold.seat.refresh_from_db()
    assert hold.booking.status == BookingStatus.CONFIRMED
    assert hold.seat.status == SeatStatus.CONFIRMED
    assert hold.seat.payment_id == payment.pk
    assert payment.purpose == PaymentPurpose.BOOKING
    assert payment.booking_id == hold.booking.pk
    assert payment.amount == 50000
    assert payment.platform_fee == 7500  # 15 %
    assert payment.practitioner_amount == 42500
    assert list(
        BookingStatusLog.objects.filter(booking=hold.booking).values_list(
            "from_status", "to_status"
        )
    ) == [("", "pending"), ("pending", "confirmed")]


@pytest.mark.django_db
def test_a_held_slot_cannot_be_held_by_someone_else(open_service):
    services.booking_hold(
        client=UserFactory(), service=open_service, starts_at=tomorrow_at(10), session_type="video"
    )
    with pytest.raises(SlotUnavailable) as caught:
        services.booking_hold(
            client=UserFactory(),
            service=open_service,
            starts_at=tomorrow_at(10, 30),
            session_type="video",
        )
    assert caught.value.status_code == 409


@pytest.mark.django_db
def test_an_expired_hold_frees_the_slot_for_the_next_client(open_service):
    first = services.booking_hold(
        client=UserFactory(), service=open_service, starts_at=tomorrow_at(10), session_type="video"
    )
    later = timezone.now() + timedelta(minutes=30)
    second = services.booking_hold(
        client=UserFactory(),
        service=open_service,
        starts_at=tomorrow_at(10),
        session_type="video",
        now=later,
    )
    first.booking.refresh_from_db()
    assert first.booking.status == BookingStatus.CANCELLED
    assert second.booking.status == BookingStatus.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours_before", "refund"),
    [(48, 50000), (24, 50000), (23, 25000), (2, 25000), (1, 0)],
)
def test_cancellation_refunds_follow_the_service_tiers_to_the_won(
    open_service, hours_before, refund
):
    # given a paid booking (tiers: 100 % from 24 h, 50 % from 2 h, nothing after)
    client = UserFactory()
    starts_at = tomorrow_at(23)
    hold = services.booking_hold(
        client=client, service=open_service, starts_at=starts_at, session_type="video"
    )
    payment = _pay(hold)
    seat = BookingParticipant.objects.get(pk=hold.seat.pk)
    # when the client cancels hours_before the start
    quote = services.booking_cancel_seat(
        seat=seat,
        actor=client,
        now=starts_at - timedelta(hours=hours_before),  # exactly on a tier counts
    )
    # then
    assert quote.amount == refund
    payment.refresh_from_db()
    assert payment.refunded_amount == refund
    assert sum(Refund.objects.filter(payment=payment).values_list("amount", flat=True)) == refund
    booking = Booking.objects.get(pk=hold.booking.pk)
    assert booking.status == BookingStatus.CANCELLED


@pytest.mark.django_db
def test_odd_prices_round_the_refund_down_to_the_won(open_service):
    open_service.price = 33333
    open_service.save()
    client = UserFactory()
    starts_at = tomorrow_at(22)
    hold = services.booking_hold(
        client=client, service=open_service, starts_at=starts_at, session_type="video"
    )
    _pay(hold)
    seat = BookingParticipant.objects.get(pk=hold.seat.pk)
    quote = services.booking_cancel_seat(
        seat=seat, actor=client, now=starts_at - timedelta(hours=5)
    )
    assert quote.amount == 16666


@pytest.mark.django_db
def test_practitioner_cancellation_refunds_every_seat_in_full(open_service):
    client = UserFactory()
    starts_at = tomorrow_at(21)
    hold = services.booking_hold(
        client=client, service=open_service, starts_at=starts_at, session_type="video"
    )
    payment = _pay(hold)
    refunded = services.booking_cancel_by_practitioner(
        booking=hold.booking, actor=open_service.practitioner.user, reason="아파요"
    )
    assert refunded == 50000
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED


@pytest.mark.django_db
def test_group_session_fills_its_seats_then_refuses(group_service):
    starts_at = tomorrow_at(19)
    holds = [
        services.booking_hold(
            client=UserFactory(), service=group_service, starts_at=starts_at, session_type="video"
        )
        for _ in range(5)
    ]
    assert len({h.booking.pk for h in holds}) == 1
    with pytest.raises(SessionFull):
        services.booking_hold(
            client=UserFactory(), service=group_service, starts_at=starts_at, session_type="video"
        )
    assert Booking.objects.get(pk=holds[0].booking.pk).seats_taken == 5


def _race(attempts: int, book) -> tuple[list, list]:
    outcomes = run_each_in_thread(range(attempts), book)
    refusals = [o for o in outcomes if isinstance(o, (SlotUnavailable, SessionFull))]
    errors = [o for o in failures(outcomes) if o not in refusals]
    assert not errors, errors[:3]
    wins = [o for o in outcomes if not isinstance(o, Exception)]
    return wins, refusals


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_one_hundred_concurrent_attempts_on_one_slot_make_exactly_one_booking(open_service):
    clients = [UserFactory() for _ in range(100)]
    starts_at = tomorrow_at(15)
    connections.close_all()

    wins, refusals = _race(
        100,
        lambda i: services.booking_hold(
            client=clients[i], service=open_service, starts_at=starts_at, session_type="video"
        ),
    )

    assert len(wins) == 1
    assert len(refusals) == 99
    assert all(r.status_code == 409 for r in refusals)
    assert Booking.objects.filter(practitioner=open_service.practitioner).count() == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_five_seat_group_session_takes_exactly_five_of_thirty_concurrent_clients(group_service):
    clients = [UserFactory() for _ in range(30)]
    starts_at = tomorrow_at(18)
    connections.close_all()

    wins, refusals = _race(
        30,
        lambda i: services.booking_hold(
            client=clients[i], service=group_service, starts_at=starts_at, session_type="video"
        ),
    )

    assert len(wins) == 5
    assert len(refusals) == 25
    booking = Booking.objects.get(practitioner=group_service.practitioner)
    assert booking.seats_taken == 5
    assert booking.participants.filter(status=SeatStatus.HELD).count() == 5
