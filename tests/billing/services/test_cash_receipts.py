"""Cash receipts (현금영수증) for money paid without a card: issued once through the payment's
provider (local Toss and PortOne servers), cancelled on a refund — in part on Toss, cancelled
and issued again for what is left on PortOne — and a stand-in on the development gateway."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from billing import services
from billing.exceptions import BillingError
from billing.models import CashReceipt, CashReceiptSetting
from billing.services.cash_receipts import (
    cash_receipt_follow_refund,
    cash_receipt_issue,
    cash_receipt_setting_save,
)
from tests.billing.factories import PaymentFactory
from tests.concurrency import failures, run_in_threads

pytestmark = pytest.mark.django_db

ISSUE = r"/v1/cash-receipts"
TOSS_CANCEL = r"/v1/cash-receipts/[^/]+/cancel"


def toss_transfer(toss, user, *, amount=33000, method="transfer", detail=None, **fields):
    """A one-off payment by bank transfer through Toss, known to the local Toss server."""
    key = "tpay_" + uuid.uuid4().hex[:20]
    payment = PaymentFactory(
        **fields,
        user=user,
        purpose="credits",
        provider="toss",
        provider_tx_id=key,
        amount=amount,
        method=method,
        method_detail=detail if detail is not None else {"bank": "신한"},
    )
    toss.app_.payments[key] = toss.app_._payment(key=key, order_id=payment.order_id, amount=amount)
    return payment


def refund(payment, amount):
    refund = services.payment_refund(payment=payment, amount=amount, reason="customer_request")
    cash_receipt_follow_refund(payment_id=payment.pk, refund_id=refund.pk)
    return refund


def test_a_transfer_gets_one_personal_cash_receipt_however_often_the_task_runs(alice, toss):
    cash_receipt_setting_save(user=alice, kind="personal", identity_number="010-1234-5678")
    payment = toss_transfer(toss, alice)

    first = cash_receipt_issue(payment_id=payment.pk)
    again = cash_receipt_issue(payment_id=payment.pk)

    assert first == again
    assert (first.status, first.amount, first.number_last_four) == ("issued", 33000, "5678")
    (call,) = toss.calls("POST", ISSUE)
    assert call["body"]["type"] == "소득공제"
    assert call["body"]["customerIdentityNumber"] == "01012345678"
    assert call["body"]["amount"] == 33000
    assert first.receipt_key in toss.app_.cash_receipts


def test_a_business_gets_an_expense_proof_receipt(alice, toss):
    cash_receipt_setting_save(user=alice, kind="business", identity_number="123-45-67890")
    payment = toss_transfer(toss, alice, method="virtual_account")

    receipt = cash_receipt_issue(payment_id=payment.pk)

    assert receipt.kind == "business"
    assert toss.calls("POST", ISSUE)[0]["body"]["type"] == "지출증빙"
    assert toss.calls("POST", ISSUE)[0]["body"]["customerIdentityNumber"] == "1234567890"


@pytest.mark.parametrize(
    ("method", "detail", "issued"),
    [
        ("card", {"brand": "신한", "last_four": "4242"}, False),
        ("easy_pay", {"easy_pay_provider": "kakaopay", "last_four": "4242"}, False),
        ("easy_pay", {"easy_pay_provider": "kakaopay"}, True),  # paid from the wallet's balance
        ("transfer", {}, True),
    ],
)
def test_only_money_paid_without_a_card_gets_a_cash_receipt(alice, toss, method, detail, issued):
    cash_receipt_setting_save(user=alice, kind="personal", identity_number="01099998888")
    payment = toss_transfer(toss, alice, method=method, detail=detail)

    receipt = cash_receipt_issue(payment_id=payment.pk)

    assert (receipt is not None) == issued
    assert len(toss.calls("POST", ISSUE)) == int(issued)


def test_nothing_is_issued_until_the_member_says_where_receipts_go(alice, toss):
    payment = toss_transfer(toss, alice)
    assert cash_receipt_issue(payment_id=payment.pk) is None
    assert not toss.calls("POST", ISSUE)


@pytest.mark.parametrize(
    ("kind", "number", "field"),
    [
        ("personal", "02-123-4567", "identity_number"),
        ("business", "123-45-678", "identity_number"),
        ("corporate", "1234567890", "kind"),
    ],
)
def test_a_wrong_number_is_refused_with_a_field_message(alice, kind, number, field):
    with pytest.raises(BillingError) as raised:
        cash_receipt_setting_save(user=alice, kind=kind, identity_number=number)
    assert field in raised.value.fields
    assert not CashReceiptSetting.objects.exists()


def test_the_number_is_stored_encrypted(alice):
    cash_receipt_setting_save(user=alice, kind="personal", identity_number="010-1234-5678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT identity_number FROM billing_cashreceiptsetting")
        (stored,) = cursor.fetchone()
    assert "01012345678" not in stored
    assert CashReceiptSetting.objects.get(user=alice).identity_number == "01012345678"


def test_toss_partial_refunds_cancel_that_much_of_the_receipt_once(alice, toss):
    cash_receipt_setting_save(user=alice, kind="personal", identity_number="01012345678")
    payment = toss_transfer(toss, alice, amount=30000)
    receipt = cash_receipt_issue(payment_id=payment.pk)

    first = refund(payment, 10000)
    cash_receipt_follow_refund(payment_id=payment.pk, refund_id=first.pk)  # the task again
    payment.refresh_from_db()
    refund(payment, 20000)

    cancels = toss.calls("POST", TOSS_CANCEL)
    assert [c["body"] for c in cancels] == [{"amount": 10000}, {}]  # the rest: no amount
    receipt.refresh_from_db()
    assert (receipt.status, receipt.canceled_amount) == ("canceled", 30000)
    assert toss.app_.cash_receipts[receipt.receipt_key]["canceled"] == 30000


def portone_transfer(portone, user, *, amount):
    payment = PaymentFactory(
        user=user,
        purpose="credits",
        provider="portone",
        provider_tx_id=None,
        amount=amount,
        method="transfer",
        method_detail={"bank": "KB"},
    )
    portone.app_.browser_payment(payment_id=payment.order_id, amount=amount)
    return payment


def test_portone_partial_refund_cancels_the_receipt_and_issues_one_for_the_rest(alice, portone):
    cash_receipt_setting_save(user=alice, kind="personal", identity_number="01012345678")
    payment = portone_transfer(portone, alice, amount=50000)
    first = cash_receipt_issue(payment_id=payment.pk)
    assert first.provider_reference == payment.order_id

    done = refund(payment, 20000)
    cash_receipt_follow_refund(payment_id=payment.pk, refund_id=done.pk)  # the task again

    first.refresh_from_db()
    second = CashReceipt.objects.get(payment=payment, sequence=2)
    assert (first.status, second.status, second.amount) == ("canceled", "issued", 30000)
    assert portone.calls("POST", rf"/payments/{payment.order_id}/cash-receipt/cancel")
    assert len(portone.calls("POST", r"/payments/[^/]+/cash-receipt/cancel")) == 1
    issues = portone.calls("POST", r"/cash-receipts")
    assert [(c["body"]["paymentId"], c["body"]["amount"]["total"]) for c in issues] == [
        (payment.order_id, 50000),
        (f"{payment.order_id}-cr2", 30000),
    ]
    assert issues[0]["body"]["type"] == "PERSONAL"
    assert issues[0]["body"]["customer"]["identityNumber"] == "01012345678"


def test_the_development_gateway_stands_in_and_the_receipt_page_says_so(alice, client):
    from billing.enums import Provider

    cash_receipt_setting_save(user=alice, kind="personal", identity_number="01012345678")
    payment = PaymentFactory(
        user=alice, provider=Provider.DEV, method="transfer", method_detail={}, amount=11000
    )
    receipt = cash_receipt_issue(payment_id=payment.pk)
    assert receipt.issue_number.startswith("DEV-")

    client.force_login(alice)
    page = client.get(f"/billing/receipts/{payment.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    html = page.content.decode()
    assert "현금영수증" in html
    assert receipt.issue_number in html
    assert "국세청" in html  # the stand-in says it was not sent to the tax office
    assert "5678" in html
    assert "01012345678" not in html


def test_a_strangers_receipt_page_is_404(alice, bob, client):
    payment = PaymentFactory(user=alice, method="transfer")
    client.force_login(bob)
    assert client.get(f"/billing/receipts/{payment.pk}/").status_code == 404


def test_the_settings_page_saves_the_number_and_shows_a_form_error(alice, client):
    client.force_login(alice)
    bad = client.post(
        "/billing/settings/cash-receipt/",
        {"kind": "personal", "identity_number": "1234"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert bad.status_code == 400
    assert "010-1234-5678" in bad.content.decode()
    good = client.post(
        "/billing/settings/cash-receipt/", {"kind": "business", "identity_number": "1234567890"}
    )
    assert good.status_code == 302
    assert CashReceiptSetting.objects.get(user=alice).kind == "business"
    page = client.get("/billing/settings/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "••••••7890" in page
    assert "1234567890" not in page


@pytest.mark.django_db(transaction=True)
def test_two_workers_issuing_at_once_issue_one_receipt(make_user, toss):
    user = make_user(email="twice@example.com")
    cash_receipt_setting_save(user=user, kind="personal", identity_number="01012345678")
    payment = toss_transfer(toss, user)
    toss.app_.delay = 0.2  # both workers are inside the call at once if nothing stops them
    connection.close()

    outcomes = run_in_threads(2, lambda: cash_receipt_issue(payment_id=payment.pk))

    assert failures(outcomes) == []
    assert CashReceipt.objects.filter(payment=payment).count() == 1
    assert len(toss.calls("POST", ISSUE)) == 1


def test_cash_receipt_details_entered_at_checkout_are_saved_and_lead_back(alice, client):
    from billing.models import CreditPack

    checkout = services.checkout_start_credits(user=alice, pack=CreditPack.objects.first())
    checkout = services.checkout_choose_method(checkout=checkout, kind="kakaopay")
    client.force_login(alice)
    page = client.get(f"/billing/checkout/{checkout.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "현금영수증" in page.content.decode()
    back = f"/billing/checkout/{checkout.pk}/"

    bad = client.post(
        "/billing/settings/cash-receipt/",
        {"kind": "personal", "identity_number": "1234", "next": back},
    )
    assert (bad.status_code, bad["Location"]) == (302, back)
    assert not CashReceiptSetting.objects.exists()

    good = client.post(
        "/billing/settings/cash-receipt/",
        {"kind": "personal", "identity_number": "010-2222-3333", "next": back},
    )
    assert (good.status_code, good["Location"]) == (302, back)
    assert CashReceiptSetting.objects.get(user=alice).identity_number == "01022223333"

    elsewhere = client.post(
        "/billing/settings/cash-receipt/",
        {"kind": "personal", "identity_number": "01022223333", "next": "https://evil.example/"},
    )
    assert elsewhere["Location"].startswith("/billing/settings/")


def test_a_strangers_checkout_page_is_404(alice, bob, client):
    from billing.models import CreditPack

    checkout = services.checkout_start_credits(user=alice, pack=CreditPack.objects.first())
    client.force_login(bob)
    assert client.get(f"/billing/checkout/{checkout.pk}/").status_code == 404


def test_the_hourly_sweep_issues_a_receipt_whose_task_never_ran_and_only_once(alice, bob, toss):
    from datetime import timedelta

    from django.utils import timezone

    from billing.services.cash_receipts import cash_receipts_issue_missing

    cash_receipt_setting_save(user=alice, kind="personal", identity_number="010-1234-5678")
    cash_receipt_setting_save(user=bob, kind="personal", identity_number="010-9876-5432")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    lost = toss_transfer(toss, alice, approved_at=an_hour_ago)  # its task was never queued
    toss_transfer(toss, bob, method="card", detail={"last_four": "4242"}, approved_at=an_hour_ago)
    just_paid = toss_transfer(toss, alice, approved_at=timezone.now())  # its task is on the way

    assert cash_receipts_issue_missing() == 1
    assert cash_receipts_issue_missing() == 0

    assert list(CashReceipt.objects.values_list("payment_id", "status")) == [(lost.pk, "issued")]
    assert not just_paid.cash_receipts.exists()
    assert len(toss.calls("POST", ISSUE)) == 1
