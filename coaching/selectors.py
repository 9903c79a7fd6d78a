"""Coaching's reads. Every object a client names goes through an ``*_get_for_user`` here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coaching.enums import ExperimentStatus, ResultStatus
from coaching.exceptions import NotFoundError, ResultNotFound
from coaching.models import (
    AIOutputFlag,
    AIService,
    ChatConversation,
    ChatMessage,
    CoachingMessage,
    CoachingPreference,
    PromptExperiment,
    ServiceResult,
)

if TYPE_CHECKING:
    from accounts.models import User


def service_list_active() -> QuerySet[AIService]:
    return AIService.objects.filter(is_active=True).order_by("order", "service_type")


def service_get_active(*, service_type: str) -> AIService:
    service = AIService.objects.filter(service_type=service_type, is_active=True).first()
    if service is None:
        raise NotFoundError(_("There is no such AI service."), code="service_not_found")
    return service


def result_list_for_user(*, user: User) -> QuerySet[ServiceResult]:
    return (
        ServiceResult.objects.filter(user=user, expires_at__gt=timezone.now())
        .exclude(service__service_type="chat")
        .select_related("service")
        .order_by("-created_at")
    )


def result_get_for_user(*, user: User, result_id: Any) -> ServiceResult:
    try:
        return ServiceResult.objects.select_related("service").get(
            pk=result_id, user=user, expires_at__gt=timezone.now()
        )
    except (ServiceResult.DoesNotExist, ValueError, TypeError) as exc:
        raise ResultNotFound(_("This result does not exist or has expired.")) from exc


def shared_result_get(*, token: str) -> ServiceResult:
    """A shared result by its token: only while shared, ready and not expired."""
    if not token or len(token) > 64:
        raise ResultNotFound(_("This shared result does not exist or has expired."))
    result = (
        ServiceResult.objects.select_related("service")
        .filter(
            share_token=token,
            status=ResultStatus.SUCCEEDED,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if result is None:
        raise ResultNotFound(_("This shared result does not exist or has expired."))
    return result


def preference_get_for_user(*, user: User) -> CoachingPreference | None:
    """The user's coaching preferences, or None before they chose any."""
    return CoachingPreference.objects.filter(user=user).first()


def message_list_for_user(*, user: User) -> QuerySet[CoachingMessage]:
    return CoachingMessage.objects.filter(user=user, sent_at__isnull=False).order_by("-created_at")


def message_get_for_user(*, user: User, message_id: Any) -> CoachingMessage:
    try:
        return CoachingMessage.objects.get(pk=message_id, user=user)
    except (CoachingMessage.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("This message does not exist."), code="message_not_found") from exc


def conversation_list_for_user(*, user: User) -> QuerySet[ChatConversation]:
    return ChatConversation.objects.filter(user=user).order_by("-updated_at")


def conversation_get_for_user(*, user: User, conversation_id: Any) -> ChatConversation:
    try:
        return ChatConversation.objects.get(pk=conversation_id, user=user)
    except (ChatConversation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(
            _("This conversation does not exist."), code="conversation_not_found"
        ) from exc


def conversation_messages(*, conversation: ChatConversation) -> QuerySet[ChatMessage]:
    return conversation.messages.order_by("created_at", "id")


def experiment_results(*, experiment: PromptExperiment) -> list[dict[str, Any]]:
    """The result table: per arm, uses, failures, failure rate, ratings, tokens, latency."""
    from django.db.models import Avg, Count, Q

    from coaching.enums import FAILED_CALL_STATUSES, CallStatus

    experiment.refresh_from_db()
    rows = []
    calls = experiment.calls.values("arm").annotate(
        calls=Count("id"),
        ok=Count("id", filter=Q(status=CallStatus.OK)),
        failures=Count("id", filter=Q(status__in=FAILED_CALL_STATUSES)),
        avg_tokens_in=Avg("tokens_in", filter=Q(status=CallStatus.OK)),
        avg_tokens_out=Avg("tokens_out", filter=Q(status=CallStatus.OK)),
        avg_latency=Avg("latency_ms", filter=Q(status=CallStatus.OK)),
    )
    by_arm = {row["arm"]: row for row in calls}
    users = dict(
        experiment.assignments.values_list("arm").annotate(n=Count("id")).values_list("arm", "n")
    )
    for arm, template in (("a", experiment.template_a), ("b", experiment.template_b)):
        row: Mapping[str, Any] = by_arm.get(arm, {})
        rating_sum = getattr(experiment, f"{arm}_rating_sum")
        rating_count = getattr(experiment, f"{arm}_rating_count")
        uses = getattr(experiment, f"{arm}_count")
        failures = getattr(experiment, f"{arm}_failures")
        rows.append(
            {
                "arm": arm.upper(),
                "version": template.version,
                "users": users.get(arm, 0),
                "uses": uses,
                "failures": failures,
                "failure_rate": round(failures / uses, 3) if uses else None,
                "avg_rating": round(rating_sum / rating_count, 2) if rating_count else None,
                "ratings": rating_count,
                "avg_tokens": round(
                    (row.get("avg_tokens_in") or 0) + (row.get("avg_tokens_out") or 0)
                )
                if row
                else None,
                "avg_latency_ms": round(row["avg_latency"]) if row.get("avg_latency") else None,
            }
        )
    return rows


def experiment_running(*, name: str) -> PromptExperiment | None:
    return PromptExperiment.objects.filter(name=name, status=ExperimentStatus.RUNNING).first()


def flag_get_for_output(*, user: User, output_kind: str, output_id: Any) -> AIOutputFlag | None:
    """The user's own flag on one output, if they flagged it."""
    return AIOutputFlag.objects.filter(
        user=user, output_kind=str(output_kind), output_id=str(output_id)
    ).first()
