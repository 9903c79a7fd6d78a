"""Pages: others' bookings answer 404, lists keep a fixed query count, the booking flow
goes slot → checkout → confirmation."""

import pytest
from django.test import Client
from django.utils import timezone

from billing.gateways.dev import APPROVED_CARD
from billing.models import Checkout
from practitioners import services
from practitioners.enums import BookingStatus
from practitioners.models import Booking

from .conftest import tomorrow_at
from .factories import PractitionerFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_no_one_opens_another_clients_booking_pages(open_service):
    alice, bob = UserFactory(), UserFactory()
    hold = services.booking_hold(
        client=alice, service=open_service, starts_at=tomorrow_at(9), session_type="video"
    )
    pk = hold.booking.pk
    as_bob = signed_in(bob)
    assert as_bob.get(f"/practitioners/sessions/{pk}/").status_code == 404
    assert as_bob.get(f"/practitioners/sessions/{pk}/calendar.ics").status_code == 404
    assert as_bob.post(f"/practitioners/sessions/{pk}/cancel/", {}).status_code == 404
    assert as_bob.post(f"/practitioners/sessions/{pk}/reschedule/", {}).status_code == 404
    # another practitioner cannot act on it either
    other = PractitionerFactory()
    as_other = signed_in(other.user)
    assert as_other.post(f"/practitioners/desk/sessions/{pk}/complete/").status_code == 404
    assert as_other.get(f"/practitioners/desk/services/{open_service.pk}/").status_code == 404
    assert Booking.objects.get(pk=pk).status == BookingStatus.PENDING
    # its owner and its practitioner can
    assert signed_in(alice).get(f"/practitioners/sessions/{pk}/").status_code == 200
    assert (
        signed_in(open_service.practitioner.user).get(f"/practitioners/sessions/{pk}/").status_code
        == 200
    )


def test_booking_flow_from_slot_to_checkout_to_confirmation(open_service):
    client_user = UserFactory()
    browser = signed_in(client_user)
    slug = open_service.practitioner.slug
    picker = browser.get(f"/practitioners/p/{slug}/s/{open_service.pk}/")
    assert picker.status_code == 200
    start = tomorrow_at(14)
    held = browser.post(
        f"/practitioners/p/{slug}/s/{open_service.pk}/hold/",
        {"starts_at": start.isoformat(), "session_type": "video", "idempotency_key": "k-1"},
    )
    assert held.status_code == 302
    checkout = Checkout.objects.get(user=client_user)
    assert held["Location"] == f"/billing/checkout/{checkout.pk}/"
    paid = browser.post(
        f"/billing/checkout/{checkout.pk}/test-card/",
        {
            "card_number": APPROVED_CARD,
            "expiry": f"12/{(timezone.now().year + 2) % 100:02d}",
            "amount": checkout.amount,
            "idempotency_key": "k-2",
        },
    )
    booking = Booking.objects.get(participants__user=client_user)
    assert paid.status_code == 302
    assert paid["Location"] == f"/practitioners/sessions/{booking.pk}/"
    assert booking.status == BookingStatus.CONFIRMED
    # a second client choosing the same time is told it is taken
    late = signed_in(UserFactory()).post(
        f"/practitioners/p/{slug}/s/{open_service.pk}/hold/",
        {"starts_at": start.isoformat(), "session_type": "video", "idempotency_key": "k-3"},
        follow=True,
    )
    assert "다른 시간을 골라 주세요" in late.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_pages_keep_a_fixed_query_count(open_service, size, django_assert_max_num_queries):
    client_user = UserFactory()
    for hour in range(size):
        ServiceFactory(practitioner=PractitionerFactory())
        services.booking_hold(
            client=client_user if hour % 2 == 0 else UserFactory(),
            service=open_service,
            starts_at=tomorrow_at(hour),
            session_type="video",
        )
    with django_assert_max_num_queries(12):
        assert Client().get("/practitioners/").status_code == 200
    as_client = signed_in(client_user)
    with django_assert_max_num_queries(16):
        assert as_client.get("/practitioners/sessions/").status_code == 200
    as_practitioner = signed_in(open_service.practitioner.user)
    with django_assert_max_num_queries(16):
        assert as_practitioner.get("/practitioners/desk/").status_code == 200
    with django_assert_max_num_queries(16):
        assert as_practitioner.get("/practitioners/desk/calendar/").status_code == 200
