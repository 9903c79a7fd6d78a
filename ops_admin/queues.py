"""The operators' work queues: what waits for a person, how much, and for how long.

Each queue is an admin changelist with its filter already applied; the home dashboard shows
``work_queues(request.user)``. A queue appears only to users whose role may open its list
(the view permission of the model behind it), so the home never links to a 403.

The SLA clock is the age of the oldest waiting item against the queue's target: an operator
sees at a glance whether the queue is within its promise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import Count, Min, Model, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

SUPPORT_QUEUE = "support_inquiries"


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

    @property
    def used_percent(self) -> int:
        return min(999, round(self.sla_used * 100))

    @property
    def target(self) -> str:
        hours = round(self.sla_target.total_seconds() / 3600)
        return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}


@dataclass(frozen=True)
class QueueDefinition:
    """A queue: the rows of ``model`` matching ``waiting`` wait for a person.

    ``model`` is an "app_label.Model" label, looked up when the queue is read, so a queue of
    an app that is not installed (or not merged yet) is simply not shown."""

    key: str
    name: str
    model: str
    waiting: Q
    since_field: str  # when an item started waiting: the SLA clock
    sla_target: timedelta
    query: str = ""  # the changelist filter that shows exactly the waiting items
    permission: str = ""  # who may see the queue; default: the model's view permission

    def model_class(self) -> type[Model] | None:
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None

    @property
    def required_permission(self) -> str:
        app_label, model_name = self.model.lower().split(".")
        return self.permission or f"{app_label}.view_{model_name}"

    def url(self) -> str:
        app_label, model_name = self.model.lower().split(".")
        try:
            base = reverse(f"admin:{app_label}_{model_name}_changelist")
        except NoReverseMatch:
            return ""
        return f"{base}?{self.query}" if self.query else base


_QUEUES: dict[str, QueueDefinition] = {}


def register_queue(definition: QueueDefinition) -> None:
    """Add a queue (ops_admin's AppConfig.ready registers the built-in ones)."""
    _QUEUES[definition.key] = definition


def queue_definitions() -> list[QueueDefinition]:
    return list(_QUEUES.values())


def work_queues(user) -> list[WorkQueue]:
    """The queues ``user``'s role may work on, with count and oldest waiting item.

    One aggregate query per visible queue (a fixed number whatever the row counts)."""
    if user is None or not getattr(user, "is_staff", False) or not user.is_active:
        return []
    now = timezone.now()
    result = []
    for definition in _QUEUES.values():
        model = definition.model_class()
        if model is None or not user.has_perm(definition.required_permission):
            continue
        row = model._default_manager.filter(definition.waiting).aggregate(
            count=Count("pk"), oldest=Min(definition.since_field)
        )
        result.append(
            WorkQueue(
                key=definition.key,
                name=str(definition.name),
                count=row["count"],
                url=definition.url(),
                oldest_waiting_since=row["oldest"],
                sla_target=definition.sla_target,
                now=now,
            )
        )
    return result


def builtin_queues() -> list[QueueDefinition]:
    """The queues of the apps below ops_admin, in the order the home lists them."""
    from billing.enums import RefundStatus
    from coaching.enums import FlagStatus
    from diaries.enums import ModerationStatus, ReviewStatus, SafetyLevel
    from ops_admin.models.support import InquiryStatus

    return [
        QueueDefinition(
            key="diary_moderation",
            name=_("Diary entries to check (safety labels)"),
            model="diaries.Entry",
            query="moderation_status__exact=visible&safety_level__exact=crisis",
            waiting=Q(
                safety_level=SafetyLevel.CRISIS,
                moderation_status=ModerationStatus.VISIBLE,
                deleted_at__isnull=True,
                moderation_logs__isnull=True,
            ),
            since_field="created_at",
            sla_target=timedelta(hours=4),
        ),
        QueueDefinition(
            key="slip_reviews",
            name=_("Slip reviews"),
            model="diaries.SlipCondition",
            query="review_status__exact=open",
            waiting=Q(review_status=ReviewStatus.OPEN),
            since_field="triggered_at",
            sla_target=timedelta(hours=2),
        ),
        QueueDefinition(
            key="ai_output_flags",
            name=_("AI answers flagged by users"),
            model="coaching.AIOutputFlag",
            query="status__exact=open",
            waiting=Q(status=FlagStatus.OPEN),
            since_field="flagged_at",
            sla_target=timedelta(hours=24),
        ),
        QueueDefinition(
            key=SUPPORT_QUEUE,
            name=_("Support inquiries waiting for an answer"),
            model="ops_admin.SupportInquiry",
            query="queue=waiting",
            waiting=Q(status=InquiryStatus.OPEN),
            since_field="waiting_since",
            sla_target=timedelta(hours=24),
        ),
        QueueDefinition(
            key="refunds_awaiting_approval",
            name=_("Refunds awaiting approval"),
            model="billing.Refund",
            permission="billing.approve_refund",
            query="status__exact=requested",
            waiting=Q(status=RefundStatus.REQUESTED),
            since_field="created_at",
            sla_target=timedelta(hours=24),
        ),
        QueueDefinition(
            key="practitioner_verification",
            name=_("Practitioner applications to verify"),
            model="practitioners.VerificationQueue",
            waiting=Q(status__in=["applied", "more_info_requested"]),
            since_field="created_at",
            sla_target=timedelta(hours=48),
        ),
        QueueDefinition(
            key="review_moderation",
            name=_("Reviews waiting for moderation"),
            model="practitioners.Review",
            query="status__exact=pending",
            waiting=Q(status="pending"),
            since_field="created_at",
            sla_target=timedelta(hours=24),
        ),
    ]


def register_builtin_queues() -> None:
    """Called from OpsAdminConfig.ready."""
    for definition in builtin_queues():
        register_queue(definition)
