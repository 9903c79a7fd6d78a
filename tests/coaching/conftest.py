from __future__ import annotations

import socket

import pytest


@pytest.fixture(autouse=True)
def _reset_breaker():
    from coaching.llm import breaker

    breaker.reset()
    yield
    breaker.reset()


@pytest.fixture
def llm_server(settings):
    """A local chat-completions server, with the gateway pointed at it."""
    from .llm_server import ChatServer

    server = ChatServer().start()
    settings.OPENAI_API_KEY = "sk-test-local"
    settings.OPENAI_BASE_URL = server.base_url
    settings.COACHING_LLM_TIMEOUT = 1.0
    settings.COACHING_LLM_MAX_RETRIES = 2
    settings.COACHING_LLM_BREAKER_THRESHOLD = 3
    settings.COACHING_LLM_BREAKER_COOLDOWN = 30
    yield server
    server.stop()


@pytest.fixture
def dead_provider(settings):
    """The gateway pointed at a port where nothing listens."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    settings.OPENAI_API_KEY = "sk-test-local"
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{port}/v1"
    settings.COACHING_LLM_TIMEOUT = 1.0
    settings.COACHING_LLM_BREAKER_THRESHOLD = 3
    return settings
