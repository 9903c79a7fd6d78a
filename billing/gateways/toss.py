"""Toss Payments REST API v1 (https://docs.tosspayments.com/reference), over httpx.

``Authorization: Basic base64(secret_key + ":")``; every POST carries an ``Idempotency-Key``
so a retried request (a worker that died mid-call) returns Toss's first answer instead of
charging twice. Errors come back as ``{"code", "message"}``. Payment webhooks are not
signed: they are trusted only after the payment is fetched again with the secret key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
from django.conf import settings

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

STATUS = {
    "READY": PaymentStatus.PENDING,
    "IN_PROGRESS": PaymentStatus.PENDING,
    "WAITING_FOR_DEPOSIT": PaymentStatus.PENDING,
    "DONE": PaymentStatus.APPROVED,
    "PARTIAL_CANCELED": PaymentStatus.PARTIALLY_REFUNDED,
    "CANCELED": PaymentStatus.REFUNDED,
    "ABORTED": PaymentStatus.FAILED,
    "EXPIRED": PaymentStatus.FAILED,
}
METHODS = {
    "카드": "card",
    "CARD": "card",
    "간편결제": "easy_pay",
    "EASY_PAY": "easy_pay",
    "계좌이체": "transfer",
    "TRANSFER": "transfer",
    "가상계좌": "virtual_account",
    "VIRTUAL_ACCOUNT": "virtual_account",
    "휴대폰": "mobile",
    "MOBILE_PHONE": "mobile",
}
# Toss's easyPay.provider names (Payment object) for the wallets Haru offers
EASY_PAY_PROVIDERS = {"카카오페이": "kakaopay", "네이버페이": "naverpay", "토스페이": "tosspay"}
# Toss's bank codes (transfer.bankCode) for the banks of 퀵계좌이체 accounts
BANKS = {
    "39": "경남", "34": "광주", "12": "단위농협", "32": "부산", "45": "새마을", "64": "산림",
    "88": "신한", "48": "신협", "27": "씨티", "20": "우리", "71": "우체국", "50": "저축",
    "37": "전북", "35": "제주", "90": "카카오", "89": "케이", "92": "토스", "81": "하나",
    "54": "HSBC", "31": "대구", "03": "기업", "06": "국민", "02": "산업", "11": "농협",
    "23": "SC제일", "07": "수협",
}  # fmt: skip
# Toss's card company codes (issuerCode / acquirerCode)
CARD_COMPANIES = {
    "3K": "기업비씨", "46": "광주", "71": "롯데", "30": "산업", "31": "BC", "51": "삼성",
    "38": "새마을", "41": "신한", "62": "신협", "36": "씨티", "33": "우리", "W1": "우리",
    "37": "우체국", "39": "저축", "35": "전북", "42": "제주", "15": "카카오뱅크",
    "3A": "케이뱅크", "24": "토스뱅크", "21": "하나", "61": "현대", "11": "국민", "91": "농협",
    "34": "수협", "6D": "다이너스", "6I": "디스커버", "4M": "마스터", "3C": "유니온페이",
    "7A": "AMEX", "4J": "JCB", "4V": "VISA",
}  # fmt: skip
# Codes that mean "the card said no" (the customer must act), not "try again later".
DECLINE_CODES = {
    "REJECT_CARD_PAYMENT",
    "REJECT_CARD_COMPANY",
    "REJECT_ACCOUNT_PAYMENT",
    "INVALID_CARD_EXPIRATION",
    "INVALID_STOPPED_CARD",
    "INVALID_CARD_LOST_OR_STOLEN",
    "INVALID_CARD_NUMBER",
    "EXCEED_MAX_DAILY_PAYMENT_COUNT",
    "EXCEED_MAX_PAYMENT_AMOUNT",
    "EXCEED_MAX_AMOUNT",
    "NOT_SUPPORTED_CARD_TYPE",
    "INVALID_REJECT_CARD",
    "REJECT_TOSSPAY_INVALID_ACCOUNT",
    "NOT_AVAILABLE_PAYMENT",
}
RETRYABLE_CODES = {
    "PROVIDER_ERROR",
    "FAILED_INTERNAL_SYSTEM_PROCESSING",
    "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
    "FAILED_CARD_COMPANY_RESPONSE",
    "IDEMPOTENT_REQUEST_PROCESSING",
    "UNKNOWN_PAYMENT_ERROR",
}
# A retry reached Toss after the first request went through: look the order up.
LOOKUP_CODES = {"DUPLICATED_ORDER_ID", "ALREADY_PROCESSED_PAYMENT"}
SENSITIVE_KEYS = {"billingKey", "customerKey", "secret", "checkout"}


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _scrub(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _scrub(v) for k, v in data.items() if k not in SENSITIVE_KEYS}
    if isinstance(data, list):
        return [_scrub(item) for item in data]
    return data


def _card(card: dict | None, company: str = "") -> CardDetails:
    card = card or {}
    number = card.get("number") or ""
    code = card.get("issuerCode") or ""
    return CardDetails(
        brand=company or CARD_COMPANIES.get(code, code),
        last_four=number[-4:] if number else "",
        issuer_code=code,
        card_type=card.get("cardType") or "",
        owner_type=card.get("ownerType") or "",
        number_masked=number,
    )


def _cancellation(item: dict) -> RefundResult:
    return RefundResult(
        provider_refund_id=item.get("transactionKey") or "",
        amount=int(item.get("cancelAmount") or 0),
        canceled_at=_parse_time(item.get("canceledAt")),
        reason=item.get("cancelReason") or "",
        raw=item,
    )


def _bank(transfer: dict | None) -> CardDetails:
    code = str((transfer or {}).get("bankCode") or "")
    return CardDetails(brand=BANKS.get(code, code), issuer_code=code)


def _payment(data: dict) -> ChargeResult:
    failure = data.get("failure") or {}
    easy_pay = data.get("easyPay") or {}
    provider_name = str(easy_pay.get("provider") or "")
    card = _card(data.get("card"), company=provider_name if not data.get("card") else "")
    if not data.get("card") and data.get("transfer"):
        card = _bank(data.get("transfer"))
    return ChargeResult(
        status=STATUS.get(data.get("status", ""), PaymentStatus.PENDING),
        order_id=data.get("orderId", ""),
        provider_tx_id=data.get("paymentKey", ""),
        amount=int(data.get("totalAmount") or 0),
        balance_amount=int(data.get("balanceAmount") or 0),
        currency=data.get("currency") or "KRW",
        approved_at=_parse_time(data.get("approvedAt")),
        receipt_url=(data.get("receipt") or {}).get("url") or "",
        method=METHODS.get(data.get("method") or "", "card"),
        card=card,
        easy_pay_provider=EASY_PAY_PROVIDERS.get(provider_name, ""),
        failure_code=failure.get("code", ""),
        failure_message=failure.get("message", ""),
        cancellations=tuple(_cancellation(item) for item in data.get("cancels") or []),
        raw=_scrub(data),
    )


_client: httpx.Client | None = None
_client_lock = threading.Lock()


def _http() -> httpx.Client:
    """One pooled client per process: building an SSL context per call costs ~0.1 s of CPU,
    which 100,000 renewals cannot afford. ``httpx.Client`` is safe to share between threads."""
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                _client = httpx.Client()
    return _client


class TossGateway(Gateway):
    name = "toss"
    browser_sdk_url = "https://js.tosspayments.com/v2/standard"

    def __init__(
        self,
        *,
        secret_key: str | None = None,
        client_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.secret_key = secret_key if secret_key is not None else settings.TOSS_SECRET_KEY
        self.client_key = client_key if client_key is not None else settings.TOSS_CLIENT_KEY
        self.base_url = (base_url or settings.TOSS_API_BASE).rstrip("/")
        self.timeout = timeout or settings.BILLING_GATEWAY_TIMEOUT

    # --- transport -----------------------------------------------------------------------------

    def _headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        token = base64.b64encode(f"{self.secret_key}:".encode()).decode()
        headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key[:300]
        return headers

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: dict | None = None,
        idempotency_key: str | None = None,
        params: dict | None = None,
    ) -> Any:
        if method == "POST" and not idempotency_key:
            raise ValueError("every Toss POST carries an Idempotency-Key")
        try:
            response = _http().request(
                method,
                f"{self.base_url}{path}",
                json=body,
                params=params,
                headers=self._headers(idempotency_key),
                timeout=self.timeout,
            )
        except httpx.TimeoutException as exc:
            raise GatewayError("TIMEOUT", str(exc), retryable=True) from exc
        except httpx.TransportError as exc:
            raise GatewayError("NETWORK_ERROR", str(exc), retryable=True) from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.is_success:
            return data
        code = str(data.get("code") or f"HTTP_{response.status_code}")
        raise GatewayError(
            code,
            str(data.get("message") or response.reason_phrase),
            http_status=response.status_code,
            retryable=response.status_code >= 500 or code in RETRYABLE_CODES,
            declined=code in DECLINE_CODES,
            lookup=code in LOOKUP_CODES,
        )

    # --- interface -----------------------------------------------------------------------------

    def client_config(self) -> dict[str, str]:
        return {"client_key": self.client_key}

    def issue_billing_key(self, *, auth_key: str, customer_key: str) -> BillingKeyResult:
        data = self._request(
            "POST",
            "/v1/billing/authorizations/issue",
            body={"authKey": auth_key, "customerKey": customer_key},
            idempotency_key="issue-" + hashlib.sha256(auth_key.encode()).hexdigest()[:40],
        )
        if data.get("customerKey") and data["customerKey"] != customer_key:
            raise GatewayError("NOT_MATCHES_CUSTOMER_KEY", "customer key mismatch")
        method = METHODS.get(data.get("method") or "", "card")
        # A bank account registers through 퀵계좌이체: ``requestBillingAuth({method:
        # "TRANSFER"})`` in the browser, then this same issue call with the authKey
        # (docs.tosspayments.com/guides/v2/billing/integration-quick); its key is charged
        # like a card's, with ``POST /v1/billing/{billingKey}``. The account is described
        # as the Payment object does (``transfer.bankCode``).
        details = (
            _bank(data.get("transfer"))
            if method == "transfer"
            else _card(data.get("card"), company=data.get("cardCompany") or "")
        )
        return BillingKeyResult(
            billing_key=data["billingKey"],
            customer_key=customer_key,
            method=method,
            card=details,
            raw=_scrub(data),
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
        body: dict[str, Any] = {
            "customerKey": customer_key,
            "amount": amount,
            "orderId": order_id,
            "orderName": order_name,
        }
        if customer_email:
            body["customerEmail"] = customer_email
        if customer_name:
            body["customerName"] = customer_name
        try:
            data = self._request(
                "POST",
                f"/v1/billing/{quote(billing_key, safe='')}",
                body=body,
                idempotency_key=idempotency_key,
            )
        except GatewayError as exc:
            if exc.lookup:  # an earlier try of this order went through: read that answer
                return self.get_payment(provider_tx_id="", order_id=order_id)
            raise
        return _payment(data)

    def confirm_payment(
        self, *, payment_key: str, order_id: str, amount: int, currency: str, idempotency_key: str
    ) -> ChargeResult:
        try:
            data = self._request(
                "POST",
                "/v1/payments/confirm",
                body={"paymentKey": payment_key, "orderId": order_id, "amount": amount},
                idempotency_key=idempotency_key,
            )
        except GatewayError as exc:
            if exc.lookup:
                return self.get_payment(provider_tx_id=payment_key, order_id=order_id)
            raise
        return _payment(data)

    def get_payment(self, *, provider_tx_id: str, order_id: str) -> ChargeResult:
        if provider_tx_id:
            return _payment(self._request("GET", f"/v1/payments/{quote(provider_tx_id, safe='')}"))
        return _payment(self._request("GET", f"/v1/payments/orders/{quote(order_id, safe='')}"))

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
        # Toss answers a repeated Idempotency-Key with its first answer: one key per refund,
        # kept on every try of that refund, never refunds twice.
        data = self._request(
            "POST",
            f"/v1/payments/{quote(provider_tx_id, safe='')}/cancel",
            body={"cancelReason": reason[:200] or "refund", "cancelAmount": amount},
            idempotency_key=idempotency_key,
        )
        cancels = data.get("cancels") or []
        if not cancels:
            raise GatewayError("INVALID_RESPONSE", "cancel answered without a cancellation")
        # the newest cancellation is last; prefer the last one for this amount
        matching = [item for item in cancels if int(item.get("cancelAmount") or 0) == amount]
        return _cancellation((matching or cancels)[-1])

    # --- cash receipts (현금영수증) ----------------------------------------------------------

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
        """``POST /v1/cash-receipts``: type 소득공제 (a phone number) or 지출증빙 (a business
        registration number) in ``customerIdentityNumber``."""
        data = self._request(
            "POST",
            "/v1/cash-receipts",
            body={
                "amount": amount,
                "orderId": reference,
                "orderName": order_name[:100],
                "customerIdentityNumber": identity_number,
                "type": "지출증빙" if kind == "business" else "소득공제",
                "taxFreeAmount": 0,
            },
            idempotency_key=idempotency_key,
        )
        if not data.get("receiptKey"):
            raise GatewayError("INVALID_RESPONSE", "the cash receipt came back without a key")
        return CashReceiptResult(
            receipt_key=str(data["receiptKey"]),
            issue_number=str(data.get("issueNumber") or data.get("approvalNumber") or ""),
            receipt_url=str(data.get("receiptUrl") or ""),
            amount=int(data.get("amount") or amount),
            raw=_scrub(data),
        )

    def cancel_cash_receipt(
        self, *, receipt_key: str, amount: int | None, idempotency_key: str
    ) -> int:
        """``POST /v1/cash-receipts/{receiptKey}/cancel``; ``amount`` cancels part of it."""
        data = self._request(
            "POST",
            f"/v1/cash-receipts/{quote(receipt_key, safe='')}/cancel",
            body={} if amount is None else {"amount": amount},
            idempotency_key=idempotency_key,
        )
        return int(amount if amount is not None else data.get("amount") or 0)

    def list_records(
        self, *, start: date, end: date, order_ids: Iterable[str] = ()
    ) -> list[ProviderRecord]:
        """``GET /v1/settlements`` by sold date: one row per approval (positive ``amount``)
        and per cancellation (negative), summed per payment key. Sold dates are the KST days
        money moved, so ``order_ids`` are not needed."""
        rows: list[dict] = []
        page = 1
        while True:
            batch = self._request(
                "GET",
                "/v1/settlements",
                params={
                    "startDate": start.isoformat(),
                    "endDate": (end - timedelta(days=1)).isoformat(),
                    "dateType": "soldDate",
                    "page": page,
                    "size": 5000,
                },
            )
            if not isinstance(batch, list):
                raise GatewayError("INVALID_RESPONSE", "settlements answered without a list")
            rows.extend(batch)
            if len(batch) < 5000:
                break
            page += 1
        records: dict[str, dict[str, Any]] = {}
        for row in rows:
            key = str(row.get("paymentKey") or "")
            record = records.setdefault(
                key,
                {"order_id": str(row.get("orderId") or ""), "approved": 0, "canceled": 0},
            )
            amount = int(row.get("amount") or 0)
            if amount >= 0:
                record["approved"] += amount
            else:
                record["canceled"] += -amount
            record["currency"] = row.get("currency") or "KRW"
        return [
            ProviderRecord(
                order_id=value["order_id"],
                provider_tx_id=key,
                approved_amount=value["approved"],
                canceled_amount=value["canceled"],
                currency=value.get("currency", "KRW"),
            )
            for key, value in records.items()
        ]

    def delete_billing_key(self, *, billing_key: str, customer_key: str) -> None:
        # Toss has no public API to delete a billing key; it lapses when no longer charged.
        return None

    def parse_webhook(self, *, body: bytes, headers: dict[str, str]) -> WebhookMessage:
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise WebhookRejected("body is not JSON") from exc
        if not isinstance(payload, dict) or "eventType" not in payload:
            raise WebhookRejected("not a Toss webhook")
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        lowered = {key.lower(): value for key, value in headers.items()}
        event_id = lowered.get("tosspayments-webhook-transmission-id") or (
            "sha256:" + hashlib.sha256(body).hexdigest()
        )
        return WebhookMessage(
            event_id=event_id,
            event_type=str(payload["eventType"]),
            payload=_scrub(payload),
            order_id=str(data.get("orderId") or ""),
            provider_tx_id=str(data.get("paymentKey") or ""),
        )
