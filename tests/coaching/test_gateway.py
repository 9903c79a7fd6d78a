"""The LLM gateway driven with the real openai SDK against a local chat-completions server."""

from __future__ import annotations

import time

import pytest
from constance import config as live_config

from coaching.enums import CallStatus
from coaching.exceptions import AIQuotaExceeded, SchemaViolation
from coaching.llm import breaker
from coaching.llm.gateway import llm_call
from coaching.models import AICallLog, PromptTemplate
from coaching.services import journal_analyze

from .llm_server import Answer, Raw, Slow, Status

pytestmark = pytest.mark.django_db

GOOD = {
    "summary": "A tiring morning turned into a calm evening.",
    "emotion_flow": [
        {"stage": "beginning", "emotion": "fatigue", "intensity": 0.6},
        {"stage": "end", "emotion": "calm", "intensity": 0.7},
    ],
    "emotions": [{"emotion": "fatigue", "score": 0.4}, {"emotion": "calm", "score": 0.6}],
    "primary_emotion": "calm",
    "keywords": ["morning", "evening", "walk"],
    "representative_sentence": "In the evening I walked.",
    "reflection_question": "What helped the evening feel calm?",
    "interpretation": "You found your way to rest.",
    "tier_a": 1.4,
    "tier_m": 1.8,
}
TEXT = "I was so tired this morning. In the evening I walked and felt calm."


def test_a_good_structured_answer_is_parsed_recorded_and_costed(alice, llm_server):
    llm_server.queue(Answer(GOOD, prompt_tokens=120, completion_tokens=80))

    result = journal_analyze(user=alice, text=TEXT, language="en", ref="diary-entry:1:v1")

    assert result.offline is False
    assert result.model == "gpt-4o-mini"
    assert result.primary_emotion == "calm"
    assert result.emotions == {"fatigue": 0.4, "calm": 0.6}
    assert result.prompt_version == 1
    assert (result.tokens_in, result.tokens_out) == (120, 80)
    call = AICallLog.objects.get(ref="diary-entry:1:v1")
    assert call.status == CallStatus.OK
    assert call.cost_micro_usd == 120 * 0.15 + 80 * 0.60  # gpt-4o-mini price table
    assert call.latency_ms >= 0
    body = llm_server.requests[0]["body"]
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"]["type"] == "json_schema"
    headers = {k.lower(): v for k, v in llm_server.requests[0]["headers"].items()}
    assert headers["authorization"] == "Bearer sk-test-local"
    template = PromptTemplate.objects.get(name="journal_analysis", version=1)
    assert template.usage_count == 1
    assert template.avg_tokens == 200


def test_429_is_retried_with_backoff_and_then_succeeds(alice, llm_server):
    llm_server.queue(Status(429, retry_after=0.01), Answer(GOOD))

    result = journal_analyze(user=alice, text=TEXT, language="en", ref="r429")

    assert result.offline is False
    assert len(llm_server.requests) == 2
    call = AICallLog.objects.get(ref="r429")
    assert (call.status, call.attempts) == (CallStatus.OK, 2)


def test_a_timeout_is_retried_then_the_offline_analyzer_answers(alice, llm_server, settings):
    settings.COACHING_LLM_TIMEOUT = 0.3
    settings.COACHING_LLM_BREAKER_THRESHOLD = 10
    llm_server.queue(*[Slow(0.8, Answer(GOOD)) for _ in range(3)])

    result = journal_analyze(user=alice, text=TEXT, language="en", ref="rslow")

    assert result.offline is True
    assert result.model.startswith("local-")
    calls = {c.status: c for c in AICallLog.objects.filter(ref="rslow")}
    assert calls[CallStatus.TIMEOUT].attempts == 3
    assert CallStatus.OFFLINE in calls


def test_an_answer_that_breaks_the_schema_is_a_recorded_failure_never_shown(alice, llm_server):
    llm_server.queue(Raw('{"summary": "INJECTED TEXT", "tier_a": 99}'))

    result = journal_analyze(user=alice, text=TEXT, language="en", ref="rbad")

    assert result.offline is True
    assert "INJECTED" not in result.summary
    failure = AICallLog.objects.get(ref="rbad", status=CallStatus.SCHEMA_ERROR)
    assert failure.error_code == "schema_violation"
    assert len(llm_server.requests) == 1  # a wrong shape is not retried
    assert PromptTemplate.objects.get(name="journal_analysis", version=1).failure_count == 1


