"""The gateway interface and the plain data it takes and returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar


class GatewayError(Exception):
    """The provider answered with an error (``code`` is the provider's own, e.g.
    ``REJECT_CARD_PAYMENT``) or could not be reached (``retryable``)."""

    def __init__(
        self,
        code: str,
        message: str = "",
        *,
        http_status: int | None = None,
        retryable: bool = False,
        declined: bool = False,
        lookup: bool = False,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.retryable = retryable
        self.declined = declined
        # the provider says this order was already processed (Toss DUPLICATED_ORDER_ID /
        # ALREADY_PROCESSED_PAYMENT, PortOne's cancellable-amount check): not a failure,
        # the answer is found by looking the order up
        self.lookup = lookup

    @property
    def not_found(self) -> bool:
        return self.code in NOT_FOUND_CODES


# what the providers answer when they have no payment under an order id
NOT_FOUND_CODES = frozenset({"NOT_FOUND_PAYMENT", "PAYMENT_NOT_FOUND"})


class WebhookRejected(Exception):  # noqa: N818 - reads as what happened
    """A webhook failed verification (bad signature, stale timestamp, malformed body)."""


@dataclass(frozen=True)
class CardDetails:
    brand: str = ""
    last_four: str = ""
    issuer_code: str = ""
    card_type: str = ""
    owner_type: str = ""
    number_masked: str = ""
    # the card's expiry when the provider tells it (the development gateway does)
    expiry_month: int | None = None
    expiry_year: int | None = None

    def as_dict(self) -> dict[str, str]:
        return {
            key: value
            for key, value in self.__dict__.items()
            if value and not key.startswith("expiry")
        }


@dataclass(frozen=True)
class BillingKeyResult:
    billing_key: str
    customer_key: str
    method: str = "card"  # card, easy_pay or transfer (a bank account)
    card: CardDetails = field(default_factory=CardDetails)
    # kakaopay / naverpay / tosspay for an easy-pay key; ``card`` then holds what funds it
    easy_pay_provider: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChargeResult:
    """A payment as the provider sees it after a charge, confirm or fetch."""

    status: str  # one of billing.enums.PaymentStatus values
    order_id: str
    provider_tx_id: str = ""
    amount: int = 0
    balance_amount: int = 0  # what is left after cancellations
    currency: str = "KRW"
    approved_at: datetime | None = None
    receipt_url: str = ""
    method: str = "card"
    card: CardDetails = field(default_factory=CardDetails)
    easy_pay_provider: str = ""
    failure_code: str = ""
    failure_message: str = ""
    cancellations: tuple[RefundResult, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    provider_refund_id: str
    amount: int
    canceled_at: datetime | None = None
    reason: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderRecord:
    """One payment as the provider's own books show it (settlements / payment list)."""

    order_id: str
    provider_tx_id: str = ""
    approved_amount: int = 0
    canceled_amount: int = 0
    currency: str = "KRW"
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookMessage:
    """A verified webhook: its unique id, its type, and what it points at."""

    event_id: str
    event_type: str
    payload: dict[str, Any]
    order_id: str = ""
    provider_tx_id: str = ""
    billing_key: str = ""


@dataclass(frozen=True)
class CashReceiptResult:
    """A cash receipt as the provider issued it."""

    receipt_key: str  # what cancels it (Toss receiptKey, PortOne payment id, dev key)
    issue_number: str = ""
    receipt_url: str = ""
    amount: int = 0
    raw: dict[str, Any] = field(default_factory=dict)


class CashReceiptsMixin:
    """Cash receipts (현금영수증). ``partial_cash_receipt_cancel``: the provider cancels part of
    a receipt (Toss); otherwise a partial refund cancels it and a new one is issued for what is
    left (PortOne)."""

    partial_cash_receipt_cancel: ClassVar[bool] = True

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
        """``kind`` is personal (소득공제, a phone number) or business (지출증빙, a business
        registration number); ``reference`` names the receipt at the provider."""
        raise NotImplementedError

    def cancel_cash_receipt(
        self, *, receipt_key: str, amount: int | None, idempotency_key: str
    ) -> int:
        """Cancel ``amount`` of the receipt (all of it when None); returns what was canceled."""
        raise NotImplementedError


class Gateway(CashReceiptsMixin):
    """What every provider implements. All amounts are integers in the minor unit."""

    name: ClassVar[str]
    # the browser SDK script the checkout page loads (None: the local test-mode page)
    browser_sdk_url: ClassVar[str | None] = None

    def client_config(self) -> dict[str, str]:
        """Public values the checkout page's script needs (never a secret)."""
        return {}

    def issue_billing_key(self, *, auth_key: str, customer_key: str) -> BillingKeyResult:
        """Turn what the browser brought back (Toss authKey, PortOne billingKey, dev token)
        into a verified, stored-able billing key."""
        raise NotImplementedError

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
        """Charge a stored key. ``easy_pay_provider`` (kakaopay / naverpay) says which of
        the provider's channels issued an easy-pay key."""
        raise NotImplementedError

    def confirm_payment(
        self, *, payment_key: str, order_id: str, amount: int, currency: str, idempotency_key: str
    ) -> ChargeResult:
        """Approve (Toss) or verify (PortOne) a one-time payment the browser started."""
        raise NotImplementedError

    def get_payment(self, *, provider_tx_id: str, order_id: str) -> ChargeResult:
        raise NotImplementedError

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
        """Refund ``amount``. ``idempotency_key`` is the same on every try of one refund;
        ``current_cancellable_amount`` is what we believe is still refundable (PortOne refuses
        the cancel when it is not, so a retried refund never refunds twice)."""
        raise NotImplementedError

    def list_records(
        self, *, start: date, end: date, order_ids: Iterable[str] = ()
    ) -> list[ProviderRecord]:
        """The provider's approvals and cancellations made on local days ``[start, end)``
        (KST). ``order_ids`` are orders we know had money move in that window: a provider
        whose list is keyed by another date (PortOne: creation) looks them up one by one."""
        raise NotImplementedError

    def delete_billing_key(self, *, billing_key: str, customer_key: str) -> None:
        """Tell the provider a stored card is no longer wanted (best effort)."""

    def parse_webhook(self, *, body: bytes, headers: dict[str, str]) -> WebhookMessage:
        raise WebhookRejected("this provider sends no webhooks")
