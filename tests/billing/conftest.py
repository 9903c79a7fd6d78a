from __future__ import annotations

import base64

import pytest

from tests.billing.fakes import FakeServer, PortOneApp, TossApp

WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"haru-portone-webhook-secret-0001").decode()


@pytest.fixture
def toss(settings):
    """A local Toss server, and Haru configured to use it."""
    app = TossApp(secret_key="test_sk_haru")
    server = FakeServer(app).start()
    settings.BILLING_GATEWAY = "toss"
    settings.TOSS_SECRET_KEY = "test_sk_haru"
    settings.TOSS_CLIENT_KEY = "test_ck_haru"
    settings.TOSS_API_BASE = server.url
    server.app_ = app
    yield server
    server.stop()


@pytest.fixture
def portone(settings):
    app = PortOneApp(secret="portone-secret", store_id="store-haru")
    server = FakeServer(app).start()
    settings.BILLING_GATEWAY = "portone"
    settings.PORTONE_API_SECRET = "portone-secret"
    settings.PORTONE_STORE_ID = "store-haru"
    settings.PORTONE_CHANNEL_KEY = "channel-key-1"
    settings.PORTONE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PORTONE_API_BASE = server.url
    server.app_ = app
    yield server
    server.stop()
