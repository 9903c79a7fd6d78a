"""The social half's part of a user's data export, and its erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from practitioners.models import (
    Conversation,
    HealthAccessLog,
    HealthProfile,
    HealthRecord,
    HealthShare,
    Message,
    MessageReaction,
    Review,
    ReviewVote,
)
from practitioners.services.health_records import PROFILE_FIELDS, health_erase_for_user
from practitioners.services.messaging import messages_erase_for_user
from practitioners.services.reviews import reviews_erase_for_user

if TYPE_CHECKING:
    from accounts.models import User

ANONYMISED_MODELS = [
    "practitioners.Review",
    "practitioners.ReviewVote",
    "practitioners.Conversation",
    "practitioners.ConversationParticipant",
    "practitioners.Message",
    "practitioners.MessageReaction",
    "practitioners.HealthProfile",
    "practitioners.HealthRecord",
    "practitioners.HealthShare",
    "practitioners.HealthShareEvent",
    "practitioners.HealthAccessLog",
]


def _iso(value):
    return value.isoformat() if value else None


def export_user(user: User) -> dict:
    """Everything the social half holds about ``user``: reviews, their messages, health data."""
    profile = HealthProfile.objects.filter(user=user).first()
    return {
        "reviews": [
            {
                "practitioner": review.practitioner.display_name,
                "rating": review.rating,
                "aspects": review.aspects,
                "title": review.title,
                "content": review.content,
                "anonymous": review.anonymous,
                "status": review.status,
                "created_at": _iso(review.created_at),
            }
            for review in Review.objects.filter(reviewer=user).select_related("practitioner")
        ],
        "review_votes": [
            {"review": str(vote.review_id), "helpful": vote.helpful}
            for vote in ReviewVote.objects.filter(user=user)
        ],
        "conversations": [
            {
                "id": str(conversation.pk),
                "kind": conversation.kind,
                "practitioner": (
                    conversation.practitioner.display_name if conversation.practitioner else None
                ),
                "created_at": _iso(conversation.created_at),
            }
            for conversation in Conversation.objects.filter(participants__user=user)
            .select_related("practitioner")
            .distinct()
        ],
        "messages_sent": [
            {
                "conversation": str(message.conversation_id),
                "body": message.body,
                "created_at": _iso(message.created_at),
            }
            for message in Message.objects.filter(sender=user, erased_at__isnull=True)
        ],
        "message_reactions": [
            {"message": message_id, "emoji": emoji, "at": _iso(at)}
            for message_id, emoji, at in MessageReaction.objects.filter(user=user).values_list(
                "message_id", "emoji", "created_at"
            )
        ],
        "health_profile": (
            {name: getattr(profile, name) for name in PROFILE_FIELDS} if profile else None
        ),
        "health_records": [
            {
                "kind": record.kind,
                "title": record.title,
                "body": record.body,
                "practitioner": record.practitioner.display_name if record.practitioner else None,
                "created_at": _iso(record.created_at),
            }
            for record in HealthRecord.objects.filter(client=user).select_related("practitioner")
        ],
        "health_sharing": [
            {
                "practitioner": share.practitioner.display_name,
                "permission": share.permission,
                "expires_at": _iso(share.expires_at),
                "revoked_at": _iso(share.revoked_at),
                "created_at": _iso(share.created_at),
            }
            for share in HealthShare.objects.filter(client=user).select_related("practitioner")
        ],
        "health_access_log": [
            {
                "who": entry.actor_name,
                "action": entry.action,
                "target": entry.target,
                "at": _iso(entry.created_at),
            }
            for entry in HealthAccessLog.objects.filter(client=user)
        ],
    }


def anonymise_user(user: User) -> None:
    """Erasure: reviews and votes go (ratings recomputed), message bodies are wiped and the
    client's threads removed, health profile, records, consents and access log deleted."""
    reviews_erase_for_user(user=user)
    messages_erase_for_user(user=user)
    health_erase_for_user(user=user)
