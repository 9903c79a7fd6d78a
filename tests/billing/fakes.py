"""Local HTTP servers that speak Toss Payments v1 and PortOne V2, for the gateway clients.

They implement the endpoints Haru calls, with the providers' error shapes and codes, keep
what they charged in memory, and record every request so tests can count charges.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

APPROVED_CARD_NUMBER = "43301234****123*"
KST = timezone(timedelta(hours=9))


def now_iso() -> str:
    return datetime.now(tz=UTC).astimezone().isoformat(timespec="seconds")


class _Handler(BaseHTTPRequestHandler):
    server: FakeServer

    def log_message(self, *args):  # quiet
        return

    def _body(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def _send(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _dispatch(self, method: str) -> None:
        body = self._body() if method == "POST" else {}
        parsed = urlparse(self.path)
        path, query = parsed.path, {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        with self.server.lock:
            self.server.requests.append(
                {
                    "method": method,
                    "path": path,
                    "query": query,
                    "body": body,
                    "headers": dict(self.headers),
                }
            )
        status, data = self.server.app.handle(method, path, body, dict(self.headers), query)
        with self.server.lock:
            drop = self.server.drop_answers > 0 and method == "POST"
            if drop:
                self.server.drop_answers -= 1
        if drop:  # the work is done but the answer is lost on the way back
            self.close_connection = True
            return
        # a client that gave up waiting (a timeout) is gone; the work above is done all the same
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(status, data)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.app = app
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        # POSTs whose work is done but whose answer never reaches the client
        self.drop_answers = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()

    def calls(self, method: str, pattern: str) -> list[dict]:
        return [
            r for r in self.requests if r["method"] == method and re.fullmatch(pattern, r["path"])
        ]


# --- Toss Payments v1 ---------------------------------------------------------------------------


class TossApp:
    """Toss's payments, billing and cancel endpoints (docs.tosspayments.com/reference)."""

    def __init__(self, secret_key: str = "test_sk_haru"):  # noqa: S107
        self.secret_key = secret_key
        self.payments: dict[str, dict] = {}  # paymentKey -> Payment object
        self.sessions: dict[str, dict] = {}  # paymentKey -> {orderId, amount} from the widget
        self.auth_keys: dict[str, dict] = {}  # authKey -> {customerKey, card}
        self.billing_keys: dict[str, dict] = {}  # billingKey -> {customerKey, decline}
        self.cash_receipts: dict[str, dict] = {}  # receiptKey -> CashReceipt object
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.lock = threading.Lock()
        self.delay = 0.0

    # test helpers (what the browser SDK and the card window would do)
    def widget_payment(
        self, *, order_id: str, amount: int, decline: str = "", easy_pay: str = ""
    ) -> str:
        """``easy_pay`` (토스페이, 카카오페이, 네이버페이) pays with that wallet (간편결제)."""
        key = "tgen_" + secrets.token_hex(10)
        self.sessions[key] = {
            "orderId": order_id,
            "amount": amount,
            "decline": decline,
            "easyPay": easy_pay,
        }
        return key

    def billing_auth(
        self, *, customer_key: str, decline_charges: str = "", method: str = "CARD"
    ) -> str:
        """What ``requestBillingAuth({method})`` brings back: ``CARD``, or ``TRANSFER`` for a
        bank account registered through 퀵계좌이체."""
        auth_key = "bln_" + secrets.token_hex(10)
        self.auth_keys[auth_key] = {
            "customerKey": customer_key,
            "decline": decline_charges,
            "method": method,
        }
        return auth_key

    @staticmethod
    def error(status: int, code: str, message: str) -> tuple[int, dict]:
        return status, {"code": code, "message": message}

    def _authorized(self, headers: dict) -> bool:
        expected = "Basic " + base64.b64encode(f"{self.secret_key}:".encode()).decode()
        return headers.get("Authorization") == expected

    def _payment(self, *, key, order_id, amount, order_name="Haru", type_="NORMAL") -> dict:
        return {
            "mId": "tvivarepublica",
            "version": "2022-11-16",
            "paymentKey": key,
            "lastTransactionKey": secrets.token_hex(16),
            "orderId": order_id,
            "orderName": order_name,
            "status": "DONE",
            "type": type_,
            "method": "카드",
            "currency": "KRW",
            "totalAmount": amount,
            "balanceAmount": amount,
            "suppliedAmount": round(amount / 1.1),
            "vat": amount - round(amount / 1.1),
            "requestedAt": now_iso(),
            "approvedAt": now_iso(),
            "card": {
                "issuerCode": "41",
                "acquirerCode": "41",
                "number": APPROVED_CARD_NUMBER,
                "installmentPlanMonths": 0,
                "approveNo": "00000000",
                "cardType": "신용",
                "ownerType": "개인",
                "amount": amount,
            },
            "receipt": {"url": f"https://dashboard.tosspayments.com/receipt/{key}"},
            "cancels": None,
            "failure": None,
        }

    def handle(self, method, path, body, headers, query=None):
        if not self._authorized(headers):
            return self.error(
                401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다."
            )
        if method == "POST" and not headers.get("Idempotency-Key"):
            return self.error(400, "INVALID_REQUEST", "Idempotency-Key is required by this server")
        if self.delay:
            time.sleep(self.delay)
        if method == "POST":
            key = headers["Idempotency-Key"]
            with self.lock:
                if key in self.idempotent:
                    return self.idempotent[key]
                result = self._post(path, body)
                if result[0] < 500:
                    self.idempotent[key] = result
                return result
        if path == "/v1/settlements":
            return self._settlements(query or {})
        return self._get(path)

    def _settlements(self, query):
        """``GET /v1/settlements``: one row per approval and per cancellation (negative
        amount) whose sold date falls in ``[startDate, endDate]`` (KST dates)."""
        start, end = query.get("startDate"), query.get("endDate")
        if not start or not end:
            return self.error(400, "INVALID_REQUEST", "startDate, endDate 는 필수입니다.")
        page, size = int(query.get("page", 1)), int(query.get("size", 100))
        rows = []
        for payment in self.payments.values():
            entries = [
                (payment["approvedAt"], payment["totalAmount"], payment["lastTransactionKey"])
            ]
            entries += [
                (c["canceledAt"], -c["cancelAmount"], c["transactionKey"])
                for c in payment["cancels"] or []
            ]
            for stamp, amount, transaction_key in entries:
                sold = datetime.fromisoformat(stamp).astimezone(KST).date().isoformat()
                if start <= sold <= end:
                    rows.append(
                        {
                            "mId": "tvivarepublica",
                            "paymentKey": payment["paymentKey"],
                            "transactionKey": transaction_key,
                            "orderId": payment["orderId"],
                            "currency": "KRW",
                            "method": payment["method"],
                            "amount": amount,
                            "interestFee": 0,
                            "fees": [],
                            "supplyAmount": round(amount / 1.1),
                            "vat": amount - round(amount / 1.1),
                            "payOutAmount": amount,
                            "approvedAt": payment["approvedAt"],
                            "soldDate": sold,
                            "paidOutDate": sold,
                        }
                    )
        return 200, rows[(page - 1) * size : page * size]

    def _get(self, path):
        match = re.fullmatch(r"/v1/payments/([^/]+)", path)
        if match and unquote(match.group(1)) in self.payments:
            return 200, self.payments[unquote(match.group(1))]
        match = re.fullmatch(r"/v1/payments/orders/([^/]+)", path)
        if match:
            for payment in self.payments.values():
                if payment["orderId"] == unquote(match.group(1)):
                    return 200, payment
        return self.error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")

    def _post(self, path, body):
        if path == "/v1/payments/confirm":
            return self._confirm(body)
        if path == "/v1/billing/authorizations/issue":
            return self._issue(body)
        match = re.fullmatch(r"/v1/billing/([^/]+)", path)
        if match:
            return self._charge(unquote(match.group(1)), body)
        match = re.fullmatch(r"/v1/payments/([^/]+)/cancel", path)
        if match:
            return self._cancel(unquote(match.group(1)), body)
        if path == "/v1/cash-receipts":
            return self._cash_receipt_issue(body)
        match = re.fullmatch(r"/v1/cash-receipts/([^/]+)/cancel", path)
        if match:
            return self._cash_receipt_cancel(unquote(match.group(1)), body)
        return self.error(404, "NOT_FOUND", "없는 API 입니다.")

    def _cash_receipt_issue(self, body):
        """``POST /v1/cash-receipts``: amount, orderId, orderName, customerIdentityNumber,
        type (소득공제 / 지출증빙), taxFreeAmount; answers a CashReceipt object."""
        amount, order_id = body.get("amount"), body.get("orderId")
        number, type_ = str(body.get("customerIdentityNumber") or ""), body.get("type")
        if not isinstance(amount, int) or amount <= 0 or not order_id or not body.get("orderName"):
            return self.error(400, "INVALID_REQUEST", "잘못된 요청입니다.")
        if type_ not in ("소득공제", "지출증빙"):
            return self.error(400, "INVALID_CASH_RECEIPT_TYPE", "현금영수증 종류가 잘못됐습니다.")
        if not re.fullmatch(r"\d{10,18}", number):
            return self.error(
                400, "INVALID_REGISTRATION_NUMBER", "현금영수증 발급 번호가 올바르지 않습니다."
            )
        key = "cr_" + secrets.token_hex(10)
        self.cash_receipts[key] = {
            "receiptKey": key,
            "issueNumber": str(secrets.randbelow(10**9)).zfill(9),
            "issueStatus": "COMPLETED",
            "transactionType": "CONFIRM",
            "amount": amount,
            "taxFreeAmount": int(body.get("taxFreeAmount") or 0),
            "orderId": order_id,
            "orderName": body["orderName"],
            "type": type_,
            "customerIdentityNumber": number,
            "businessNumber": "1234567890",
            "receiptUrl": f"https://dashboard.example/receipt/cash/{key}",
            "requestedAt": now_iso(),
            "error": None,
            "canceled": 0,
        }
        return 200, self.cash_receipts[key]

    def _cash_receipt_cancel(self, key, body):
        """``POST /v1/cash-receipts/{receiptKey}/cancel``: ``amount`` cancels part, none all."""
        receipt = self.cash_receipts.get(key)
        if receipt is None:
            return self.error(404, "NOT_FOUND_CASH_RECEIPT", "존재하지 않는 현금영수증입니다.")
        left = receipt["amount"] - receipt["canceled"]
        amount = body.get("amount", left)
        if left <= 0:
            return self.error(400, "ALREADY_CANCELED_CASH_RECEIPT", "이미 취소된 현금영수증입니다.")
        if not isinstance(amount, int) or not 0 < amount <= left:
            return self.error(400, "INVALID_CANCEL_AMOUNT", "취소 금액이 올바르지 않습니다.")
        receipt["canceled"] += amount
        return 200, {
            **receipt,
            "receiptKey": "cr_" + secrets.token_hex(10),
            "transactionType": "CANCEL",
            "amount": amount,
        }

    def _confirm(self, body):
        key, order_id, amount = body.get("paymentKey"), body.get("orderId"), body.get("amount")
        if not key or not order_id or not isinstance(amount, int):
            return self.error(400, "INVALID_REQUEST", "잘못된 요청입니다.")
        if key in self.payments:
            return self.error(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.")
        session = self.sessions.get(key)
        if session is None or session["orderId"] != order_id:
            return self.error(
                404,
                "NOT_FOUND_PAYMENT_SESSION",
                "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.",
            )
        if session["amount"] != amount:
            return self.error(400, "INVALID_REQUEST", "요청 금액과 결제 금액이 일치하지 않습니다.")
        if session["decline"]:
            return self.error(
                403, session["decline"], "한도초과 혹은 잔액부족으로 결제에 실패했습니다."
            )
        payment = self._payment(key=key, order_id=order_id, amount=amount)
        if session.get("easyPay"):
            # 간편결제 paid from the wallet's balance: no card object, easyPay carries it
            payment["method"] = "간편결제"
            payment["card"] = None
            payment["easyPay"] = {
                "provider": session["easyPay"],
                "amount": amount,
                "discountAmount": 0,
            }
        self.payments[key] = payment
        return 200, payment

    def _issue(self, body):
        auth = self.auth_keys.pop(body.get("authKey", ""), None)
        if auth is None:
            return self.error(400, "INVALID_AUTHORIZE_AUTH", "유효하지 않은 인증 방식입니다.")
        if auth["customerKey"] != body.get("customerKey"):
            return self.error(
                403,
                "NOT_MATCHES_CUSTOMER_KEY",
                "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다.",
            )
        billing_key = "bk_" + secrets.token_urlsafe(24)
        self.billing_keys[billing_key] = {
            "customerKey": auth["customerKey"],
            "decline": auth["decline"],
            "method": auth.get("method", "CARD"),
        }
        if auth.get("method") == "TRANSFER":
            return 200, {
                "mId": "tvivarepublica",
                "customerKey": auth["customerKey"],
                "authenticatedAt": now_iso(),
                "method": "계좌이체",
                "billingKey": billing_key,
                "transfer": {"bankCode": "06"},
            }
        return 200, {
            "mId": "tvivarepublica",
            "customerKey": auth["customerKey"],
            "authenticatedAt": now_iso(),
            "method": "카드",
            "billingKey": billing_key,
            "card": {
                "issuerCode": "41",
                "acquirerCode": "41",
                "number": APPROVED_CARD_NUMBER,
                "cardType": "신용",
                "ownerType": "개인",
            },
            "cardCompany": "신한",
            "cardNumber": APPROVED_CARD_NUMBER,
        }

    def _charge(self, billing_key, body):
        stored = self.billing_keys.get(billing_key)
        if stored is None:
            return self.error(404, "NOT_FOUND_BILLING", "존재하지 않는 빌링 정보입니다.")
        if stored["customerKey"] != body.get("customerKey"):
            return self.error(
                403,
                "NOT_MATCHES_CUSTOMER_KEY",
                "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다.",
            )
        if any(p["orderId"] == body.get("orderId") for p in self.payments.values()):
            return self.error(
                400, "DUPLICATED_ORDER_ID", "이미 승인 및 취소가 진행된 중복된 주문번호 입니다."
            )
        if stored["decline"]:
            return self.error(
                403, stored["decline"], "한도초과 혹은 잔액부족으로 결제에 실패했습니다."
            )
        key = "tbill_" + secrets.token_hex(10)
        payment = self._payment(
            key=key,
            order_id=body["orderId"],
            amount=body["amount"],
            order_name=body.get("orderName", ""),
            type_="BILLING",
        )
        if stored.get("method") == "TRANSFER":
            payment["method"] = "계좌이체"
            payment["card"] = None
            payment["transfer"] = {"bankCode": "06", "settlementStatus": "INCOMPLETED"}
        self.payments[key] = payment
        return 200, payment

    def _cancel(self, key, body):
        payment = self.payments.get(key)
        if payment is None:
            return self.error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
        if payment["status"] == "CANCELED":
            return self.error(400, "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.")
        amount = body.get("cancelAmount", payment["balanceAmount"])
        if amount > payment["balanceAmount"]:
            return self.error(403, "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.")
        payment["balanceAmount"] -= amount
        payment["status"] = "CANCELED" if payment["balanceAmount"] == 0 else "PARTIAL_CANCELED"
        payment["cancels"] = [
            *(payment["cancels"] or []),
            {
                "transactionKey": secrets.token_hex(16),
                "cancelReason": body.get("cancelReason", ""),
                "cancelAmount": amount,
                "canceledAt": now_iso(),
                "cancelStatus": "DONE",
            },
        ]
        return 200, payment


# --- PortOne V2 ---------------------------------------------------------------------------------


class PortOneApp:
    """PortOne V2's payment, billing-key and cancel endpoints (PortOne REST API V2)."""

    def __init__(self, secret: str = "portone-secret", store_id: str = "store-haru"):  # noqa: S107
        self.secret = secret
        self.store_id = store_id
        self.payments: dict[str, dict] = {}
        self.billing_keys: dict[str, dict] = {}
        self.cash_receipts: dict[str, dict] = {}  # paymentId -> the receipt issued for it
        self.lock = threading.Lock()
        self.delay = 0.0

    def _cash_receipt_issue(self, body):
        """``POST /cash-receipts`` (IssueCashReceiptBody): paymentId, channelKey, type
        (PERSONAL / CORPORATE), orderName, currency, amount.total, customer.identityNumber."""
        payment_id, amount = body.get("paymentId"), (body.get("amount") or {}).get("total")
        number = str((body.get("customer") or {}).get("identityNumber") or "")
        if not payment_id or not body.get("channelKey") or not body.get("orderName"):
            return self.error(400, "INVALID_REQUEST", "요청된 입력 정보가 유효하지 않습니다.")
        if body.get("type") not in ("PERSONAL", "CORPORATE") or not isinstance(amount, int):
            return self.error(400, "INVALID_REQUEST", "요청된 입력 정보가 유효하지 않습니다.")
        if not number.isdigit():
            return self.error(400, "INVALID_REQUEST", "고객 식별값이 유효하지 않습니다.")
        if payment_id in self.cash_receipts:
            return self.error(
                409, "CASH_RECEIPT_ALREADY_ISSUED", "현금영수증이 이미 발급되었습니다."
            )
        issue_number = str(secrets.randbelow(10**9)).zfill(9)
        self.cash_receipts[payment_id] = {
            "status": "ISSUED",
            "amount": amount,
            "type": body["type"],
            "identityNumber": number,
            "issueNumber": issue_number,
        }
        return 200, {
            "cashReceipt": {
                "issueNumber": issue_number,
                "url": f"https://receipt.example/portone/cash/{payment_id}",
                "pgReceiptId": "pg-cr-" + uuid.uuid4().hex[:12],
            }
        }

    def _cash_receipt_cancel(self, payment_id):
        """``POST /payments/{paymentId}/cash-receipt/cancel``: the whole receipt."""
        receipt = self.cash_receipts.get(payment_id)
        if receipt is None:
            return self.error(404, "CASH_RECEIPT_NOT_FOUND", "현금영수증이 존재하지 않습니다.")
        if receipt["status"] != "ISSUED":
            return self.error(409, "CASH_RECEIPT_NOT_ISSUED", "현금영수증이 발급되지 않았습니다.")
        receipt["status"] = "CANCELLED"
        return 200, {"cancelledAmount": receipt["amount"], "cancelledAt": now_iso()}

    def _by_cursor(self, request):
        """``GET /payments-by-cursor``: payments created in ``[from, until)``."""
        since = datetime.fromisoformat(request["from"]) if request.get("from") else None
        until = datetime.fromisoformat(request["until"]) if request.get("until") else None
        items = []
        for payment in self.payments.values():
            created = datetime.fromisoformat(payment["requestedAt"].replace("Z", "+00:00"))
            if (since and created < since) or (until and created >= until):
                continue
            items.append({"payment": payment, "cursor": payment["id"]})
        start = 0
        if request.get("cursor"):
            ids = [item["cursor"] for item in items]
            start = ids.index(request["cursor"]) + 1 if request["cursor"] in ids else len(ids)
        return 200, {"items": items[start : start + int(request.get("size") or 10)]}

    def issue_billing_key(
        self, *, customer_id: str, decline: bool = False, easy_pay: str = "", channel: str = ""
    ) -> str:
        """What the browser SDK's requestIssueBillingKey does; ``easy_pay`` (KAKAOPAY,
        NAVERPAY) is ``billingKeyMethod: "EASY_PAY"`` on that wallet's ``channel``."""
        key = "billing-key-" + uuid.uuid4().hex
        self.billing_keys[key] = {
            "customer": customer_id,
            "decline": decline,
            "deleted": False,
            "easyPay": easy_pay,
            "channel": channel or "channel-key-1",
        }
        return key

    def browser_payment(self, *, payment_id: str, amount: int) -> None:
        """What requestPayment does: the customer pays ``amount`` for ``payment_id``."""
        self.payments[payment_id] = self._paid(payment_id, amount, "Haru", None, customer_id=None)

    @staticmethod
    def error(status: int, type_: str, message: str, **extra) -> tuple[int, dict]:
        return status, {"type": type_, "message": message, **extra}

    def _paid(self, payment_id, amount, order_name, billing_key, customer_id):
        stamp = datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")
        payment = {
            "status": "PAID",
            "id": payment_id,
            "transactionId": str(uuid.uuid4()),
            "merchantId": "merchant-haru",
            "storeId": self.store_id,
            "method": {
                "type": "PaymentMethodCard",
                "card": {
                    "issuer": "SHINHAN_CARD",
                    "name": "신한카드",
                    "number": "53275012****1234",
                    "type": "CREDIT",
                    "ownerType": "PERSONAL",
                },
            },
            "channel": {
                "type": "TEST",
                "id": "channel-1",
                "key": "channel-key-1",
                "name": "toss",
                "pgProvider": "TOSSPAYMENTS",
                "pgMerchantId": "tosstest",
            },
            "version": "V2",
            "requestedAt": stamp,
            "updatedAt": stamp,
            "statusChangedAt": stamp,
            "orderName": order_name,
            "amount": {
                "total": amount,
                "taxFree": 0,
                "vat": 0,
                "supply": amount,
                "discount": 0,
                "paid": amount,
                "cancelled": 0,
                "cancelledTaxFree": 0,
            },
            "currency": "KRW",
            "customer": {"id": customer_id} if customer_id else {},
            "isCulturalExpense": False,
            "paidAt": stamp,
            "pgTxId": "pg-" + uuid.uuid4().hex[:16],
            "receiptUrl": f"https://receipt.example/portone/{payment_id}",
            "origin": {"platformType": "API", "ipAddress": "127.0.0.1"},
            "disputes": [],
            "cancellations": [],
            "webhooks": [],
        }
        if billing_key:
            payment["billingKey"] = billing_key
        return payment

    def handle(self, method, path, body, headers, query=None):
        if headers.get("Authorization") != f"PortOne {self.secret}":
            return self.error(401, "UNAUTHORIZED", "인증 정보가 올바르지 않습니다.")
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            if path == "/payments-by-cursor" and method == "GET":
                return self._by_cursor(json.loads((query or {}).get("requestBody") or "{}"))
            match = re.fullmatch(r"/payments/([^/]+)/billing-key", path)
            if match and method == "POST":
                return self._pay_with_billing_key(unquote(match.group(1)), body)
            match = re.fullmatch(r"/payments/([^/]+)/cancel", path)
            if match and method == "POST":
                return self._cancel(unquote(match.group(1)), body)
            if path == "/cash-receipts" and method == "POST":
                return self._cash_receipt_issue(body)
            match = re.fullmatch(r"/payments/([^/]+)/cash-receipt/cancel", path)
            if match and method == "POST":
                return self._cash_receipt_cancel(unquote(match.group(1)))
            match = re.fullmatch(r"/payments/([^/]+)", path)
            if match and method == "GET":
                payment = self.payments.get(unquote(match.group(1)))
                if payment is None:
                    return self.error(404, "PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.")
                return 200, payment
            match = re.fullmatch(r"/billing-keys/([^/]+)", path)
            if match:
                return self._billing_key(method, unquote(match.group(1)))
        return self.error(404, "INVALID_REQUEST", "no such endpoint")

    def _billing_key(self, method, key):
        stored = self.billing_keys.get(key)
        if stored is None:
            return self.error(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.")
        if method == "DELETE":
            if stored["deleted"]:
                return self.error(
                    409, "BILLING_KEY_ALREADY_DELETED", "빌링키가 이미 삭제되었습니다."
                )
            stored["deleted"] = True
            return 200, {"deletedAt": now_iso()}
        stamp = datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")
        card = {
            "type": "BillingKeyPaymentMethodCard",
            "card": {
                "issuer": "SHINHAN_CARD",
                "name": "신한카드",
                "number": "53275012****1234",
                "type": "CREDIT",
                "ownerType": "PERSONAL",
            },
        }
        method = card
        if stored.get("easyPay"):
            # BillingKeyPaymentMethodEasyPay: the wallet and what funds it
            method = {
                "type": "BillingKeyPaymentMethodEasyPay",
                "provider": stored["easyPay"],
                "method": card,
            }
        return 200, {
            "status": "ISSUED",
            "billingKey": key,
            "merchantId": "merchant-haru",
            "storeId": self.store_id,
            "methods": [method],
            "channels": [
                {
                    "type": "TEST",
                    "id": "channel-1",
                    "key": "channel-key-1",
                    "name": "toss",
                    "pgProvider": "TOSSPAYMENTS",
                    "pgMerchantId": "tosstest",
                }
            ],
            "customer": {"id": stored["customer"]},
            "issuedAt": stamp,
        }

    def _pay_with_billing_key(self, payment_id, body):
        if body.get("storeId") != self.store_id:
            return self.error(403, "FORBIDDEN", "요청이 거절되었습니다.")
        if payment_id in self.payments:
            return self.error(409, "ALREADY_PAID", "결제가 이미 완료되었습니다.")
        stored = self.billing_keys.get(body.get("billingKey", ""))
        if stored is None:
            return self.error(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.")
        if stored["deleted"]:
            return self.error(409, "BILLING_KEY_ALREADY_DELETED", "빌링키가 이미 삭제되었습니다.")
        if stored["decline"]:
            return self.error(
                400,
                "PG_PROVIDER",
                "PG사에서 오류를 전달했습니다.",
                pgCode="REJECT_CARD_PAYMENT",
                pgMessage="잔액이 부족합니다.",
            )
        if body.get("channelKey") and body["channelKey"] != stored["channel"]:
            return self.error(400, "INVALID_REQUEST", "빌링키 발급 채널과 다른 채널입니다.")
        amount = body["amount"]["total"]
        payment = self._paid(
            payment_id,
            amount,
            body.get("orderName", ""),
            body["billingKey"],
            (body.get("customer") or {}).get("id"),
        )
        if stored.get("easyPay"):
            payment["method"] = {
                "type": "PaymentMethodEasyPay",
                "provider": stored["easyPay"],
                "easyPayMethod": payment["method"] | {"type": "PaymentMethodCard"},
            }
        self.payments[payment_id] = payment
        return 200, {"payment": {"pgTxId": payment["pgTxId"], "paidAt": payment["paidAt"]}}

    def _cancel(self, payment_id, body):
        payment = self.payments.get(payment_id)
        if payment is None:
            return self.error(404, "PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.")
        if payment["status"] == "CANCELLED":
            return self.error(409, "PAYMENT_ALREADY_CANCELLED", "결제가 이미 취소되었습니다.")
        amounts = payment["amount"]
        left = amounts["total"] - amounts["cancelled"]
        current = body.get("currentCancellableAmount")
        if current is not None and current != left:
            return self.error(
                409,
                "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
                "취소 가능 잔액 검증에 실패했습니다.",
            )
        amount = body.get("amount") or left
        if amount > left:
            return self.error(
                409,
                "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT",
                "결제 취소 금액이 취소 가능 금액을 초과합니다.",
            )
        stamp = datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")
        cancellation = {
            "status": "SUCCEEDED",
            "id": "cancel-" + uuid.uuid4().hex[:12],
            "totalAmount": amount,
            "taxFreeAmount": 0,
            "vatAmount": 0,
            "reason": body.get("reason", ""),
            "requestedAt": stamp,
            "cancelledAt": stamp,
        }
        amounts["cancelled"] += amount
        payment["cancellations"].append(cancellation)
        payment["status"] = (
            "CANCELLED" if amounts["cancelled"] == amounts["total"] else "PARTIAL_CANCELLED"
        )
        payment["cancelledAt"] = stamp
        return 200, {"cancellation": cancellation}


def sign_standard_webhook(
    secret: str, *, msg_id: str, body: str, timestamp: int | None = None
) -> dict:
    """Headers for a Standard Webhooks message: HMAC-SHA256 of ``{id}.{timestamp}.{body}``
    keyed with the base64 secret after ``whsec_``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }
