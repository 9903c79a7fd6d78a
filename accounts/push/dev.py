"""Development push: no credentials configured, so every message is only logged."""

from __future__ import annotations

import hashlib
import logging

from .base import PushMessage, PushResult

logger = logging.getLogger("haru.push")


class LoggingPushClient:
    name = "log"

    def send(self, message: PushMessage) -> PushResult:
        token_hint = hashlib.sha256(message.token.encode()).hexdigest()[:10]
        logger.info(
            "push (not sent, no FCM credentials) to device %s: %s | %s | %s",
            token_hint,
            message.title,
            message.body,
            message.data,
        )
        return PushResult(ok=True, message_id=f"logged-{token_hint}")
