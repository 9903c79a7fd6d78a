"""Operator-console helpers: diary entries written through the diaries service."""

from __future__ import annotations

import pytest

CRISIS_KO = "오늘은 정말 너무 힘들어서 죽고 싶다는 생각만 들었다. 다 끝내고 싶다."
CALM_KO = "아침에 명상을 하고 공원을 산책했다. 햇살이 따뜻해서 기분이 좋았다."


@pytest.fixture
def write(db):
    from diaries import services

    def _write(user, body=CALM_KO, **fields):
        return services.entry_create(user=user, body=body, **fields)

    return _write
