"""Each failure has its own exception with a stable code, and views never call a gateway."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from billing import services
from billing.exceptions import CardInUse, CreditPackUnavailable, NoSavedCard, Outcome
from billing.models import CreditPack, PaymentMethod
from tests.billing.services.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db

BILLING = Path(__file__).resolve().parents[2] / "billing"


def test_a_one_tap_purchase_without_a_saved_card_says_so_in_korean_and_english(alice):
    pack = CreditPack.objects.get(code="credits_100")
    with translation.override("en"), pytest.raises(NoSavedCard) as english:
        services.credit_pack_buy_with_saved_card(user=alice, pack=pack)
    with translation.override("ko"), pytest.raises(NoSavedCard) as korean:
        services.credit_pack_buy_with_saved_card(user=alice, pack=pack)

    assert english.value.code == "no_saved_card"
    assert english.value.status_code == 409
    assert "saved card" in english.value.message
    assert "카드" in korean.value.message


def test_buying_a_pack_that_is_off_sale_is_not_a_plan_problem(alice, toss):
    subscribe(alice, toss)
    pack = CreditPack.objects.get(code="credits_100")
    pack.is_active = False
    pack.save()
    with pytest.raises(CreditPackUnavailable) as error:
        services.credit_pack_buy_with_saved_card(user=alice, pack=pack)
    assert error.value.code == "credit_pack_unavailable"


def test_removing_the_card_that_pays_the_subscription_is_card_in_use_not_a_refund_error(
    alice, toss
):
    subscribe(alice, toss)
    with pytest.raises(CardInUse) as error:
        services.payment_method_remove(payment_method=PaymentMethod.objects.get(user=alice))
    assert error.value.code == "card_in_use"


def test_outcome_raises_its_failure_only_when_unwrapped():
    failure = NoSavedCard("none")
    assert Outcome.ok(5).unwrap() == 5
    with pytest.raises(NoSavedCard):
        Outcome.failed(failure).unwrap()


def test_page_and_api_views_never_import_a_gateway():
    for path in (BILLING / "views.py", BILLING / "api" / "views.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("billing.gateways.registry"), path
                assert node.module != "billing.gateways.base", path
            if isinstance(node, ast.Name):
                assert node.id not in ("get_gateway", "DevGateway"), (path, node.lineno)
