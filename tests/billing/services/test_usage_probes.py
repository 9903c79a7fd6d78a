"""The 7-day withdrawal asks coaching, content and diaries whether the paid service was used:
used within the 7 days → the pro-rata refund; unused (or used only before paying) → all of it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from billing import services
from billing.models import Payment
from tests.billing.services.test_subscriptions import subscribe
from tests.billing.services.test_withdrawal_and_refunds import CANCELS, paid_days_ago

pytestmark = pytest.mark.django_db

# paid 2 days and 1 hour ago for a 30-day period: 27 whole days are left
PRO_RATA = 9900 * 27 // 30


def ran_an_ai_reading(user):
    from billing.services import credits_grant
    from coaching.models import AIService, ServiceResult
    from coaching.services.ai_services import service_run

    credits_grant(user=user, amount=500, reason="test", idempotency_key=f"t:{uuid.uuid4()}")
    service_run(
        user=user,
        service=AIService.objects.get(service_type="tarot"),
        inputs={"question": "이직해도 될까요?"},
        idempotency_key=str(uuid.uuid4()),
        language="ko",
    )
    return ServiceResult.objects.filter(user=user)


def opened_a_premium_item(user):
    from content.models import ContentProgress
    from content.services.library import progress_save
    from tests.content.factories import published_item

    item = published_item(is_premium=True, ko=("깊은 호흡", "천천히 숨을 쉬어요."))
    progress_save(user=user, item=item, percent=30)
    return ContentProgress.objects.filter(user=user)


def had_a_diary_analysed(user):
    from diaries import services as diaries
    from diaries.models import Analysis

    diaries.entry_create(user=user, body="아침에 명상을 하고 공원을 산책했어요.")
    for pk in Analysis.objects.filter(user=user, status="pending").values_list("pk", flat=True):
        diaries.analysis_run(analysis_id=pk)
    assert Analysis.objects.filter(user=user, status="done").exists()
    return Analysis.objects.filter(user=user)


USES = {
    "coaching": (ran_an_ai_reading, "created_at"),
    "content": (opened_a_premium_item, "updated_at"),
    "diaries": (had_a_diary_analysed, "created_at"),
}


@pytest.mark.parametrize("app", sorted(USES))
def test_a_subscriber_who_used_a_paid_feature_within_7_days_gets_the_pro_rata_refund(
    app, alice, toss
):
    subscription = paid_days_ago(subscribe(alice, toss), 2)
    USES[app][0](alice)

    quote = services.subscription_refund_quote(subscription=subscription)
    assert (quote.kind, quote.amount) == ("pro_rata", PRO_RATA)
    _ended, refund = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=PRO_RATA, idempotency_key="u-01"
    )

    assert refund.amount == PRO_RATA == 8910
    assert toss.calls("POST", CANCELS)[0]["body"]["cancelAmount"] == PRO_RATA


@pytest.mark.parametrize("app", sorted(USES))
def test_use_before_paying_does_not_count_and_the_withdrawal_refunds_everything(app, alice, toss):
    subscription = paid_days_ago(subscribe(alice, toss), 2)
    use, stamp = USES[app]
    paid_at = Payment.objects.get(subscription=subscription).approved_at
    use(alice).update(**{stamp: paid_at - timedelta(hours=3)})

    quote = services.subscription_refund_quote(subscription=subscription)
    assert (quote.kind, quote.amount) == ("withdrawal", 9900)
    _ended, refund = services.subscription_end_now(
        subscription=subscription, actor=alice, expected_amount=9900, idempotency_key="u-02"
    )
    assert refund.amount == 9900
    assert toss.calls("POST", CANCELS)[0]["body"]["cancelAmount"] == 9900


def test_a_subscriber_who_used_nothing_gets_the_full_refund(alice, bob, toss):
    subscription = paid_days_ago(subscribe(alice, toss), 2)
    ran_an_ai_reading(bob)  # someone else's use is not hers
    opened_a_premium_item(bob)

    quote = services.subscription_refund_quote(subscription=subscription)

    assert (quote.kind, quote.amount) == ("withdrawal", 9900)
    assert quote.withdrawal_until > timezone.now()
