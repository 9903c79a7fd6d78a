from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from billing.enums import PaymentPurpose, PaymentStatus, Provider, SubscriptionStatus
from billing.models import Payment, PaymentMethod, Plan, Subscription


def plan(code: str = "premium_monthly") -> Plan:
    return Plan.objects.get(code=code)


class PaymentMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentMethod

    provider = Provider.DEV
    billing_key = factory.LazyFunction(lambda: f"bk_{uuid.uuid4().hex}")
    customer_key = factory.LazyFunction(lambda: f"ck_{uuid.uuid4().hex}")
    billing_key_digest = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.billing_key.encode()).hexdigest()
    )
    brand = "신한"
    last_four = "4242"
    is_default = False


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    plan = factory.LazyFunction(plan)
    status = SubscriptionStatus.ACTIVE
    provider = Provider.DEV
    payment_method = factory.LazyAttribute(lambda o: PaymentMethodFactory(user=o.user))
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    current_period_start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    current_period_end = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    next_billing_at = factory.LazyAttribute(lambda o: o.current_period_end)


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    purpose = PaymentPurpose.SUBSCRIPTION
    provider = Provider.DEV
    order_id = factory.LazyFunction(lambda: f"haru_{uuid.uuid4().hex[:20]}")
    order_name = "Premium"
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
    provider_tx_id = factory.LazyFunction(lambda: f"tx_{uuid.uuid4().hex}")
    amount = 9900
    status = PaymentStatus.APPROVED
    method = "card"
    method_detail = factory.LazyFunction(lambda: {"brand": "신한", "last_four": "4242"})
    requested_at = factory.LazyFunction(timezone.now)
    approved_at = factory.LazyFunction(timezone.now)
