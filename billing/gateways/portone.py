"""PortOne V2 through the official ``portone-server-sdk`` (imported here and nowhere else).

The browser SDK issues billing keys and takes one-time payments (``paymentId`` is our
``order_id``); the server verifies both with ``get_billing_key_info`` / ``get_payment``,
charges stored keys with ``pay_with_billing_key`` and refunds with ``cancel_payment``.
Webhooks are verified the Standard Webhooks way by ``portone_server_sdk.webhook.verify``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import portone_server_sdk as portone
from django.conf import settings
from portone_server_sdk import errors as portone_errors
from portone_server_sdk import webhook as portone_webhook
from portone_server_sdk.common import CustomerInput, PaymentAmountInput
from portone_server_sdk.payment import (
    CancelledPayment,
    FailedPayment,
    PaidPayment,
    PartialCancelledPayment,
    PaymentMethodCard,
    PaymentMethodEasyPay,
    PaymentMethodTransfer,
    SucceededPaymentCancellation,
)
from portone_server_sdk.payment.billing_key import (
    BillingKeyPaymentMethodCard,
    BillingKeyPaymentMethodEasyPay,
    BillingKeyPaymentMethodTransfer,
    IssuedBillingKeyInfo,
)
from portone_server_sdk.payment.cash_receipt import IssueCashReceiptCustomerInput

from billing.enums import PaymentStatus

from .base import (
    BillingKeyResult,
    CardDetails,
    CashReceiptResult,
    ChargeResult,
    Gateway,
    GatewayError,
    ProviderRecord,
    RefundResult,
    WebhookMessage,
    WebhookRejected,
)

KST = ZoneInfo("Asia/Seoul")
DECLINE_ERRORS = (
    portone_errors.PgProviderError,
    portone_errors.BillingKeyNotFoundError,
    portone_errors.BillingKeyAlreadyDeletedError,
    portone_errors.DiscountAmountExceedsTotalAmountError,
    portone_errors.PromotionPayMethodDoesNotMatchError,
    portone_errors.MaxTransactionCountReachedError,
)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _error(exc: Exception) -> GatewayError:
    """Map an SDK or transport error to a GatewayError with PortOne's own type name."""
    if isinstance(exc, httpx.TimeoutException):
        return GatewayError("TIMEOUT", str(exc), retryable=True)
    if isinstance(exc, httpx.TransportError):
        return GatewayError("NETWORK_ERROR", str(exc), retryable=True)
    if isinstance(exc, portone_errors.PgProviderError):
        return GatewayError(
            exc.pg_code or "PG_PROVIDER", exc.pg_message or exc.message or "", declined=True
        )
    name = type(exc).__name__.removesuffix("Error")
    code = "".join(f"_{c}" if c.isupper() else c for c in name).lstrip("_").upper()
    if isinstance(exc, portone_errors.UnknownError):
        return GatewayError("UNKNOWN", json.dumps(exc.error)[:300], retryable=True)
    return GatewayError(
        code or "PORTONE_ERROR",
        getattr(exc, "message", None) or str(exc),
        declined=isinstance(exc, DECLINE_ERRORS),
    )


def _card_from(card: Any) -> CardDetails:
    if card is None:
        return CardDetails()
    number = card.number or ""
    return CardDetails(
        brand=card.name or card.issuer or card.publisher or "",
        last_four=number[-4:] if number else "",
        issuer_code=card.issuer or "",
        card_type=card.type or "",
        owner_type=card.owner_type or "",
        number_masked=number,
    )


# PortOne's EasyPayProvider values Haru offers, as Haru's own names
EASY_PAY_PROVIDERS = {"KAKAOPAY": "kakaopay", "NAVERPAY": "naverpay", "TOSSPAY": "tosspay"}


def _bank(bank: Any, account_number: Any = None) -> CardDetails:
    number = str(account_number or "")
    return CardDetails(brand=str(bank or ""), last_four=number[-4:] if number else "")


def _method(method: Any) -> tuple[str, CardDetails, str]:
    """(kind, what funds it, easy-pay provider) of a payment's ``method``."""
    if isinstance(method, PaymentMethodCard):
        return "card", _card_from(method.card), ""
    if isinstance(method, PaymentMethodEasyPay):
        inner = getattr(method, "easy_pay_method", None)
        card = getattr(inner, "card", None) if inner is not None else None
        provider = str(getattr(method, "provider", "") or "")
        details = _card_from(card)
        if not details.brand and provider:
            details = CardDetails(brand=provider)
        return "easy_pay", details, EASY_PAY_PROVIDERS.get(provider, "")
    if isinstance(method, PaymentMethodTransfer):
        return "transfer", _bank(getattr(method, "bank", "")), ""
    return "other", CardDetails(), ""


