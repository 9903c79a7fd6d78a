"""Reads: the support desk for members (pages and API: only their own inquiries) and the
console home's short lists."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from ops_admin.exceptions import InquiryNotFoundError, SupportError
from ops_admin.models import (
    ErrorGroup,
    RetentionRun,
    SupportCategory,
    SupportInquiry,
    SupportMessage,
)


def support_categories() -> QuerySet[SupportCategory]:
    return SupportCategory.objects.filter(is_active=True).order_by("sort_order", "code")


def support_category_get(*, code: str) -> SupportCategory:
    """An active category by its code; anything else is a field error on ``category``."""
    category = support_categories().filter(code=code).first()
    if category is None:
        raise SupportError(
            _("Choose a category."),
            code="support_category_invalid",
            fields={"category": [_("Choose a category.")]},
        )
    return category


def inquiry_list_for_user(*, user: Any) -> QuerySet[SupportInquiry]:
    """The member's inquiries, newest first, with message count and last activity."""
    return (
        SupportInquiry.objects.filter(user=user)
        .select_related("category")
        .annotate(message_count=Count("messages"), last_message_at=Max("messages__created_at"))
        .order_by("-created_at")
    )


def inquiry_get_for_user(*, user: Any, inquiry_id: Any) -> SupportInquiry:
    """The member's own inquiry; anyone else's is "not found"."""
    inquiry = (
        SupportInquiry.objects.filter(pk=inquiry_id, user=user).select_related("category").first()
    )
    if inquiry is None:
        raise InquiryNotFoundError("Inquiry not found.")
    return inquiry


def inquiry_thread(*, inquiry: SupportInquiry) -> list[SupportMessage]:
    return list(
        inquiry.messages.select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def error_groups_open(*, limit: int = 5) -> list[ErrorGroup]:
    return list(ErrorGroup.objects.filter(resolved=False).order_by("-last_seen")[:limit])


def retention_runs_recent(*, limit: int = 6) -> list[RetentionRun]:
    return list(RetentionRun.objects.order_by("-started_at")[:limit])
