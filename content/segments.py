"""Who an announcement goes to: everyone, a plan's subscribers, a language, or a cohort.

Cohorts belong to ops_admin (above content): it registers a resolver here in its
``AppConfig.ready()``; content never imports it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from billing.entitlements import FREE_PLAN_CODE
from billing.selectors import live_subscriber_ids
from content.enums import Segment

# cohort key -> QuerySet of user ids (values("id") / values_list("id"))
CohortResolver = Callable[[str], QuerySet]
_cohort_resolver: CohortResolver | None = None


def register_cohort_resolver(resolver: CohortResolver) -> None:
    global _cohort_resolver
    _cohort_resolver = resolver


def segment_users(*, segment: str, value: str = "") -> QuerySet[Any]:
    """Active, non-resigned users of the segment."""
    users = get_user_model().objects.filter(is_active=True, deleted_at__isnull=True)
    if segment == Segment.EVERYONE:
        return users
    if segment == Segment.LOCALE:
        return users.filter(language=value)
    if segment == Segment.PLAN:
        if value == FREE_PLAN_CODE:
            return users.exclude(pk__in=live_subscriber_ids())
        return users.filter(pk__in=live_subscriber_ids(plan_code=value))
    if segment == Segment.COHORT:
        if _cohort_resolver is None:
            return users.none()
        return users.filter(pk__in=_cohort_resolver(value))
    raise ValueError(f"unknown segment {segment!r}")


def segment_size(*, segment: str, value: str = "") -> int:
    return segment_users(segment=segment, value=value).count()
