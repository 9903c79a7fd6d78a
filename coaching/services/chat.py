"""AI chat: a conversation with history and a context-window budget, paid per message.

Every user message goes through ``coaching.safety.assess`` before anything else: a crisis is
answered with hope and the crisis lines, never sent to a model, never charged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from coaching import offline
from coaching.enums import ChatRole, ResultStatus
from coaching.exceptions import (
    AIBudgetExceeded,
    AIPaused,
    PromptNotFound,
    ProviderError,
    ServiceInputInvalid,
)
from coaching.llm import gateway
from coaching.llm.schemas import ChatReplyOut
from coaching.models import AIService, ChatConversation, ChatMessage, ServiceResult
from coaching.services.ai_services import (
    idempotency_key_clean,
    result_open_paid,
    result_refund,
)
from coaching.services.prompts import prompt_resolve

if TYPE_CHECKING:
    from accounts.models import User

MAX_MESSAGE = 2000
HISTORY_MESSAGES = 40


@dataclass(frozen=True)
class ChatTurn:
    conversation: ChatConversation
    user_message: ChatMessage
    reply: ChatMessage
    charged: int
    crisis: bool


def conversation_start(*, user: User, title: str = "") -> ChatConversation:
    return ChatConversation.objects.create(user=user, title=title.strip()[:100])


def history_within_budget(
    *, conversation: ChatConversation, budget_tokens: int
) -> list[dict[str, str]]:
    """The newest messages that fit ``budget_tokens`` (estimated), oldest first."""
    picked: list[dict[str, str]] = []
    used = 0
    recent = list(conversation.messages.order_by("-created_at", "-id")[:HISTORY_MESSAGES])
    for message in recent:
        cost = offline.estimate_tokens(message.content) + 4
        if used + cost > budget_tokens:
            break
        used += cost
        picked.append({"role": message.role, "content": message.content})
    picked.reverse()
    return picked


def _crisis_reply(language: str, resources) -> str:
    with override(language):
        lines = [
            _(
                "Thank you for telling me. What you are feeling matters, and you do not have "
                "to carry it alone. Please reach out to someone who can help right now:"
            )
        ]
    for resource in resources:
        lines.append(f"· {resource.name} {resource.phone}")
    return "\n".join(lines)


def _offline_reply(text: str, language: str) -> str:
    analysis = offline.analyze(text, language=language)
    label = offline.EMOTION_LABELS[language][analysis.primary_emotion]
    if language == "en":
        opener = (
            "Thank you for sharing that."
            if analysis.primary_emotion == "neutral"
            else f"I hear some {label} in what you wrote."
        )
    else:
        opener = (
            "이야기해 줘서 고마워요."
            if analysis.primary_emotion == "neutral"
            else f"말씀에서 {label}이 느껴져요."
        )
    return f"{opener} {analysis.reflection_question}"


def chat_send(
    *,
    user: User,
    conversation: ChatConversation | None,
    text: str,
    idempotency_key: str,
    language: str = "ko",
) -> ChatTurn:
    """Assess, pay, answer (see the module docstring). ``conversation=None`` starts one."""
    from accounts.selectors import user_is_safety_paused
    from coaching.safety import filter_output
    from coaching.safety.second_opinion import assess_with_second_opinion

    text = (text or "").strip()
    if not text or len(text) > MAX_MESSAGE or "\x00" in text:
        raise ServiceInputInvalid(
            _("Write a message of up to %(n)s characters.") % {"n": MAX_MESSAGE},
            fields={"message": [_("1 to 2000 characters")]},
        )
    language = "en" if str(language).startswith("en") else "ko"
    # before anything else; with a key set the LLM may add a flag (never removes one)
    assessment = assess_with_second_opinion(text, language=language, user=user)
    key = idempotency_key_clean(idempotency_key)

    if conversation is None:
        conversation = conversation_start(user=user, title=text[:40])
    if assessment.is_crisis:
        with transaction.atomic():
            user_message = ChatMessage.objects.create(
                conversation=conversation, role=ChatRole.USER, content=text, safety_level="crisis"
            )
            reply = ChatMessage.objects.create(
                conversation=conversation,
                role=ChatRole.ASSISTANT,
                content=_crisis_reply(language, assessment.resources),
                safety_level="crisis",
                model="local-safety",
            )
            ChatConversation.objects.filter(pk=conversation.pk).update(updated_at=timezone.now())
        return ChatTurn(conversation, user_message, reply, charged=0, crisis=True)
    if user_is_safety_paused(user=user):
        raise AIPaused()

    service = AIService.objects.get(service_type="chat")
    result, created = result_open_paid(
        user=user,
        service=service,
        cleaned={"conversation": str(conversation.pk), "message": text},
        idempotency_key=key,
        store_input=False,
    )
    if not created:
        earlier = ChatMessage.objects.filter(result=result, role=ChatRole.USER).first()
        earlier_reply = ChatMessage.objects.filter(result=result, role=ChatRole.ASSISTANT).first()
        if earlier is not None and earlier_reply is not None:
            return ChatTurn(earlier.conversation, earlier, earlier_reply, charged=0, crisis=False)
        raise ServiceInputInvalid(_("This message is still being answered."), code="in_progress")

    history = history_within_budget(
        conversation=conversation, budget_tokens=int(settings.COACHING_CHAT_CONTEXT_TOKENS)
    )
    user_message = ChatMessage.objects.create(
        conversation=conversation,
        role=ChatRole.USER,
        content=text,
        safety_level=assessment.level,
        result=result,
    )
    started = time.monotonic()
    model = offline.OFFLINE_MODEL
    tokens = 0
    try:
        if gateway.llm_configured():
            choice = prompt_resolve(name="chat", user=user)
            answer = gateway.llm_call(
                template=choice.template,
                variables={"language": language, "message": text},
                user=user,
                purpose="chat",
                ref=f"coaching.chat:{conversation.pk}",
                experiment=choice.experiment,
                arm=choice.arm,
                history=history,
                schema=ChatReplyOut,
            )
            assert isinstance(answer.parsed, ChatReplyOut)
            reply_text = answer.parsed.reply
            model = answer.model
            tokens = answer.tokens_in + answer.tokens_out
        else:
            reply_text = _offline_reply(text, language)
            gateway.record_offline(
                prompt_name="chat",
                user=user,
                purpose="chat",
                model=model,
                tokens_in=offline.estimate_tokens(text),
                tokens_out=offline.estimate_tokens(reply_text),
                latency_ms=int((time.monotonic() - started) * 1000),
                ref=f"coaching.chat:{conversation.pk}",
            )
    except (ProviderError, AIBudgetExceeded, PromptNotFound) as exc:
        result_refund(result=result, status=ResultStatus.FAILED, error_code=exc.code)
        user_message.delete()
        raise
    reply_text = filter_output(reply_text, language=language).text
    with transaction.atomic():
        reply = ChatMessage.objects.create(
            conversation=conversation,
            role=ChatRole.ASSISTANT,
            content=reply_text,
            model=model,
            tokens=tokens,
            result=result,
        )
        ServiceResult.objects.filter(pk=result.pk).update(
            status=ResultStatus.SUCCEEDED,
            model=model,
            tokens_used=tokens,
            processing_ms=int((time.monotonic() - started) * 1000),
            completed_at=timezone.now(),
        )
        ChatConversation.objects.filter(pk=conversation.pk).update(updated_at=timezone.now())
    return ChatTurn(conversation, user_message, reply, charged=result.credits_charged, crisis=False)
