"""SMS and KakaoTalk 알림톡 behind one interface: Solapi when configured, a logger otherwise."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import SmsClient, SmsMessage, SmsResult

__all__ = ["SmsClient", "SmsMessage", "SmsResult", "get_sms_client"]


@lru_cache(maxsize=4)
def _client_for(api_key: str, api_secret: str, sender: str, pf_id: str, base: str) -> SmsClient:
    if api_key and api_secret and sender:
        from .solapi import SolapiClient

        return SolapiClient(
            api_key=api_key, api_secret=api_secret, sender=sender, kakao_pf_id=pf_id, api_base=base
        )
    from .dev import LoggingSmsClient

    return LoggingSmsClient()


def get_sms_client() -> SmsClient:
    return _client_for(
        settings.SOLAPI_API_KEY,
        settings.SOLAPI_API_SECRET,
        settings.SOLAPI_SENDER,
        settings.SOLAPI_KAKAO_PF_ID,
        settings.SOLAPI_API_BASE,
    )