def _billing_key_method(methods: Any) -> tuple[str, CardDetails, str]:
    """What a billing key charges (``BillingKeyInfo.methods``): a card, an easy-pay wallet
    (``BillingKeyPaymentMethodEasyPay`` with ``provider`` and the wallet's own funding
    ``method``) or a bank account (``BillingKeyPaymentMethodTransfer``)."""
    for method in methods or []:
        if isinstance(method, BillingKeyPaymentMethodCard):
            return "card", _card_from(method.card), ""
        if isinstance(method, BillingKeyPaymentMethodEasyPay):
            provider = str(method.provider or "")
            inner = method.method
            details = CardDetails()
            if isinstance(inner, BillingKeyPaymentMethodCard):
                details = _card_from(inner.card)
            elif isinstance(inner, BillingKeyPaymentMethodTransfer):
                details = _bank(inner.bank, inner.account_number)
            return "easy_pay", details, EASY_PAY_PROVIDERS.get(provider, provider.lower())
        if isinstance(method, BillingKeyPaymentMethodTransfer):
            return "transfer", _bank(method.bank, method.account_number), ""
    return "card", CardDetails(), ""


def _cancellations(payment: Any) -> tuple[RefundResult, ...]:
    found = []
    for item in getattr(payment, "cancellations", None) or []:
        if isinstance(item, SucceededPaymentCancellation):
            found.append(
                RefundResult(
                    provider_refund_id=item.id,
                    amount=item.total_amount,
                    canceled_at=_parse_time(item.cancelled_at),
                    reason=item.reason,
                )
            )
    return tuple(found)


def _payment(payment: Any, raw: dict | None = None) -> ChargeResult:
    if isinstance(payment, dict):  # a status this SDK version does not know
        return ChargeResult(
            status=PaymentStatus.PENDING, order_id=payment.get("id", ""), raw=payment
        )
    if isinstance(payment, PaidPayment):
        status = PaymentStatus.APPROVED
    elif isinstance(payment, PartialCancelledPayment):
        status = PaymentStatus.PARTIALLY_REFUNDED
    elif isinstance(payment, CancelledPayment):
        status = PaymentStatus.REFUNDED
    elif isinstance(payment, FailedPayment):
        status = PaymentStatus.FAILED
    else:
        status = PaymentStatus.PENDING
    method, card, easy_pay_provider = _method(getattr(payment, "method", None))
    amount = payment.amount
    failure = getattr(payment, "failure", None)
    return ChargeResult(
        status=status,
        order_id=payment.id,
        provider_tx_id=payment.transaction_id,
        amount=amount.total,
        balance_amount=amount.total - amount.cancelled,
        currency=str(payment.currency),
        approved_at=_parse_time(getattr(payment, "paid_at", None)),
        receipt_url=getattr(payment, "receipt_url", None) or "",
        method=method,
        card=card,
        easy_pay_provider=easy_pay_provider,
        failure_code=(failure.pg_code or "PAYMENT_FAILED") if failure else "",
        failure_message=(failure.reason or failure.pg_message or "") if failure else "",
        cancellations=_cancellations(payment),
        raw=raw or {},
    )


