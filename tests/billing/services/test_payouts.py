import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from billing import services
from billing.exceptions import BillingError, InvalidTransition
from tests.billing.factories import PaymentFactory

pytestmark = pytest.mark.django_db


KST = ZoneInfo("Asia/Seoul")


def booking_payment(user, practitioner_id, *, amount=50000, refunded=0, **extra):
    return PaymentFactory(
        user=user,
        purpose="booking",
        practitioner_id=practitioner_id,
        booking_id=uuid.uuid4(),
        amount=amount,
        platform_fee=amount // 5,
        practitioner_amount=amount - amount // 5,
        refunded_amount=refunded,
        status="partially_refunded" if refunded else "approved",
        **extra,
    )


def test_payout_collects_the_practitioners_share_after_refunds_once(alice, bob, operator):
    practitioner = uuid.uuid4()
    booking_payment(alice, practitioner)  # 40,000 share
    booking_payment(alice, practitioner, refunded=25000)  # half kept: 20,000 share
    booking_payment(alice, uuid.uuid4())  # someone else's booking
    today = timezone.localdate(timezone=KST)  # payout periods are Korean days

    payout = services.payout_create(
        practitioner_id=practitioner,
        payee=bob,
        period_start=today - timedelta(days=1),
        period_end=today + timedelta(days=1),
        method="bank_transfer",
        details={"bank": "088", "account": "110-123-456789"},
    )

    assert payout.amount == 60000
    assert payout.payments.count() == 2
    with pytest.raises(BillingError):  # already taken by the pending payout
        services.payout_create(
            practitioner_id=practitioner,
            payee=bob,
            period_start=today - timedelta(days=1),
            period_end=today + timedelta(days=1),
            method="bank_transfer",
        )
    services.payout_transition(payout=payout, to_status="paid", provider_payout_id="po-1")
    with pytest.raises(InvalidTransition):
        services.payout_transition(payout=payout, to_status="canceled")
