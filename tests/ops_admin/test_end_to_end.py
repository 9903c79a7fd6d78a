# ruff: noqa: F811 - the toss fixture is imported from billing's conftest
"""Done-when of the console: a slip override, a diary block, a refund approval and a support
reply (tests/ops_admin/test_support.py), each from the admin over HTTP, through the owning
app's service, by a staff user with TOTP in the role that may do it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import AdminAuditLog, Notification
from accounts.selectors import user_is_safety_paused
from billing import services as billing_services
from billing.models import Payment
from diaries import services as diary_services
from diaries.models import Analysis, Entry, ModerationLog, SlipCondition
from tests.billing.conftest import toss  # noqa: F401 - the local Toss server fixture
from tests.billing.services.test_subscriptions import subscribe
from tests.ops_admin.conftest import CRISIS_KO

pytestmark = pytest.mark.django_db


def _slip(user, write):
    for _ in range(3):
        entry = write(user, body="오늘의 기록").entry
        analysis = Analysis.objects.get(entry=entry)
        Analysis.objects.filter(pk=analysis.pk).update(
            status="done",
            tier_a=3.9,
            tier_m=3.5,
            primary_emotion="sadness",
            completed_at=timezone.now(),
        )
        analysis.refresh_from_db()
        condition = diary_services.slip_evaluate(user=user, analysis=analysis)
    assert condition.status == "slipped"
    return condition


def test_an_operator_overrides_a_slip_from_the_review_queue(console, alice, write):
    condition = _slip(alice, write)
    assert user_is_safety_paused(user=alice)
    client = console("operator")
    assert client.get("/admin/diaries/slipcondition/?review_status__exact=open").status_code == 200
    response = client.post(
        "/admin/diaries/slipcondition/",
        {
            "action": "override",
            "_selected_action": [condition.pk],
            "apply": "1",
            "status": "normal",
            "reason": "상담 후 안전 확인",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not user_is_safety_paused(user=alice)
    override = SlipCondition.objects.filter(user=alice, rule="override").get()
    assert override.override_reason == "상담 후 안전 확인"
    assert override.override_by.groups.filter(name="operator").exists()
    assert AdminAuditLog.objects.filter(action="override", actor_role="operator").exists()


def test_an_operator_blocks_a_diary_entry_from_the_moderation_queue(console, alice, write):
    entry = write(alice, body=CRISIS_KO).entry
    client = console("operator")
    page = client.get(
        "/admin/diaries/entry/?moderation_status__exact=visible&safety_level__exact=crisis"
    )
    assert page.status_code == 200
    assert "죽고" not in page.content.decode()  # labels and scores only, never the text
    response = client.post(
        "/admin/diaries/entry/",
        {"action": "block_entries", "_selected_action": [entry.pk], "apply": "1", "reason": "신고"},
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).moderation_status == "blocked"
    assert ModerationLog.objects.get(entry=entry).reason == "신고"


def test_an_operator_asks_and_a_manager_approves_a_refund_the_user_is_notified(
    console,
    client,
    role_user,
    alice,
    toss,
    django_capture_on_commit_callbacks,
):
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    operator = role_user("operator")
    client.force_login(operator)
    response = client.post(
        "/admin/billing/payment/",
        {
            "action": "request_refund",
            "_selected_action": [payment.pk],
            "apply": "1",
            "amount": "3000",
            "reason": "customer_request",
            "description": "중복 결제 문의",
        },
    )
    assert response.status_code == 302
    refund = payment.refunds.get()
    assert refund.status == "requested"
    assert not toss.calls("POST", r"/v1/payments/.+/cancel")  # nothing sent before approval
    # the operator cannot approve: the refund queue's approve action is not theirs
    response = client.post(
        "/admin/billing/refund/",
        {"action": "approve", "_selected_action": [refund.pk]},
    )
    refund.refresh_from_db()
    assert refund.status == "requested"

    client.force_login(role_user("manager", nickname="m"))
    assert client.get("/admin/billing/refund/?status__exact=requested").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/billing/refund/", {"action": "approve", "_selected_action": [refund.pk]}
        )
    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.status == "succeeded"
    assert refund.requested_by == operator
    assert len(toss.calls("POST", r"/v1/payments/.+/cancel")) == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == 3000
    assert Notification.objects.filter(user=alice, type="billing.refund").exists()
    audit = AdminAuditLog.objects.get(action="approve")
    assert audit.before["status"] == "requested"
    assert audit.after["status"] == "succeeded"


def test_a_refund_request_cannot_exceed_what_is_left_and_can_be_rejected(alice, toss, role_user):
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    refund = billing_services.refund_request(
        payment=payment, amount=payment.amount, reason="customer_request"
    )
    from billing.exceptions import RefundNotAllowed

    with pytest.raises(RefundNotAllowed):
        billing_services.refund_request(payment=payment, amount=1, reason="customer_request")
    with pytest.raises(RefundNotAllowed):
        billing_services.refund_reject(refund=refund, rejected_by=role_user("manager"), reason=" ")
    rejected = billing_services.refund_reject(
        refund=refund, rejected_by=role_user("manager", nickname="m2"), reason="이용 기간 경과"
    )
    assert rejected.status == "rejected"
    with pytest.raises(RefundNotAllowed):
        billing_services.refund_approve(refund=rejected, approved_by=role_user("admin"))
