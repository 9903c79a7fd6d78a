"""Development SMS / 알림톡: no Solapi key configured, so every message is only logged.

The log names the notification and the last two digits of the number, never the text:
messages carry personal data (what someone pays, when their trial ends)."""

from __future__ import annotations

import logging

from .base import SmsMessage, SmsResult

logger = logging.getLogger("haru.sms")


class LoggingSmsClient:
    name = "log"

    def send(self, message: SmsMessage) -> SmsResult:
        channel = "alimtalk" if message.alimtalk_template_id else "sms"
        logger.info(
            "%s (not sent, no Solapi key) to ***%s: notification %s",
            channel,
            message.to[-2:],
            message.reference or "-",
        )
        return SmsResult(ok=True, message_id=f"logged-{message.reference}", channel=channel)
