"""The user's coaching data in their export, and its erasure when the account is anonymised."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from coaching.models import (
    AICallLog,
    AIOutputFlag,
    ChatConversation,
    ChatMessage,
    CoachingMessage,
    CoachingPreference,
    ExperimentAssignment,
    PolicyActivation,
    PolicyActive,
    PolicyOverride,
    PolicyVersion,
    PromptExperiment,
    ServiceResult,
)

if TYPE_CHECKING:
    from accounts.models import User

ANONYMISED_MODELS = [
    "coaching.AICallLog",
    "coaching.AIOutputFlag",
    "coaching.ChatConversation",
    "coaching.ChatMessage",
    "coaching.CoachingMessage",
    "coaching.CoachingPreference",
    "coaching.ExperimentAssignment",
    "coaching.PolicyActivation",
    "coaching.PolicyActive",
    "coaching.PolicyOverride",
    "coaching.PolicyVersion",
    "coaching.PromptExperiment",
    "coaching.ServiceResult",
]


def _dt(value) -> str | None:
    return value.isoformat() if value else None


def export_user(user: User) -> dict[str, Any]:
    preference = CoachingPreference.objects.filter(user=user).first()
    conversations = ChatConversation.objects.filter(user=user).prefetch_related("messages")
    return {
        "preferences": (
            {"tone": preference.tone, "messages_enabled": preference.messages_enabled}
            if preference
            else None
        ),
        "coaching_messages": [
            {
                "id": str(m.id),
                "type": m.message_type,
                "tone": m.tone,
                "content": m.content,
                "model": m.model,
                "day": m.local_date.isoformat(),
                "reaction": m.reaction,
                "feedback": m.feedback,
                "sent_at": _dt(m.sent_at),
                "read_at": _dt(m.read_at),
            }
            for m in CoachingMessage.objects.filter(user=user).order_by("created_at")
        ],
        "ai_service_results": [
            {
                "id": str(r.id),
                "service": r.service.service_type,
                "status": r.status,
                "input": r.input_data,
                "result": r.result_data,
                "model": r.model,
                "prompt_version": r.prompt_version,
                "credits_charged": r.credits_charged,
                "credits_refunded": r.credits_refunded,
                "rating": r.rating,
                "shared": bool(r.share_token),
                "created_at": _dt(r.created_at),
                "expires_at": _dt(r.expires_at),
            }
            for r in ServiceResult.objects.filter(user=user).select_related("service")
        ],
        "chats": [
            {
                "id": str(c.id),
                "title": c.title,
                "created_at": _dt(c.created_at),
                "messages": [
                    {"role": m.role, "content": m.content, "at": _dt(m.created_at)}
                    for m in c.messages.all()
                ],
            }
            for c in conversations
        ],
        "ai_calls": AICallLog.objects.filter(user=user).count(),
        "flagged_answers": [
            {
                "kind": f.output_kind,
                "id": f.output_id,
                "reason": f.reason,
                "note": f.note,
                "status": f.status,
                "flagged_at": _dt(f.flagged_at),
            }
            for f in AIOutputFlag.objects.filter(user=user).order_by("flagged_at")
        ],
    }


def anonymise_user(user: User) -> None:
    """Delete the user's coaching content; keep call statistics without the user. Re-runnable."""
    with transaction.atomic():
        AIOutputFlag.objects.filter(user=user).delete()
        AIOutputFlag.objects.filter(resolved_by=user).update(resolved_by=None)
        ChatMessage.objects.filter(conversation__user=user).delete()
        ChatConversation.objects.filter(user=user).delete()
        CoachingMessage.objects.filter(user=user).delete()
        CoachingPreference.objects.filter(user=user).delete()
        ServiceResult.objects.filter(user=user).delete()
        ExperimentAssignment.objects.filter(user=user).delete()
        PolicyOverride.objects.filter(user=user).delete()
        PolicyActive.objects.filter(user=user).delete()
        PolicyActivation.objects.filter(user=user).update(user=None)
        # an operator's name on what they did: the rows stay, the person goes
        PolicyActivation.objects.filter(actor=user).update(actor=None)
        PolicyActive.objects.filter(activated_by=user).update(activated_by=None)
        PolicyOverride.objects.filter(created_by=user).update(created_by=None)
        PolicyVersion.objects.filter(created_by=user).update(created_by=None)
        PromptExperiment.objects.filter(decided_by=user).update(decided_by=None)
        AICallLog.objects.filter(user=user).update(user=None, ref="")
