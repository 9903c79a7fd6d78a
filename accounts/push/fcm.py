"""Firebase Cloud Messaging HTTP v1: the only module that talks to FCM.

Authentication is OAuth 2.0 with a service account: a JWT signed with the account's private
key is exchanged at its ``token_uri`` for an access token (cached until shortly before it
expires), then each message is POSTed to
``{api_base}/v1/projects/{project_id}/messages:send``.
See https://firebase.google.com/docs/cloud-messaging/send-message (HTTP v1).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

import httpx
import jwt

from .base import PushMessage, PushResult

logger = logging.getLogger("haru.push")

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
TOKEN_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"  # noqa: S105 - a grant type name
# FCM errors after which a device token will never work again.
DEAD_TOKEN_ERRORS = {"UNREGISTERED", "INVALID_ARGUMENT", "SENDER_ID_MISMATCH"}
RETRYABLE_ERRORS = {"UNAVAILABLE", "INTERNAL", "QUOTA_EXCEEDED"}


class FCMConfigError(Exception):
    pass


def load_service_account(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise FCMConfigError(f"cannot read FCM service account file {path!r}") from exc
    missing = {"client_email", "private_key", "token_uri"} - set(data)
    if missing:
        raise FCMConfigError(f"FCM service account file lacks {sorted(missing)}")
    return data


class FCMClient:
    name = "fcm"

    def __init__(
        self,
        *,
        project_id: str,
        service_account: dict,
        api_base: str = "https://fcm.googleapis.com",
        timeout: float = 10.0,
    ) -> None:
        self.project_id = project_id
        self.account = service_account
        self.api_base = api_base.rstrip("/")
        self.http = httpx.Client(timeout=timeout)
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = threading.Lock()

    # --- OAuth ------------------------------------------------------------------------------

    def _assertion(self) -> str:
        now = int(time.time())
        claims = {
            "iss": self.account["client_email"],
            "scope": SCOPE,
            "aud": self.account["token_uri"],
            "iat": now,
            "exp": now + 3600,
        }
        headers = (
            {"kid": self.account["private_key_id"]} if "private_key_id" in self.account else {}
        )
        return jwt.encode(claims, self.account["private_key"], algorithm="RS256", headers=headers)

    def access_token(self) -> str:
        with self._lock:
            if self._token and time.monotonic() < self._token_expires:
                return self._token
            response = self.http.post(
                self.account["token_uri"],
                data={"grant_type": TOKEN_GRANT, "assertion": self._assertion()},
            )
            response.raise_for_status()
            body = response.json()
            self._token = body["access_token"]
            self._token_expires = time.monotonic() + max(int(body.get("expires_in", 3600)) - 60, 0)
            return self._token

    # --- sending ----------------------------------------------------------------------------

    def payload(self, message: PushMessage) -> dict:
        return {
            "message": {
                "token": message.token,
                "notification": {"title": message.title, "body": message.body},
                "data": {key: str(value) for key, value in message.data.items()},
                "android": {"priority": "HIGH" if message.high_priority else "NORMAL"},
                "apns": {
                    "headers": {"apns-priority": "10" if message.high_priority else "5"},
                    "payload": {"aps": {"sound": "default"}},
                },
            }
        }

    def send(self, message: PushMessage) -> PushResult:
        url = f"{self.api_base}/v1/projects/{self.project_id}/messages:send"
        try:
            response = self.http.post(
                url,
                json=self.payload(message),
                headers={"Authorization": f"Bearer {self.access_token()}"},
            )
        except httpx.HTTPError as exc:
            logger.warning("FCM unreachable: %s", exc.__class__.__name__)
            return PushResult(ok=False, error="NETWORK", retryable=True)
        if response.status_code == 200:
            return PushResult(ok=True, message_id=response.json().get("name", ""))
        if response.status_code == 401:
            with self._lock:
                self._token = None  # expired or revoked: fetch a new one next time
        error = _error_code(response)
        retryable = (
            error in RETRYABLE_ERRORS
            or response.status_code in {401, 429}
            or (response.status_code >= 500)
        )
        logger.warning("FCM refused a message: HTTP %s %s", response.status_code, error)
        return PushResult(
            ok=False,
            error=error,
            retryable=retryable,
            token_invalid=error in DEAD_TOKEN_ERRORS and response.status_code in {400, 403, 404},
        )


def _error_code(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
    except ValueError:
        return f"HTTP_{response.status_code}"
    for detail in error.get("details", []):
        if "FcmError" in detail.get("@type", "") and detail.get("errorCode"):
            return detail["errorCode"]
    return error.get("status") or f"HTTP_{response.status_code}"