def test_schema_violation_raises_for_direct_callers(alice, llm_server):
    llm_server.queue(Raw("not json at all"))
    template = PromptTemplate.objects.get(name="chat", is_active=True)

    with pytest.raises(SchemaViolation):
        llm_call(
            template=template,
            variables={"language": "en", "message": "hi"},
            user=alice,
            purpose="chat",
        )


def test_failing_provider_opens_the_breaker_and_the_offline_analyzer_answers(alice, llm_server):
    llm_server.default = Status(503)

    first = journal_analyze(user=alice, text=TEXT, language="en", ref="down1")
    requests_after_first = len(llm_server.requests)
    second = journal_analyze(user=alice, text=TEXT, language="en", ref="down2")

    assert requests_after_first == 3  # threshold 3: the third failed attempt opens it
    assert breaker.state() == "open"
    assert len(llm_server.requests) == requests_after_first  # no call while open
    assert first.offline is True
    assert second.offline is True
    assert AICallLog.objects.filter(ref="down2", status=CallStatus.BREAKER_OPEN).exists()


def test_a_server_that_is_down_falls_back_to_the_offline_analyzer(alice, dead_provider):
    first = journal_analyze(user=alice, text=TEXT, language="en", ref="dead1")
    second = journal_analyze(user=alice, text=TEXT, language="en", ref="dead2")

    assert first.offline is True
    assert second.offline is True
    assert breaker.state() == "open"
    assert AICallLog.objects.filter(ref="dead1", status=CallStatus.PROVIDER_ERROR).exists()


def test_after_the_cooldown_one_probe_closes_the_breaker(alice, llm_server, settings):
    settings.COACHING_LLM_BREAKER_COOLDOWN = 1
    llm_server.queue(Status(500), Status(500), Status(500), Answer(GOOD))
    journal_analyze(user=alice, text=TEXT, language="en", ref="p1")
    assert breaker.state() == "open"

    time.sleep(1.1)  # the cooldown passes
    assert breaker.state() == "half_open"
    result = journal_analyze(user=alice, text=TEXT, language="en", ref="p2")

    assert result.offline is False
    assert breaker.state() == "closed"


def test_personal_details_never_reach_the_provider(make_user, llm_server):
    user = make_user(email="jiwoo.kim@example.com", nickname="지우", name="김지우")
    llm_server.queue(Answer(GOOD))
    text = (
        "김지우 일기. 민수씨가 010-1234-5678로 전화했고 메일은 minsu@naver.com 이다. "
        "주민번호 900101-1234567, 카드 4111 1111 1111 1111 로 결제했다. 지우는 피곤했다."
    )

    journal_analyze(user=user, text=text, language="ko", ref="pii")

    sent = llm_server.sent_text()
    for secret in (
        "010-1234-5678",
        "minsu@naver.com",
        "900101-1234567",
        "4111 1111 1111 1111",
        "김지우",
        "지우",
        "민수",
    ):
        assert secret not in sent
    assert "[PHONE]" in sent
    assert "[EMAIL]" in sent
    assert "[ID_NUMBER]" in sent
    assert "[CARD]" in sent


def test_the_daily_limit_comes_from_the_plan(alice, llm_server):
    llm_server.default = Answer({"reply": "hello"})
    template = PromptTemplate.objects.get(name="chat", is_active=True)

    def ask():
        return llm_call(
            template=template,
            variables={"language": "en", "message": "hi"},
            user=alice,
            purpose="chat",
            counts_toward_limit=True,
        )

    for _ in range(5):  # the free plan's ai_messages_per_day
        ask()
    with pytest.raises(AIQuotaExceeded):
        ask()
    assert len(llm_server.requests) == 5


def test_the_global_daily_budget_sends_features_offline(alice, llm_server, settings):
    live_config.AI_DAILY_BUDGET_USD = 0.00005  # 50 millionths: one call spends it
    llm_server.default = Answer(GOOD)

    first = journal_analyze(user=alice, text=TEXT, language="en", ref="b1")
    second = journal_analyze(user=alice, text=TEXT, language="en", ref="b2")

    assert first.offline is False
    assert second.offline is True
    assert len(llm_server.requests) == 1
