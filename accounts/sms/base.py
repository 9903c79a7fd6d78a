"""The SMS / KakaoTalk 알림톡 interface: plain dataclasses in, plain dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class SmsMessage:
    to: str  # digits only, 010...
    text: str
    # a KakaoTalk 알림톡 template registered for this notification type: sent as 알림톡,
    # falling back to SMS/LMS by the provider when the user cannot receive it
    alimtalk_template_id: str = ""
    variables: dict[str, str] = field(default_factory=dict)
    reference: str = ""  # the notification id, for the provider's logs (no personal data)


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    message_id: str = ""
    channel: str = "sms"  # "sms", "lms" or "alimtalk"
    error: str = ""
    retryable: bool = False


class SmsClient(Protocol):
    name: str

    def send(self, message: SmsMessage) -> SmsResult: ...
