"""Factories of the social half (bookings as the core makes them, reviews, threads, records)."""

from __future__ import annotations

import datetime
import uuid

import factory
from django.utils import timezone

from billing.enums import PaymentPurpose, PaymentStatus, Provider
from billing.models import Payment
from practitioners.models import Booking, BookingParticipant
from tests.practitioners.factories import PractitionerFactory, ServiceFactory, UserFactory

__all__ = ["BookingFactory", "PractitionerFactory", "UserFactory", "booking_payment"]


class BookingFactory(factory.django.DjangoModelFactory):
    """A one-to-one session that took place (completed) a few days ago."""

    class Meta:
        model = Booking
        skip_postgeneration_save = True

    practitioner = factory.SubFactory(PractitionerFactory)
    service = factory.LazyAttribute(lambda o: ServiceFactory(practitioner=o.practitioner))
    client = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() - datetime.timedelta(days=3)).replace(microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=50))
    occupied_from = factory.LazyAttribute(lambda o: o.starts_at)
    occupied_until = factory.LazyAttribute(lambda o: o.ends_at)
    session_type = "video"
    status = "completed"
    price = 50000
    currency = "KRW"
    completed_at = factory.LazyAttribute(lambda o: o.ends_at)

    @factory.post_generation
    def seat(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook signature
        if create and obj.client_id:
            BookingParticipant.objects.create(
                booking=obj,
                user_id=obj.client_id,
                status="confirmed",
                price=obj.price,
                currency=obj.currency,
            )


def booking_payment(
    booking: Booking,
    *,
    amount: int = 50000,
    platform_fee: int = 10000,
    refunded: int = 0,
    approved_at: datetime.datetime | None = None,
    user=None,
) -> Payment:
    """The billing payment of a booking, as the checkout leaves it (paid)."""
    status = PaymentStatus.APPROVED
    if refunded:
        status = PaymentStatus.REFUNDED if refunded == amount else PaymentStatus.PARTIALLY_REFUNDED
    return Payment.objects.create(
        user=user or booking.client,
        purpose=PaymentPurpose.BOOKING,
        provider=Provider.DEV,
        order_id=f"haru_{uuid.uuid4().hex[:20]}",
        order_name="상담",
        idempotency_key=uuid.uuid4().hex,
        amount=amount,
        refunded_amount=refunded,
        status=status,
        requested_at=approved_at or booking.starts_at - datetime.timedelta(days=2),
        approved_at=approved_at or booking.starts_at - datetime.timedelta(days=2),
        booking_id=booking.pk,
        practitioner_id=booking.practitioner_id,
        platform_fee=platform_fee,
        practitioner_amount=amount - platform_fee,
    )
