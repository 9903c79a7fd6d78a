"""Demo data for coaching: credits, three readings (one shared), a chat, a week of coaching
messages, all from the offline analyzer (labelled local-...). Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coaching.models import AIService, ChatConversation, CoachingMessage, ServiceResult
from coaching.services.ai_services import result_rate, result_share, service_run
from coaching.services.chat import chat_send
from coaching.services.credits import welcome_credits_grant
from coaching.services.messages import message_compose, message_react

READINGS = [
    ("tarot", {"question": "올해 새로운 일을 시작해도 좋을까요?"}, "demo:tarot"),
    (
        "dream-interpretation",
        {"dream": "맑은 물가에서 돼지 세 마리가 뛰어노는 꿈을 꿨어요."},
        "demo:dream",
    ),
    ("saju", {"birth_date": "1994-03-15", "birth_hour": "07-09"}, "demo:saju"),
]


def seed(*, demo_user, operator, stdout) -> None:
    welcome_credits_grant(user=demo_user)
    for service_type, inputs, key in READINGS:
        service = AIService.objects.get(service_type=service_type)
        result = service_run(
            user=demo_user, service=service, inputs=inputs, idempotency_key=key, language="ko"
        )
        if service_type == "tarot" and result.status == "succeeded":
            result_share(result=result)
            if result.rating is None:
                result_rate(result=result, rating=5)
    if not ChatConversation.objects.filter(user=demo_user).exists():
        turn = chat_send(
            user=demo_user,
            conversation=None,
            text="요즘 일이 많아서 좀 지쳤어요.",
            idempotency_key="demo:chat:1",
        )
        chat_send(
            user=demo_user,
            conversation=turn.conversation,
            text="그래도 저녁 산책은 꾸준히 하고 있어요.",
            idempotency_key="demo:chat:2",
        )
    now = timezone.now()
    for days_ago in range(6, -1, -1):
        message = message_compose(user=demo_user, now=now - datetime.timedelta(days=days_ago))
        if message is not None and days_ago % 3 == 0:
            message_react(message=message, reaction="helpful")
    _seed_flags(demo_user)
    stdout.write(
        f"    coaching: {CoachingMessage.objects.filter(user=demo_user).count()} messages, "
        f"{ServiceResult.objects.filter(user=demo_user).count()} results"
    )


def _seed_flags(demo_user) -> None:
    """Two reported answers, so the console's flag queue has something to show."""
    from coaching.models import AIOutputFlag, ChatMessage
    from coaching.services.flags import CHAT_MESSAGE, SERVICE_RESULT, output_flag

    if AIOutputFlag.objects.filter(user=demo_user).exists():
        return
    dream = ServiceResult.objects.filter(
        user=demo_user, idempotency_key="demo:dream", status="succeeded"
    ).first()
    if dream is not None:
        output_flag(
            user=demo_user,
            output_kind=SERVICE_RESULT,
            output_id=dream.pk,
            reason="wrong",
            note="꿈 내용과 해석이 맞지 않아요.",
        )
    reply = (
        ChatMessage.objects.filter(conversation__user=demo_user, role="assistant")
        .order_by("created_at")
        .first()
    )
    if reply is not None:
        output_flag(
            user=demo_user, output_kind=CHAT_MESSAGE, output_id=reply.pk, reason="inappropriate"
        )
