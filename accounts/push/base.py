"""The push interface: plain dataclasses in, plain dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class PushMessage:
    token: str
    title: str
    body: str
    data: dict[str, str] = field(default_factory=dict)
    high_priority: bool = False


@dataclass(frozen=True)
class PushResult:
    ok: bool
    message_id: str = ""
    error: str = ""  # the provider's error code, e.g. UNREGISTERED
    retryable: bool = False  # try again later (quota, outage)
    token_invalid: bool = False  # the device token is dead: stop using it


class PushClient(Protocol):
    name: str

    def send(self, message: PushMessage) -> PushResult: ...
