"""A member's support inquiries in their data export, and erased with their account."""

from __future__ import annotations

from typing import Any

from ops_admin.models import SupportInquiry, SupportMessage

ANONYMISED_MODELS = ["ops_admin.SupportInquiry", "ops_admin.SupportMessage"]


def support_for_user(user: Any) -> dict:
    inquiries = SupportInquiry.objects.filter(user=user).select_related("category")
    messages = SupportMessage.objects.filter(inquiry__user=user).order_by("created_at", "id")
    thread: dict[str, list[dict]] = {}
    for message in messages:
        thread.setdefault(str(message.inquiry_id), []).append(
            {
                "from_support_team": message.from_staff,
                "message": message.body,
                "sent_at": message.created_at.isoformat(),
            }
        )
    return {
        "inquiries": [
            {
                "id": str(inquiry.pk),
                "category": inquiry.category.code,
                "subject": inquiry.subject,
                "status": inquiry.status,
                "created_at": inquiry.created_at.isoformat(),
                "messages": thread.get(str(inquiry.pk), []),
            }
            for inquiry in inquiries
        ]
    }


def erase_support(user: Any) -> None:
    """Inquiries and their threads go (they may hold health details); replies the person
    wrote as staff stay without their name."""
    SupportInquiry.objects.filter(user=user).delete()
    SupportMessage.objects.filter(author=user).update(author=None)
    SupportInquiry.objects.filter(assigned_to=user).update(assigned_to=None)
