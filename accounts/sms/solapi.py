"""Solapi (솔라피) messaging REST API v4, over httpx: SMS/LMS and KakaoTalk 알림톡 (ATA).

``POST /messages/v4/send-many/detail`` with ``Authorization: HMAC-SHA256 apiKey=…, date=…,
salt=…, signature=…`` where the signature is HMAC-SHA256(apiSecret, date + salt) in hex.
A message with ``kakaoOptions`` (``pfId``, ``templateId``, ``variables``) goes as 알림톡 and
falls back to SMS/LMS when the recipient cannot receive it (``disableSms: false``).
Errors come back as ``{"errorCode", "errorMessage"}``; messages the provider refused are in
``failedMessageList``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import httpx

from .base import SmsMessage, SmsResult

# Korean SMS is 90 bytes in EUC-KR; longer text goes as LMS (up to 2,000 bytes).
SMS_MAX_BYTES = 90


def _kind(text: str) -> str:
    return "SMS" if len(text.encode("euc-kr", errors="replace")) <= SMS_MAX_BYTES else "LMS"


class SolapiClient:
    name = "solapi"

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        sender: str,
        kakao_pf_id: str = "",
        api_base: str = "https://api.solapi.com",
        timeout: float = 10.0,
    ) -> None:
        self.api_key = api_key
        self.api_secret = api_secret
        self.sender = sender
        self.kakao_pf_id = kakao_pf_id
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    def _authorization(self) -> str:
        date = datetime.now(tz=UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        salt = secrets.token_hex(16)
        signature = hmac.new(
            self.api_secret.encode(), f"{date}{salt}".encode(), hashlib.sha256
        ).hexdigest()
        return f"HMAC-SHA256 apiKey={self.api_key}, date={date}, salt={salt}, signature={signature}"

    def _payload(self, message: SmsMessage) -> dict:
        item: dict = {"to": message.to, "from": self.sender, "text": message.text}
        if message.alimtalk_template_id and self.kakao_pf_id:
            item["type"] = "ATA"
            item["kakaoOptions"] = {
                "pfId": self.kakao_pf_id,
                "templateId": message.alimtalk_template_id,
                "variables": message.variables,
                "disableSms": False,
            }
        else:
            item["type"] = _kind(message.text)
        if message.reference:
            item["customFields"] = {"reference": message.reference}
        return {"messages": [item]}

    def send(self, message: SmsMessage) -> SmsResult:
        payload = self._payload(message)
        channel = {"ATA": "alimtalk", "SMS": "sms", "LMS": "lms"}[payload["messages"][0]["type"]]
        try:
            response = httpx.post(
                f"{self.api_base}/messages/v4/send-many/detail",
                json=payload,
                headers={"Authorization": self._authorization()},
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            return SmsResult(ok=False, channel=channel, error=type(exc).__name__, retryable=True)
        try:
            data = response.json()
        except ValueError:
            data = {}
        if not response.is_success:
            return SmsResult(
                ok=False,
                channel=channel,
                error=str(data.get("errorCode") or f"HTTP_{response.status_code}"),
                retryable=response.status_code >= 500 or response.status_code == 429,
            )
        failed = data.get("failedMessageList") or []
        if failed:
            return SmsResult(ok=False, channel=channel, error=str(failed[0].get("statusCode", "")))
        sent = (data.get("messageList") or [{}])[0]
        return SmsResult(ok=True, message_id=str(sent.get("messageId") or ""), channel=channel)
