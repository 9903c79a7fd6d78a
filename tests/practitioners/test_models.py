from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from practitioners.enums import BookingStatus
from practitioners.models import Booking

from .factories import PractitionerFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _booking(service, starts_at, **fields):
    ends_at = starts_at + timedelta(minutes=service.duration_minutes)
    return Booking.objects.create(
        practitioner=service.practitioner,
        service=service,
        starts_at=starts_at,
        ends_at=ends_at,
        occupied_from=fields.pop("occupied_from", starts_at),
        occupied_until=fields.pop("occupied_until", ends_at),
        session_type="video",
        price=service.price,
        **fields,
    )


def test_database_refuses_overlapping_occupying_bookings_of_one_practitioner():
    service = ServiceFactory()
    start = timezone.now() + timedelta(days=2)
    _booking(service, start)
    with pytest.raises(IntegrityError), transaction.atomic():
        _booking(service, start + timedelta(minutes=20))


def test_cancelled_bookings_and_other_practitioners_do_not_block_the_time():
    service = ServiceFactory()
    start = timezone.now() + timedelta(days=2)
    first = _booking(service, start)
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CANCELLED)
    _booking(service, start)
    _booking(ServiceFactory(practitioner=PractitionerFactory()), start)
    assert Booking.objects.count() == 3


def test_back_to_back_bookings_fit_because_spans_are_half_open():
    service = ServiceFactory()
    start = timezone.now() + timedelta(days=2)
    _booking(service, start)
    _booking(service, start + timedelta(minutes=service.duration_minutes))
    assert Booking.objects.count() == 2
