"""The one place other apps ask "may this user do X" and "how many".

    from billing import entitlements
    if entitlements.limit(user, "max_habits") is not None and count >= ...:
        url, label = entitlements.upgrade_link()
        raise ...(entitlements.upgrade_hint("max_habits"), action_url=url, action_label=label)

A user's plan is their live subscription's plan (trialing, active or past due, which keeps
access during payment retries), or the free plan.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from billing.catalog import FEATURES, LIMITS
from billing.enums import LIVE_SUBSCRIPTION_STATUSES
from billing.exceptions import UnknownEntitlement
from billing.models import Plan, Subscription

if TYPE_CHECKING:
    from accounts.models import User

FREE_PLAN_CODE = "free"
logger = logging.getLogger(__name__)


# What the free plan allows when its row is missing (a database flushed by a test, say):
# the same values billing's data migration seeds.
FREE_PLAN_FALLBACK = {
    "features": {
        "ai_coaching": True,
        "diary_analysis": True,
        "advanced_reports": False,
        "premium_content": False,
        "data_export": True,
        "priority_support": False,
    },
    "limits": {
        "max_habits": 3,
        "ai_messages_per_day": 5,
        "max_diary_analyses_per_month": 10,
        "max_reports_per_month": 1,
        "max_courses": 1,
    },
}


def free_plan() -> Plan:
    plan = Plan.objects.filter(code=FREE_PLAN_CODE).first()
    if plan is None:
        logger.warning("billing: the free plan row is missing; using the built-in free limits")
        plan = Plan(
            code=FREE_PLAN_CODE,
            name_ko="무료",
            name_en="Free",
            price=0,
            level=0,
            **FREE_PLAN_FALLBACK,
        )
    return plan


def plan_for(user: User | None) -> Plan:
    """The plan whose features and limits apply to ``user`` right now."""
    if user is not None and getattr(user, "is_authenticated", False):
        subscription = (
            Subscription.objects.filter(user=user, status__in=LIVE_SUBSCRIPTION_STATUSES)
            .select_related("plan")
            .first()
        )
        if subscription is not None:
            return subscription.plan
    return free_plan()


def has_feature(user: User | None, key: str) -> bool:
    if key not in FEATURES:
        raise UnknownEntitlement(key)
    return bool(plan_for(user).features.get(key, False))


def limit(user: User | None, key: str) -> int | None:
    """The user's limit for ``key``; ``None`` means unlimited."""
    if key not in LIMITS:
        raise UnknownEntitlement(key)
    value = plan_for(user).limits.get(key)
    return None if value is None else int(value)


def _lifting_plan(key: str) -> Plan | None:
    """The cheapest plan on sale that removes (or raises the most) the limit / has the feature."""
    plans = list(Plan.objects.filter(is_active=True, price__gt=0))
    if key in FEATURES:
        candidates = [plan for plan in plans if plan.features.get(key)]
    else:
        candidates = [plan for plan in plans if plan.limits.get(key, 0) is None]
        if not candidates:
            candidates = sorted(plans, key=lambda plan: -(plan.limits.get(key) or 0))[:1]
    return min(candidates, key=lambda plan: (plan.level, plan.price), default=None)


def upgrade_hint(key: str) -> str:
    """A translated sentence telling the user which plan lifts the limit or unlocks the
    feature. It names no URL: pages link ``upgrade_link()`` after it, apps act on the code."""
    if key not in FEATURES and key not in LIMITS:
        raise UnknownEntitlement(key)
    plan = _lifting_plan(key)
    if plan is None:
        return _("This is the most your plan allows.")
    if key in FEATURES:
        return _("%(plan)s includes this.") % {"plan": plan.name}
    return _("%(plan)s removes this limit.") % {"plan": plan.name}


def upgrade_link() -> tuple[str, str]:
    """(URL, label) of the page where a user compares plans, for a link after a hint."""
    return reverse("billing:pricing"), _("See plans")
