"""Ledger reasons are stored as a message key + parameters and shown in the reader's language;
billing's console shows amounts with separators and currency."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from billing import services
from billing.enums import WalletUnit
from billing.messages import message_render, register_message
from billing.models import LedgerEntry, Payment, Wallet
from core.money import format_money
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/billing/wallets/credits/entries/"


def entries(api, language: str) -> list[dict]:
    return api.get(ENTRIES, HTTP_ACCEPT_LANGUAGE=language).json()["results"]


def test_a_credit_purchase_is_stored_as_a_key_and_read_in_each_language(alice, alice_api, toss):
    subscribe(alice, toss)
    pack = alice_api.post("/api/v1/billing/credit-packs/credits_500/purchase/")
    assert pack.status_code == 201

    entry = LedgerEntry.objects.get(wallet__user=alice)
    assert entry.reason_key == "billing.credit_pack"
    assert entry.reason_params["credits"] > 0
    korean, english = entries(alice_api, "ko")[0], entries(alice_api, "en")[0]
    assert korean["reason_key"] == english["reason_key"] == "billing.credit_pack"
    assert korean["reason"].startswith("크레딧 팩 · ")
    assert english["reason"].startswith("Credit pack · ")
    assert f"{entry.reason_params['credits']:,}" in english["reason"]


def test_an_old_style_reason_never_shows_english_slugs_to_korean_readers(alice, alice_api):
    services.credits_refund(user=alice, amount=20, reason="ai_service:dream-interpretation")

    (korean,) = entries(alice_api, "ko")

    assert korean["reason_key"] == "billing.ai_service.dream-interpretation"
    assert korean["reason"] == "AI 서비스"
    assert "dream" not in korean["reason"]


def test_an_upper_app_registers_its_own_key_and_translation(alice, alice_api):
    register_message("tests.reading", gettext_lazy("Daily check-in"))  # a msgid with ko text
    services.credits_refund(
        user=alice, amount=5, reason_key="tests.reading", reason_params={"id": 1}
    )

    assert entries(alice_api, "ko")[0]["reason"] == "출석 체크"
    assert entries(alice_api, "en")[0]["reason"] == "Daily check-in"


def test_an_unregistered_key_falls_back_to_its_parent_then_to_the_key():
    assert message_render("billing.achievement.first_week", {}, language="en") == "Achievement"
    assert message_render("nobody.registered.this", {}) == "nobody.registered.this"
    assert message_render("nobody.registered", {"text": "fallback"}) == "fallback"


def test_an_operator_adjustment_shows_a_translated_label_and_the_note_as_typed(
    alice, operator, client
):
    wallet = services.wallet_get_or_create(user=alice, unit=WalletUnit.POINTS)
    services.wallet_adjust(wallet=wallet, delta=10, reason="사과의 뜻으로", actor=operator)
    entry = LedgerEntry.objects.get(wallet=wallet)

    with translation.override("ko"):
        assert entry.reason_text == "운영자 조정 · 사과의 뜻으로"
    with translation.override("en"):
        assert entry.reason_text == "Adjustment · 사과의 뜻으로"


def test_the_points_page_renders_reasons_in_korean(alice, client):
    services.points_award(user=alice, amount=10, reason="attendance")
    client.force_login(alice)
    page = client.get(reverse("billing:points"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "출석 체크" in page


def test_the_data_migration_turns_stored_texts_into_keys(alice):
    wallet = Wallet.objects.create(user=alice, unit=WalletUnit.CREDITS, balance=130)
    rows = {
        "Welcome bonus": ("billing.welcome_bonus", {}),
        "credit_pack:credits_100": ("billing.credit_pack", {"pack": "credits_100", "credits": 100}),
        "ai_service:dream-interpretation": (
            "billing.ai_service.dream-interpretation",
            {"detail": "dream-interpretation"},
        ),
        "refund:haru-crd-1": ("billing.purchase_reversal", {"detail": "haru-crd-1"}),
        "given by hand": ("billing.adjustment", {"note": "given by hand"}),
    }
    for n, reason in enumerate(rows, start=1):
        LedgerEntry.objects.create(
            wallet=wallet, kind="adjust", delta=1, balance_after=n, reason=reason
        )
    migration = importlib.import_module("billing.migrations.0009_ledger_reasons_to_keys")

    migration.forwards(apps, None)

    stored = {e.reason: (e.reason_key, e.reason_params) for e in LedgerEntry.objects.all()}
    assert stored == rows


def test_payment_console_shows_amounts_with_separators_and_currency(admin_client, alice, toss):
    subscribe(alice, toss)
    payment = Payment.objects.get(user=alice)

    page = admin_client.get(reverse("admin:billing_payment_changelist")).content.decode()

    # the console is in Korean (the operator's language)
    assert format_money(payment.amount, "KRW", locale="ko") in page
    assert "9,900" in page


def test_the_refund_notice_names_the_item_in_the_readers_language(alice, toss):
    from accounts.models import Notification

    alice.language = "ko"
    alice.save()
    payment = Payment.objects.get(subscription=subscribe(alice, toss))
    services.payment_refund(payment=payment, reason="customer_request", amount=1000)

    notice = Notification.objects.filter(user=alice, type="billing.refund").get()
    assert "Haru Premium" not in notice.body
    assert payment.subscription.plan.name_ko in notice.body


def test_a_payment_without_pack_or_plan_is_named_by_its_key_in_the_readers_language(alice):
    from tests.billing.factories import PaymentFactory

    register_message("tests.booking", gettext_lazy("Daily check-in"))
    payment = PaymentFactory(
        user=alice, purpose="booking", order_name="Haru booking", description_key="tests.booking"
    )

    with translation.override("ko"):
        assert payment.display_name == "출석 체크"
    with translation.override("en"):
        assert payment.display_name == "Daily check-in"


def test_an_upgrade_charge_stores_its_description_as_a_key(alice, toss):
    from tests.billing.factories import plan

    subscription = subscribe(alice, toss)
    _sub, payment = services.subscription_change_plan(
        subscription=subscription, plan=plan("premium_yearly"), actor=alice
    )

    assert payment.description_key == "billing.subscription_upgrade"
    assert payment.description_params == {"from": "premium_monthly", "to": "premium_yearly"}
