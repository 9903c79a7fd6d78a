"""The development gateway: Haru's own test-mode checkout, the default with no keys set.

It behaves like a card provider without one. The local checkout page sends a test card
number; the outcome depends on that number (like the providers' test cards):

* ``4242 4242 4242 4242`` (or any other valid number): approved
* ``4000 0000 0000 0002``: the card company declines it (``REJECT_CARD_COMPANY``)
* ``4000 0000 0000 9995``: the card registers, but every charge fails for lack of funds
  (``REJECT_CARD_PAYMENT``), which is how to try failed renewals
* ``4000 0000 0000 3410``: the card registers, but every charge is refused as lost or
  stolen (``INVALID_CARD_LOST_OR_STOLEN``): a hard decline, retries stop at once
* ``4000 0000 0000 0770``: every charge is approved but its answer is lost (``TIMEOUT``):
  the payment stays pending until the lookup job finds it approved by its order id
* ``4000 0000 0000 0416``: every charge answers "in progress" (pending); looking it up
  finds it approved once ``DEV_PENDING_SECONDS`` have passed
* ``4000 0000 0000 5126``: every charge goes through and then answers
  ``DUPLICATED_ORDER_ID`` (a retry that reached the provider after the first try): Haru
  looks the order up and finds it paid
* charging an order id that was already approved answers ``DUPLICATED_ORDER_ID`` (as Toss
  does); Haru then looks the order up instead of failing

The test KakaoPay, NaverPay and TossPay wallets and the test bank account
(``tokenize_method``) take the same outcomes by name (``ok``, ``declined``, ``no_funds``,
``timeout``, ``pending``, ``duplicate``): a wallet is an easy-pay key or payment, a bank
account a ``transfer`` one, as PortOne's and Toss's keys are.

Billing keys and transaction ids are tokens signed with SECRET_KEY, so a forged one is
refused; what was charged under an order id is kept in the cache for a day so it can be
looked up. Never enable it in production (``check --deploy`` warns).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from billing.enums import PaymentStatus

from .base import (
    BillingKeyResult,
    CardDetails,
    CashReceiptResult,
    ChargeResult,
    Gateway,
    GatewayError,
    RefundResult,
)

APPROVED_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"
NO_FUNDS_CARD = "4000000000009995"
TIMEOUT_APPROVED_CARD = "4000000000000770"
PENDING_CARD = "4000000000000416"
STOLEN_CARD = "4000000000003410"
DUPLICATE_ORDER_CARD = "4000000000005126"
TEST_CARDS = (
    APPROVED_CARD,
    DECLINED_CARD,
    NO_FUNDS_CARD,
    TIMEOUT_APPROVED_CARD,
    PENDING_CARD,
    STOLEN_CARD,
    DUPLICATE_ORDER_CARD,
)
TEST_OUTCOMES = ("ok", "declined", "no_funds", "timeout", "pending", "duplicate")
TEST_WALLETS = {"kakaopay": "카카오페이", "naverpay": "네이버페이", "tosspay": "토스페이"}
TEST_BANK = "국민"
TEST_WALLET_CARD = "신한"  # the card company of the card funding a test wallet
DEV_PENDING_SECONDS = 60
_ORDER_CACHE = "billing.dev.order:"
_SALT_AUTH = "billing.dev.auth"
_SALT_KEY = "billing.dev.billing_key"
_SALT_TX = "billing.dev.tx"


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number]
    checksum = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        checksum += digit
    return checksum % 10 == 0


def _brand(number: str) -> str:
    if number.startswith("4"):
        return "VISA"
    if number[:2] in {"51", "52", "53", "54", "55"} or number[:2] == "22":
        return "MASTER"
    if number[:2] in {"34", "37"}:
        return "AMEX"
    if number.startswith("35"):
        return "JCB"
    return "BC"


def _outcome(number: str) -> str:
    return {
        DECLINED_CARD: "declined",
        NO_FUNDS_CARD: "no_funds",
        TIMEOUT_APPROVED_CARD: "timeout",
        PENDING_CARD: "pending",
        STOLEN_CARD: "stolen",
        DUPLICATE_ORDER_CARD: "duplicate",
    }.get(number, "ok")


def _load(token: str, salt: str) -> dict:
    try:
        return signing.loads(token, salt=salt)
    except signing.BadSignature as exc:
        raise GatewayError("INVALID_REQUEST", _("That test-mode token is not valid.")) from exc


def _card(data: dict) -> CardDetails:
    if data.get("m") == "transfer":
        return CardDetails(brand=data["b"], last_four=data["l"])
    return CardDetails(
        brand=data["b"],
        last_four=data["l"],
        card_type="신용",
        owner_type="개인",
        expiry_month=data.get("em"),
        expiry_year=data.get("ey"),
    )


def _method(data: dict) -> str:
    return data.get("m") or "card"


def _decline(outcome: str) -> None:
    if outcome == "stolen":
        raise GatewayError(
            "INVALID_CARD_LOST_OR_STOLEN",
            _("The card company reports this card lost or stolen."),
            declined=True,
        )
    if outcome == "declined":
        raise GatewayError(
            "REJECT_CARD_COMPANY", _("The card company declined this card."), declined=True
        )
    if outcome == "no_funds_account":
        raise GatewayError(
            "REJECT_ACCOUNT_PAYMENT",
            _("The payment failed: the account's balance was too low."),
            declined=True,
        )
    if outcome == "no_funds":
        raise GatewayError(
            "REJECT_CARD_PAYMENT",
            _("The payment failed: the card's limit was exceeded or funds were too low."),
            declined=True,
        )


class DevGateway(Gateway):
    name = "dev"
    browser_sdk_url = None

    def tokenize_card(self, *, number: str, expiry_month: int, expiry_year: int) -> str:
        """What the test-mode checkout page does in place of a provider's card window."""
        number = "".join(ch for ch in number if ch.isdigit())
        if not 12 <= len(number) <= 19 or not _luhn_ok(number):
            raise GatewayError("INVALID_CARD_NUMBER", _("Check the card number."), declined=True)
        today = datetime.now(tz=UTC)
        if (expiry_year, expiry_month) < (today.year, today.month) or not 1 <= expiry_month <= 12:
            raise GatewayError(
                "INVALID_CARD_EXPIRATION", _("Check the card's expiry date."), declined=True
            )
        if _outcome(number) == "declined":
            _decline("declined")
        return signing.dumps(
            {
                "l": number[-4:],
                "b": _brand(number),
                "o": _outcome(number),
                "n": secrets.token_hex(4),
                "em": expiry_month,
                "ey": expiry_year,
            },
            salt=_SALT_AUTH,
        )

    def tokenize_method(self, *, kind: str, outcome: str = "ok") -> str:
        """What the test-mode KakaoPay / NaverPay / TossPay window or bank-account window
        does: a token for that way to pay whose charges end as ``outcome``."""
        if outcome not in TEST_OUTCOMES:
            raise GatewayError("INVALID_REQUEST", _("Choose a test outcome."))
        if kind == "bank":
            data = {"m": "transfer", "b": TEST_BANK, "l": "4321"}
            if outcome == "no_funds":
                outcome = "no_funds_account"
        elif kind in TEST_WALLETS:
            # a wallet funded by a card, as KakaoPay / NaverPay keys usually are
            data = {"m": "easy_pay", "p": kind, "b": TEST_WALLET_CARD, "l": "1234"}
        else:
            raise GatewayError("INVALID_REQUEST", _("That way to pay is not offered."))
        if outcome == "declined":
            _decline("declined")
        return signing.dumps({**data, "o": outcome, "n": secrets.token_hex(4)}, salt=_SALT_AUTH)

    def issue_billing_key(self, *, auth_key: str, customer_key: str) -> BillingKeyResult:
        card = _load(auth_key, _SALT_AUTH)
        key = signing.dumps({**card, "k": customer_key}, salt=_SALT_KEY)
        return BillingKeyResult(
            billing_key=key,
            customer_key=customer_key,
            method=_method(card),
            card=_card(card),
            easy_pay_provider=card.get("p", ""),
        )

    def _approve(self, *, card: dict, order_id: str, amount: int, currency: str):
        if cache.get(_ORDER_CACHE + order_id):
            raise GatewayError(
                "DUPLICATED_ORDER_ID", _("This order was already paid."), lookup=True
            )
        tx = signing.dumps(
            {
                "o": order_id,
                "a": amount,
                "b": card["b"],
                "l": card["l"],
                "m": _method(card),
                "p": card.get("p", ""),
            },
            salt=_SALT_TX,
            compress=True,
        )
        ready = time.time() + (DEV_PENDING_SECONDS if card.get("o") == "pending" else 0)
        cache.set(_ORDER_CACHE + order_id, {"tx": tx, "ready": ready}, 24 * 3600)
        if card.get("o") == "timeout":
            raise GatewayError("TIMEOUT", "test mode: the answer was lost", retryable=True)
        if card.get("o") == "duplicate":
            raise GatewayError(
                "DUPLICATED_ORDER_ID", "test mode: a retry after the first try", lookup=True
            )
        return self._result(tx, pending=card.get("o") == "pending")

    def _result(self, tx: str, *, pending: bool = False) -> ChargeResult:
        data = _load(tx, _SALT_TX)
        return ChargeResult(
            status=PaymentStatus.PENDING if pending else PaymentStatus.APPROVED,
            order_id=data["o"],
            provider_tx_id=tx,
            amount=data["a"],
            balance_amount=data["a"],
            currency="KRW",
            approved_at=datetime.now(tz=UTC),
            method=_method(data),
            card=_card(data),
            easy_pay_provider=data.get("p", ""),
            raw={"mode": "test", "orderId": data["o"], "amount": data["a"]},
        )

    def _lookup(self, order_id: str) -> ChargeResult:
        stored = cache.get(_ORDER_CACHE + order_id)
        if stored is None:
            raise GatewayError("NOT_FOUND_PAYMENT", "no such payment")
        return self._result(stored["tx"], pending=time.time() < stored["ready"])

    def charge_billing_key(
        self,
        *,
        billing_key: str,
        customer_key: str,
        order_id: str,
        order_name: str,
        amount: int,
        currency: str,
        idempotency_key: str,
        customer_email: str = "",
        customer_name: str = "",
        easy_pay_provider: str = "",
    ) -> ChargeResult:
        card = _load(billing_key, _SALT_KEY)
        if card.get("k") != customer_key:
            raise GatewayError("NOT_MATCHES_CUSTOMER_KEY", "customer key mismatch")
        _decline(card["o"])
        try:
            return self._approve(card=card, order_id=order_id, amount=amount, currency=currency)
        except GatewayError as exc:
            if exc.lookup:
                return self._lookup(order_id)
            raise

    def confirm_payment(
        self, *, payment_key: str, order_id: str, amount: int, currency: str, idempotency_key: str
    ) -> ChargeResult:
        card = _load(payment_key, _SALT_AUTH)
        _decline(card["o"])
        try:
            return self._approve(card=card, order_id=order_id, amount=amount, currency=currency)
        except GatewayError as exc:
            if exc.lookup:  # as the Toss client does: the order went through, read it
                return self._lookup(order_id)
            raise

    def get_payment(self, *, provider_tx_id: str, order_id: str) -> ChargeResult:
        if not provider_tx_id:
            return self._lookup(order_id)
        result = self._result(provider_tx_id)
        if result.order_id != order_id:
            raise GatewayError("NOT_FOUND_PAYMENT", "no such payment")
        stored = cache.get(_ORDER_CACHE + order_id)
        if stored is not None and time.time() < stored["ready"]:
            return self._result(provider_tx_id, pending=True)  # still in progress
        return result

    def list_records(self, *, start, end, order_ids=()) -> list:
        return []  # test mode keeps no books to reconcile against

    # --- cash receipts: a stand-in that says so (no receipt reaches the tax office) -------

    def issue_cash_receipt(
        self,
        *,
        reference: str,
        order_name: str,
        amount: int,
        kind: str,
        identity_number: str,
        idempotency_key: str,
    ) -> CashReceiptResult:
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()
        return CashReceiptResult(
            receipt_key="dev_cr_" + digest[:24],
            issue_number="DEV-" + digest[:9].upper(),
            amount=amount,
        )

    def cancel_cash_receipt(
        self, *, receipt_key: str, amount: int | None, idempotency_key: str
    ) -> int:
        if not receipt_key.startswith("dev_cr_"):
            raise GatewayError("NOT_FOUND_CASH_RECEIPT", "no such cash receipt")
        return amount or 0

    def cancel_payment(
        self,
        *,
        provider_tx_id: str,
        order_id: str,
        amount: int,
        reason: str,
        idempotency_key: str,
        current_cancellable_amount: int | None = None,
    ) -> RefundResult:
        self.get_payment(provider_tx_id=provider_tx_id, order_id=order_id)
        refund_id = "dev_refund_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
        return RefundResult(
            provider_refund_id=refund_id,
            amount=amount,
            canceled_at=datetime.now(tz=UTC),
            reason=reason,
        )
