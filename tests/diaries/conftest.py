"""Diary test helpers: entries are written through the service (the only way they get
encrypted), analyses are run by calling the task's service directly (no eager Celery)."""

from __future__ import annotations

import pytest

CRISIS_KO = "오늘은 정말 너무 힘들어서 죽고 싶다는 생각만 들었다. 다 끝내고 싶다."
CRISIS_EN = "I want to kill myself tonight. I can't do this anymore."
CALM_KO = "아침에 명상을 하고 공원을 산책했다. 햇살이 따뜻해서 기분이 좋았다."


@pytest.fixture
def write(db):
    from diaries import services

    def _write(user, body=CALM_KO, **fields):
        return services.entry_create(user=user, body=body, **fields)

    return _write


@pytest.fixture
def analyse(db):
    """Run every pending analysis of ``user`` the way the worker would."""
    from diaries import services
    from diaries.models import Analysis

    def _analyse(user):
        done = []
        for pk in Analysis.objects.filter(user=user, status="pending").values_list("pk", flat=True):
            done.append(services.analysis_run(analysis_id=pk))
        return done

    return _analyse


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
