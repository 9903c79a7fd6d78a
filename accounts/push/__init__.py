"""Push delivery behind one interface: FCM HTTP v1 when configured, a logger otherwise."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from .base import PushClient, PushMessage, PushResult

__all__ = ["PushClient", "PushMessage", "PushResult", "get_push_client"]


@lru_cache(maxsize=4)
def _client_for(project_id: str, credentials_file: str, api_base: str) -> PushClient:
    if project_id and credentials_file:
        from .fcm import FCMClient, load_service_account

        return FCMClient(
            project_id=project_id,
            service_account=load_service_account(credentials_file),
            api_base=api_base,
        )
    from .dev import LoggingPushClient

    return LoggingPushClient()


def get_push_client() -> PushClient:
    return _client_for(
        settings.FCM_PROJECT_ID, settings.FCM_CREDENTIALS_FILE, settings.FCM_API_BASE
    )