class PortOneGateway(Gateway):
    name = "portone"
    browser_sdk_url = "https://cdn.portone.io/v2/browser-sdk.js"

    def __init__(
        self,
        *,
        api_secret: str | None = None,
        store_id: str | None = None,
        channel_key: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | None = None,
    ) -> None:
        self.api_secret = api_secret if api_secret is not None else settings.PORTONE_API_SECRET
        self.store_id = store_id if store_id is not None else settings.PORTONE_STORE_ID
        self.channel_key = channel_key if channel_key is not None else settings.PORTONE_CHANNEL_KEY
        self.webhook_secret = (
            webhook_secret if webhook_secret is not None else settings.PORTONE_WEBHOOK_SECRET
        )
        self.base_url = (base_url or settings.PORTONE_API_BASE).rstrip("/")
        self.client = portone.PaymentClient(
            secret=self.api_secret, base_url=self.base_url, store_id=self.store_id or None
        )

    def channel_for(self, easy_pay_provider: str = "") -> str:
        """The channel of a way to pay: KakaoPay and NaverPay are channels of their own in
        PortOne (``billingKeyMethod``/``payMethod`` ``EASY_PAY`` on that channel)."""
        if easy_pay_provider == "kakaopay":
            return settings.PORTONE_KAKAOPAY_CHANNEL_KEY or self.channel_key
        if easy_pay_provider == "naverpay":
            return settings.PORTONE_NAVERPAY_CHANNEL_KEY or self.channel_key
        return self.channel_key

    def client_config(self) -> dict[str, str]:
        return {
            "store_id": self.store_id,
            "channel_key": self.channel_key,
            "kakaopay_channel_key": self.channel_for("kakaopay"),
            "naverpay_channel_key": self.channel_for("naverpay"),
        }

    def issue_billing_key(self, *, auth_key: str, customer_key: str) -> BillingKeyResult:
        try:
            info = self.client.billing_key.get_billing_key_info(billing_key=auth_key)
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc
        if not isinstance(info, IssuedBillingKeyInfo):
            raise GatewayError(
                "BILLING_KEY_NOT_ISSUED", "the billing key is not issued", declined=True
            )
        if self.store_id and info.store_id != self.store_id:
            raise GatewayError("FORBIDDEN", "the billing key belongs to another store")
        if customer_key and info.customer.id and info.customer.id != customer_key:
            raise GatewayError("CUSTOMER_MISMATCH", "the billing key belongs to another customer")
        method, card, easy_pay_provider = _billing_key_method(info.methods)
        return BillingKeyResult(
            billing_key=info.billing_key,
            customer_key=customer_key,
            method=method,
            card=card,
            easy_pay_provider=easy_pay_provider,
        )

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
        # PortOne is idempotent by payment id: our order id, fixed per subscription period and
        # attempt. Paying it twice answers AlreadyPaid, and then we read the first payment.
        try:
            self.client.pay_with_billing_key(
                payment_id=order_id,
                billing_key=billing_key,
                channel_key=self.channel_for(easy_pay_provider) or None,
                order_name=order_name,
                customer=CustomerInput(id=customer_key or None, email=customer_email or None),
                amount=PaymentAmountInput(total=amount),
                currency=currency,
            )
        except portone_errors.AlreadyPaidError:
            pass
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc
        return self.get_payment(provider_tx_id="", order_id=order_id)

    def confirm_payment(
        self, *, payment_key: str, order_id: str, amount: int, currency: str, idempotency_key: str
    ) -> ChargeResult:
        if payment_key and payment_key != order_id:
            raise GatewayError("INVALID_REQUEST", "paymentId does not match the order")
        return self.get_payment(provider_tx_id="", order_id=order_id)

    def get_payment(self, *, provider_tx_id: str, order_id: str) -> ChargeResult:
        try:
            payment = self.client.get_payment(payment_id=order_id)
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc
        return _payment(payment)

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
        # PortOne takes no idempotency key on cancel; ``currentCancellableAmount`` makes a
        # retried cancel fail (CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN) once the first went through.
        try:
            response = self.client.cancel_payment(
                payment_id=order_id,
                amount=amount,
                reason=reason[:200] or "refund",
                current_cancellable_amount=current_cancellable_amount,
            )
        except portone_errors.CancellableAmountConsistencyBrokenError as exc:
            raise GatewayError(
                "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
                getattr(exc, "message", None) or "the cancellable amount has changed",
                lookup=True,
            ) from exc
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc
        cancellation = response.cancellation
        if not isinstance(cancellation, SucceededPaymentCancellation):
            raise GatewayError(
                "CANCELLATION_PENDING", "the cancellation is not finished", retryable=True
            )
        return RefundResult(
            provider_refund_id=cancellation.id,
            amount=cancellation.total_amount,
            canceled_at=_parse_time(cancellation.cancelled_at),
            reason=cancellation.reason,
        )

    # --- cash receipts (현금영수증) ----------------------------------------------------------

    partial_cash_receipt_cancel = False  # the cancel takes no amount: cancel, then issue anew

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
        """``POST /cash-receipts`` for the payment id ``reference`` (the payment's own id, or
        a new one for a receipt issued again after a partial refund)."""
        try:
            response = self.client.cash_receipt.issue_cash_receipt(
                payment_id=reference,
                channel_key=self.channel_key,
                type="CORPORATE" if kind == "business" else "PERSONAL",
                order_name=order_name[:100],
                currency="KRW",
                amount=PaymentAmountInput(total=amount),
                customer=IssueCashReceiptCustomerInput(identity_number=identity_number),
            )
        except portone_errors.CashReceiptAlreadyIssuedError as exc:
            raise GatewayError(
                "CASH_RECEIPT_ALREADY_ISSUED", "already issued", lookup=True
            ) from exc
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc
        summary = response.cash_receipt
        return CashReceiptResult(
            receipt_key=reference,
            issue_number=summary.issue_number,
            receipt_url=summary.url,
            amount=amount,
        )

    def cancel_cash_receipt(
        self, *, receipt_key: str, amount: int | None, idempotency_key: str
    ) -> int:
        """``POST /payments/{paymentId}/cash-receipt/cancel``: always the whole receipt."""
        try:
            response = self.client.cash_receipt.cancel_cash_receipt_by_payment_id(
                payment_id=receipt_key
            )
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc
        return int(response.cancelled_amount)

    def list_records(
        self, *, start: date, end: date, order_ids: Iterable[str] = ()
    ) -> list[ProviderRecord]:
        """Approvals (``paidAt``) and cancellations (``cancelledAt``) whose moment falls in
        the KST days ``[start, end)``.

        ``GET /payments-by-cursor`` selects by the payment's *creation* time ("결제 건의
        생성일시를 기준으로", PortOne API V2 getAllPaymentsByCursor), not by when money
        moved: a payment opened at 23:59 and paid at 00:00:05 belongs to the next day, and a
        refund today of last month's payment is not in today's list at all. So the list is
        read from a day earlier (a payment is paid within minutes of being created), every
        amount is counted by its own timestamp, and ``order_ids`` (payments we refunded in
        the window) are fetched one by one when the list did not bring them.
        """
        window_start = datetime.combine(start, time.min, tzinfo=KST)
        window_end = datetime.combine(end, time.min, tzinfo=KST)
        since = (window_start - timedelta(days=1)).isoformat()
        until = window_end.isoformat()
        seen: dict[str, ChargeResult] = {}
        cursor: str | None = None
        while True:
            try:
                page = self.client.get_all_payments_by_cursor(
                    from_=since, until=until, cursor=cursor, size=1000
                )
            except (portone_errors.PortOneError, httpx.HTTPError) as exc:
                raise _error(exc) from exc
            for item in page.items:
                result = _payment(item.payment)
                seen[result.order_id] = result
            if len(page.items) < 1000:
                break
            cursor = page.items[-1].cursor
        for order_id in order_ids:
            if order_id not in seen:
                try:
                    seen[order_id] = self.get_payment(provider_tx_id="", order_id=order_id)
                except GatewayError as exc:
                    if not exc.not_found:
                        raise
        records: list[ProviderRecord] = []
        for result in seen.values():
            if result.status in (PaymentStatus.PENDING, PaymentStatus.FAILED):
                continue
            approved = (
                result.amount
                if result.approved_at is not None
                and window_start <= result.approved_at < window_end
                else 0
            )
            canceled = sum(
                item.amount
                for item in result.cancellations
                if item.canceled_at is not None and window_start <= item.canceled_at < window_end
            )
            if approved or canceled:
                records.append(
                    ProviderRecord(
                        order_id=result.order_id,
                        provider_tx_id=result.provider_tx_id,
                        approved_amount=approved,
                        canceled_amount=canceled,
                        currency=result.currency,
                    )
                )
        return records

    def delete_billing_key(self, *, billing_key: str, customer_key: str) -> None:
        try:
            self.client.billing_key.delete_billing_key(billing_key=billing_key)
        except (
            portone_errors.BillingKeyAlreadyDeletedError,
            portone_errors.BillingKeyNotFoundError,
        ):
            return
        except (portone_errors.PortOneError, httpx.HTTPError) as exc:
            raise _error(exc) from exc

    def parse_webhook(self, *, body: bytes, headers: dict[str, str]) -> WebhookMessage:
        lowered = {key.lower(): value for key, value in headers.items()}
        try:
            text = body.decode("utf-8")
            portone_webhook.verify(self.webhook_secret, text, lowered)
            payload = json.loads(text)
        except (portone_webhook.WebhookVerificationError, portone_webhook.InvalidInputError) as exc:
            raise WebhookRejected(str(getattr(exc, "message", exc))) from exc
        except (UnicodeDecodeError, ValueError) as exc:
            raise WebhookRejected("body is not JSON") from exc
        if not isinstance(payload, dict):
            raise WebhookRejected("not a PortOne webhook")
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        return WebhookMessage(
            event_id=lowered["webhook-id"],
            event_type=str(payload.get("type", "")),
            payload=payload,
            order_id=str(data.get("paymentId") or ""),
            provider_tx_id=str(data.get("transactionId") or ""),
            billing_key=str(data.get("billingKey") or ""),
        )
