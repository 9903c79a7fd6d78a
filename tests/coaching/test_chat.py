"""Chat: safety first, paid per message, history within a context budget."""

from __future__ import annotations

import pytest

from billing.services import credits_grant
from coaching.models import ChatMessage, ServiceResult
from coaching.services.chat import chat_send, history_within_budget
from coaching.services.credits import credits_balance

from .llm_server import Answer, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(alice):
    credits_grant(user=alice, amount=100, reason="t", idempotency_key="t")
    return alice


def test_offline_chat_replies_and_charges_five_credits(funded):
    turn = chat_send(
        user=funded, conversation=None, text="오늘 너무 피곤했어", idempotency_key="k1"
    )

    assert turn.reply.model.startswith("local-")
    assert turn.reply.content.endswith("?")
    assert credits_balance(user=funded) == 95
    assert turn.conversation.messages.count() == 2


def test_a_crisis_message_is_answered_with_crisis_lines_never_sent_or_charged(funded, llm_server):
    turn = chat_send(user=funded, conversation=None, text="더 이상 살고 싶지 않아. 죽고 싶어",
                     idempotency_key="k1")  # fmt: skip

    assert turn.crisis is True
    assert "109" in turn.reply.content
    assert llm_server.requests == []
    assert credits_balance(user=funded) == 100


def test_history_is_sent_within_the_context_budget(funded, llm_server, settings):
    settings.COACHING_CHAT_CONTEXT_TOKENS = 60
    llm_server.default = Answer({"reply": "네, 듣고 있어요."})
    turn = chat_send(
        user=funded, conversation=None, text="첫 번째 이야기 " * 20, idempotency_key="a"
    )
    for n in range(3):
        chat_send(user=funded, conversation=turn.conversation, text=f"짧은 말 {n}",
                  idempotency_key=f"b{n}")  # fmt: skip

    last = llm_server.requests[-1]["body"]["messages"]
    history = [m for m in last if m["role"] in ("user", "assistant")][:-1]
    assert history  # recent turns are there
    assert all("첫 번째 이야기" not in m["content"] for m in history)  # the old long one is not
    budget = history_within_budget(conversation=turn.conversation, budget_tokens=60)
    assert len(budget) < turn.conversation.messages.count()


def test_a_failing_model_refunds_the_chat_message(funded, llm_server):
    llm_server.default = Status(500)

    with pytest.raises(Exception):  # noqa: B017, PT011 - ProviderError, shown as a form error
        chat_send(user=funded, conversation=None, text="hello", idempotency_key="k1")

    assert credits_balance(user=funded) == 100
    assert ServiceResult.objects.get(idempotency_key="k1").status == "failed"
    assert not ChatMessage.objects.filter(role="user").exists()


def test_a_retried_message_is_answered_once_and_charged_once(funded):
    first = chat_send(user=funded, conversation=None, text="hi", idempotency_key="same")
    second = chat_send(user=funded, conversation=first.conversation, text="hi",
                       idempotency_key="same")  # fmt: skip

    assert second.reply.pk == first.reply.pk
    assert credits_balance(user=funded) == 95
