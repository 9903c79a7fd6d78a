"""The LLM's second opinion on the crisis detector (issue 11): it may add a flag, never remove one.

Driven with the real openai SDK through the coaching gateway against the local chat-completions
server (llm_server.py).
"""

from __future__ import annotations

import time

import pytest

from billing.services import credits_grant
from coaching.enums import CallStatus
from coaching.models import AICallLog
from coaching.safety import assess
from coaching.safety.second_opinion import PURPOSE, assess_with_second_opinion
from coaching.services.chat import chat_send
from coaching.services.credits import credits_balance

from .llm_server import Answer, Raw, Slow, Status

pytestmark = pytest.mark.django_db

CALM = "오늘은 하루 종일 방 정리를 했다. 저녁엔 라면을 먹었다."
CRISIS = "더 이상 살고 싶지 않아. 죽고 싶어"
CONCERN = "친구가 요즘 죽고 싶다고 해서 걱정돼요"  # the friend's crisis, the writer's concern


def opinion(level: str, *categories: str) -> Answer:
    return Answer({"level": level, "categories": list(categories), "confidence": 0.9})


def test_the_texts_read_locally_as_their_names_say():
    assert assess(CALM).level == "none"
    assert assess(CONCERN).level == "concern"
    assert assess(CRISIS).level == "crisis"


def test_the_model_raises_a_calm_reading_to_crisis_with_the_crisis_lines(alice, llm_server):
    llm_server.queue(opinion("crisis", "suicide"))

    result = assess_with_second_opinion(CALM, language="ko", user=alice, ref="diary:1")

    assert result.level == "crisis"
    assert result.categories == ("suicide",)
    assert "llm.second_opinion" in result.rules
    assert any(r.phone == "109" for r in result.resources)
    call = AICallLog.objects.get(ref="diary:1")
    assert (call.status, call.purpose, call.counts_toward_limit) == (CallStatus.OK, PURPOSE, False)
    body = llm_server.requests[0]["body"]
    assert body["response_format"]["type"] == "json_schema"
    assert body["temperature"] == 0


def test_the_model_raises_a_concern_to_crisis(alice, llm_server):
    llm_server.queue(opinion("crisis", "suicide"))

    result = assess_with_second_opinion(CONCERN, user=alice)

    assert result.level == "crisis"
    assert set(result.categories) == {"third_party", "suicide"}


def test_the_model_raises_none_to_concern(alice, llm_server):
    llm_server.queue(opinion("concern", "hopelessness"))

    result = assess_with_second_opinion(CALM, user=alice)

    assert (result.level, result.categories) == ("concern", ("hopelessness",))


def test_the_model_cannot_lower_a_local_concern(alice, llm_server):
    llm_server.queue(opinion("none"))

    result = assess_with_second_opinion(CONCERN, user=alice)

    assert result == assess(CONCERN)
    assert len(llm_server.requests) == 1  # it was asked, and its "none" did not count


def test_a_local_crisis_stands_and_the_model_is_not_asked(alice, llm_server):
    llm_server.default = opinion("none")

    result = assess_with_second_opinion(CRISIS, user=alice)

    assert result.level == "crisis"
    assert llm_server.requests == []


def test_a_timeout_falls_back_to_the_local_reading_without_retrying(alice, llm_server, settings):
    settings.COACHING_SAFETY_SECOND_OPINION_TIMEOUT = 0.3
    llm_server.queue(Slow(1.5, opinion("crisis", "suicide")))

    started = time.monotonic()
    result = assess_with_second_opinion(CALM, user=alice, ref="slow")

    assert time.monotonic() - started < 1.2
    assert result == assess(CALM)
    assert len(llm_server.requests) == 1
    assert AICallLog.objects.get(ref="slow").status == CallStatus.TIMEOUT


@pytest.mark.parametrize("step", [Status(500), Raw('{"level": "panic"}'), Raw("not json")])
def test_a_failed_or_malformed_answer_falls_back_to_the_local_reading(alice, llm_server, step):
    llm_server.queue(step)

    assert assess_with_second_opinion(CONCERN, user=alice) == assess(CONCERN)


def test_an_open_breaker_is_respected(alice, llm_server):
    from coaching.llm import breaker

    for _ in range(3):
        breaker.record_failure()

    result = assess_with_second_opinion(CALM, user=alice)

    assert result.level == "none"
    assert llm_server.requests == []


def test_without_a_key_nothing_leaves_the_platform(alice, llm_server, settings):
    settings.OPENAI_API_KEY = ""
    llm_server.default = opinion("crisis", "suicide")

    result = assess_with_second_opinion(CALM, user=alice)

    assert result.level == "none"
    assert llm_server.requests == []


def test_a_user_under_a_safety_pause_is_never_sent_to_the_model(alice, llm_server):
    from datetime import timedelta

    from django.utils import timezone

    alice.safety_paused_until = timezone.now() + timedelta(days=1)
    alice.save(update_fields=["safety_paused_until"])
    llm_server.default = opinion("crisis", "suicide")

    assert assess_with_second_opinion(CALM, user=alice).level == "none"
    assert llm_server.requests == []


def test_a_sealed_diary_is_never_sent_but_an_open_one_gets_the_second_opinion(alice, llm_server):
    from diaries.models import SafetyEvent
    from diaries.services.entries import entry_create

    llm_server.default = opinion("crisis", "suicide")

    sealed = entry_create(user=alice, body=CALM, sealed=True)
    assert sealed.assessment.level == "none"
    assert llm_server.requests == []

    opened = entry_create(user=alice, body=CALM)
    assert opened.assessment.level == "crisis"
    first = llm_server.requests[0]["body"]
    assert first["response_format"]["json_schema"]["name"] == "SafetySecondOpinionOut"
    assert SafetyEvent.objects.get(entry=opened.entry).level == "crisis"


def test_personal_details_are_masked_in_what_the_provider_receives(alice, llm_server):
    llm_server.queue(opinion("none"))
    text = (
        "alice 일기. 연락은 alice@example.com 이나 010-1234-5678 로. "
        "민수씨한테 오늘 고마웠다고 했다."
    )

    assess_with_second_opinion(text, user=alice)

    sent = llm_server.sent_text()
    assert "일기" in sent  # the text itself was sent
    for secret in ("alice@example.com", "010-1234-5678", "1234-5678", "민수"):
        assert secret not in sent
    assert "[EMAIL]" in sent
    assert "[PHONE]" in sent


def test_a_chat_message_the_model_calls_a_crisis_gets_the_crisis_lines_free(alice, llm_server):
    credits_grant(user=alice, amount=100, reason="t", idempotency_key="t")
    llm_server.queue(opinion("crisis", "suicide"))

    turn = chat_send(user=alice, conversation=None, text=CALM, idempotency_key="k1")

    assert turn.crisis is True
    assert "109" in turn.reply.content
    assert credits_balance(user=alice) == 100
    assert len(llm_server.requests) == 1  # the second opinion only; no chat reply was asked
