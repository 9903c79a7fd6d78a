"""The user's content data in their export, and its erasure when the account is anonymised."""

from __future__ import annotations

from typing import Any

from content.models import (
    Attendance,
    ContentItem,
    ContentProgress,
    ContentReaction,
    Enrolment,
    FaqVote,
    RewardGrant,
)

ANONYMISED_MODELS = [
    "content.ContentItem",
    "content.ContentReaction",
    "content.ContentProgress",
    "content.Enrolment",
    "content.FaqVote",
    "content.Attendance",
    "content.RewardGrant",
]


def content_for_user(user: Any) -> dict:
    return {
        "reactions": [
            {"item": row.item.slug, "kind": row.kind, "at": row.created_at.isoformat()}
            for row in ContentReaction.objects.filter(user=user).select_related("item")
        ],
        "progress": [
            {
                "item": row.item.slug,
                "percent": row.percent,
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
            }
            for row in ContentProgress.objects.filter(user=user).select_related("item")
        ],
        "courses": [
            {
                "course": row.course.slug,
                "enrolled_at": row.enrolled_at.isoformat(),
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
                "certificate": row.certificate_code,
                "lessons_completed": [
                    {"lesson": c.lesson.title, "at": c.completed_at.isoformat()}
                    for c in row.completions.all()
                ],
            }
            for row in Enrolment.objects.filter(user=user)
            .select_related("course")
            .prefetch_related("completions__lesson")
        ],
        "attendance": [
            {"event": row.event.slug, "day": row.local_date.isoformat(), "streak": row.streak}
            for row in Attendance.objects.filter(user=user).select_related("event")
        ],
        "event_rewards": [
            {
                "event": row.event.slug,
                "reward": row.reward.code,
                "period": row.period,
                "points": row.points,
                "at": row.created_at.isoformat(),
            }
            for row in RewardGrant.objects.filter(user=user).select_related("event", "reward")
        ],
        "faq_votes": [
            {"entry": row.entry_id, "helpful": row.helpful}
            for row in FaqVote.objects.filter(user=user)
        ],
    }


def erase_content(user: Any) -> None:
    """Delete the user's reading traces; authored items stay, without the author link.
    Reward grants go too: the points ledger (billing) keeps the financial record."""
    ContentReaction.objects.filter(user=user).delete()
    ContentProgress.objects.filter(user=user).delete()
    Enrolment.objects.filter(user=user).delete()
    FaqVote.objects.filter(user=user).delete()
    RewardGrant.objects.filter(user=user).delete()
    Attendance.objects.filter(user=user).delete()
    ContentItem.objects.filter(author=user).update(author=None)
    ContentItem.objects.filter(reviewed_by=user).update(reviewed_by=None)
