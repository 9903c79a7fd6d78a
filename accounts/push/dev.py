"""Development push: no credentials configured, so every message is only logged.

The log names the device and the notification, never the title or body: notifications can
carry private text (a diary reflection, a booking with a counsellor), and logs are not the
place for it. The in-app inbox shows what would have been pushed.
"""

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
            "push (not sent, no FCM credentials) to device %s: notification %s (%s)",
            token_hint,
            message.data.get("notification_id", "-"),
            message.data.get("type", "-"),
        )
        return PushResult(ok=True, message_id=f"logged-{token_hint}")
