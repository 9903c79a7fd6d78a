"""The operators' work queues: what waits for a person, how much, and for how long.

Each queue is an admin changelist with its filter already applied; the home dashboard shows
``work_queues(request.user)``. A queue appears only to users whose role may open its list
(the view permission of the model behind it), so the home never links to a 403.

The SLA clock is the age of the oldest waiting item against the queue's target: an operator
sees at a glance whether the queue is within its promise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Min, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class WorkQueue:
    """One queue as the dashboard shows it."""

    key: str
    name: str
    count: int
    url: str
    oldest_waiting_since: datetime | None
    sla_target: timedelta
    now: datetime = field(default_factory=timezone.now)

    @property
    def oldest_age(self) -> timedelta | None:
        if self.oldest_waiting_since is None:
            return None
        return max(self.now - self.oldest_waiting_since, timedelta(0))

    @property
    def sla_breached(self) -> bool:
        age = self.oldest_age
        return age is not None and age > self.sla_target

    @property
    def sla_used(self) -> float:
        """How much of the target the oldest item has used (1.0 = exactly at the target)."""
        age = self.oldest_age
        if age is None or not self.sla_target:
            return 0.0
        return age / self.sla_target


@dataclass(frozen=True)
class QueueDefinition:
    key: str
    name: str
    permission: str  # "app_label.view_model": who may see the queue
    admin_url_name: str  # the changelist's URL name
    query: str  # the changelist filter that shows exactly the waiting items
    waiting: Callable[[], QuerySet]
    since_field: str
    sla_target: timedelta


_QUEUES: dict[str, QueueDefinition] = {}


def register_queue(definition: QueueDefinition) -> None:
    """Add a queue (ops_admin's AppConfig.ready registers the built-in ones)."""
    _QUEUES[definition.key] = definition


def queue_definitions() -> list[QueueDefinition]:
    return list(_QUEUES.values())


def _url(definition: QueueDefinition) -> str:
    try:
        base = reverse(definition.admin_url_name)
    except NoReverseMatch:
        return ""
    return f"{base}?{definition.query}" if definition.query else base


def work_queues(user) -> list[WorkQueue]:
    """The queues ``user``'s role may work on, with count and oldest waiting item.

    One aggregate query per visible queue (a fixed number whatever the row counts)."""
    if user is None or not getattr(user, "is_staff", False) or not user.is_active:
        return []
    now = timezone.now()
    result = []
    for definition in _QUEUES.values():
        if not user.has_perm(definition.permission):
            continue
        row = definition.waiting().aggregate(count=Count("pk"), oldest=Min(definition.since_field))
        result.append(
            WorkQueue(
                key=definition.key,
                name=str(definition.name),
                count=row["count"],
                url=_url(definition),
                oldest_waiting_since=row["oldest"],
                sla_target=definition.sla_target,
                now=now,
            )
        )
    return result


def register_builtin_queues() -> None:
    """The queues of the apps below ops_admin (called from OpsAdminConfig.ready)."""
    from diaries.enums import ModerationStatus, ReviewStatus, SafetyLevel
    from diaries.models import Entry, SlipCondition

    register_queue(
        QueueDefinition(
            key="diary_moderation",
            name=_("Diary entries to check (safety labels)"),
            permission="diaries.view_entry",
            admin_url_name="admin:diaries_entry_changelist",
            query="moderation_status__exact=visible&safety_level__exact=crisis",
            waiting=lambda: Entry.objects.filter(
                safety_level=SafetyLevel.CRISIS,
                moderation_status=ModerationStatus.VISIBLE,
                deleted_at__isnull=True,
                moderation_logs__isnull=True,
            ),
            since_field="created_at",
            sla_target=timedelta(hours=4),
        )
    )
    register_queue(
        QueueDefinition(
            key="slip_reviews",
            name=_("Slip reviews"),
            permission="diaries.view_slipcondition",
            admin_url_name="admin:diaries_slipcondition_changelist",
            query="review_status__exact=open",
            waiting=lambda: SlipCondition.objects.filter(review_status=ReviewStatus.OPEN),
            since_field="triggered_at",
            sla_target=timedelta(hours=2),
        )
    )
    from ops_admin.models import SupportInquiry
    from ops_admin.models.support import InquiryStatus

    register_queue(
        QueueDefinition(
            key="support_inquiries",
            name=_("Support inquiries waiting for an answer"),
            permission="ops_admin.view_supportinquiry",
            admin_url_name="admin:ops_admin_supportinquiry_changelist",
            query="queue=waiting",
            waiting=lambda: SupportInquiry.objects.filter(status=InquiryStatus.OPEN),
            since_field="waiting_since",
            sla_target=timedelta(hours=24),
        )
    )
    from billing.enums import RefundStatus
    from billing.models import Refund

    register_queue(
        QueueDefinition(
            key="refunds_awaiting_approval",
            name=_("Refunds awaiting approval"),
            permission="billing.approve_refund",
            admin_url_name="admin:billing_refund_changelist",
            query="status__exact=requested",
            waiting=lambda: Refund.objects.filter(status=RefundStatus.REQUESTED),
            since_field="created_at",
            sla_target=timedelta(hours=24),
        )
    )
