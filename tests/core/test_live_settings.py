import asyncio

import pytest
from django.conf import settings

from core.live_settings import live_setting

pytestmark = pytest.mark.django_db


def test_a_live_setting_is_its_value_even_while_the_thread_runs_an_event_loop(monkeypatch):
    # Playwright's sync API keeps a loop running in the test thread; constance would then hand
    # back an awaitable proxy, which broke datetime.combine in quiet-hours arithmetic.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    async def read() -> object:
        return live_setting("QUIET_HOURS_END")

    value = asyncio.run(read())

    assert value == live_setting("QUIET_HOURS_END")
    assert type(value).__name__ == "time"


def test_a_live_setting_defaults_to_the_deployments_setting():
    assert live_setting("WELCOME_CREDITS") == settings.COACHING_WELCOME_CREDITS
