"""The slip policy (seed 002 ``slip_conditions``): normal -> warning -> slipped, and back.

The rules come from coaching's active ``slip`` policy (seeded as v1 by diaries, which owns
their meaning; see ``DEFAULT_RULES``). Every transition is a ``SlipCondition`` row holding
the metrics that caused it, written in the same transaction as the state change. Slipping
starts a safety pause through ``accounts.services.user_set_safety_pause`` (AI pauses,
streaks freeze) and opens a human review task for operators; release is by time (beat) or
by an operator's override with a reason.

Rules (``policy.rules``):

* ``window_entries``: how many of the latest analyses are looked at.
* ``warning``: ``tier_a_min`` / ``tier_m_min`` / ``hits`` — that many analyses in the window at
  or above both thresholds move normal -> warning (a gentle note, nothing paused).
* ``slip``: the same for slipped; an analysis ``slip_flag`` counts as a slip-level hit.
* ``healthy_emotions``: a high tier whose primary emotion is one of these (joy, pride …) is
  "healthy intensity" and never counts as a hit.
* ``slip_ethics_tags``: any of these ethics tags on the latest analysis slips at once.
* ``slip_on_crisis``: a crisis assessment while saving slips at once.
* ``slip_hours``: how long a slip lasts before it is released by time.
* ``calm_entries``: in warning, this many latest analyses without a hit return to normal.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import notify, user_set_safety_pause
from core.exceptions import ConflictError, HaruError

from ..enums import AnalysisStatus, ReviewStatus, SlipStatus
from ..models import Analysis, SlipCondition, SlipState

logger = logging.getLogger(__name__)

POLICY_NAME = "slip"
DEFAULT_RULES: dict[str, Any] = {
    "window_entries": 5,
    "warning": {"tier_a_min": 3.0, "tier_m_min": 2.5, "hits": 1},
    "slip": {"tier_a_min": 3.5, "tier_m_min": 3.0, "hits": 3},
    "healthy_emotions": ["joy", "pride", "gratitude", "excitement", "calm", "love"],
    "slip_ethics_tags": ["self_harm", "suicide", "harm_to_others"],
    "slip_on_crisis": True,
    "slip_hours": 72,
    "calm_entries": 3,
}


def slip_rules(*, user: Any) -> tuple[dict[str, Any], int | None]:
    """The active slip rules for the user (policy scope and overrides from coaching)."""
    from coaching.policies import policy_get

    policy = policy_get(POLICY_NAME, user)
    if policy is None:
        return DEFAULT_RULES, None
    rules = {**DEFAULT_RULES, **dict(policy.rules or {})}
    return rules, policy.version


def _hits(rows: list[Analysis], level: dict, healthy: set[str], *, count_flag: bool) -> int:
    hits = 0
    for row in rows:
        if count_flag and row.slip_flag:
            hits += 1
            continue
        if row.tier_a is None or row.tier_m is None or row.primary_emotion in healthy:
            continue
        if row.tier_a >= float(level["tier_a_min"]) and row.tier_m >= float(level["tier_m_min"]):
            hits += 1
    return hits


def _state_locked(user_id: Any) -> SlipState:
    SlipState.objects.get_or_create(user_id=user_id)
    return SlipState.objects.select_for_update().get(user_id=user_id)


def _transition(
    *,
    user: Any,
    state: SlipState,
    status: str,
    metrics: dict,
    rule: str,
    policy_version: int | None,
    duration: datetime.timedelta | None = None,
    actor: Any = None,
    reason: str = "",
) -> SlipCondition:
    now = timezone.now()
    previous = state.status
    condition = SlipCondition.objects.create(
        user_id=user.pk,
        status=status,
        previous_status=previous,
        metrics=metrics,
        rule=rule[:32],
        policy_version=policy_version,
        duration=duration,
        triggered_at=now,
        released_at=now
        if previous == SlipStatus.SLIPPED and status != SlipStatus.SLIPPED
        else None,
        override_by=actor,
        override_reason=reason,
        review_status=ReviewStatus.OPEN if status == SlipStatus.SLIPPED else ReviewStatus.NONE,
    )
    if previous == SlipStatus.SLIPPED and status != SlipStatus.SLIPPED:
        SlipCondition.objects.filter(
            user_id=user.pk, status=SlipStatus.SLIPPED, released_at__isnull=True
        ).update(released_at=now)
    state.status = status
    state.until = now + duration if duration else None
    state.changed_at = now
    state.save()
    if status == SlipStatus.SLIPPED:
        user_set_safety_pause(
            user=user, until=state.until, reason=f"slip:{rule}"[:200], actor=actor
        )
        with translation.override(getattr(user, "language", "") or "ko"):
            notify(
                user=user,
                type="diary_slip",
                title=_("Your AI readings are resting for a little while"),
                body=_(
                    "What you wrote sounded heavy, so Haru is pausing its AI readings and your "
                    "streaks for now. You can keep writing. If you need someone now, call 109 "
                    "or 1577-0199."
                ),
                dedupe_key=f"diary-slip:{condition.pk}",
            )
    elif previous == SlipStatus.SLIPPED:
        user_set_safety_pause(
            user=user, until=None, reason=f"slip-release:{rule}"[:200], actor=actor
        )
        from .analysis import analyses_resume_paused

        transaction.on_commit(lambda: analyses_resume_paused(user=user))
    logger.info("slip %s: %s -> %s (%s)", user.pk, previous, status, rule)
    return condition


def slip_evaluate(
    *, user: Any, assessment: Any = None, analysis: Analysis | None = None
) -> SlipCondition | None:
    """Apply the slip rules after a save (``assessment``) or an analysis; None if unchanged."""
    rules, version = slip_rules(user=user)
    with transaction.atomic():
        state = _state_locked(user.pk)
        if state.status == SlipStatus.SLIPPED:
            return None  # already paused; release is by time or by an operator
        slip_for = datetime.timedelta(hours=float(rules["slip_hours"]))
        if assessment is not None and assessment.level == "crisis" and rules.get("slip_on_crisis"):
            metrics = {
                "crisis": True,
                "categories": list(assessment.categories),
                "ruleset_version": version,
            }
            return _transition(
                user=user,
                state=state,
                status=SlipStatus.SLIPPED,
                metrics=metrics,
                rule="crisis",
                policy_version=version,
                duration=slip_for,
            )
        window = int(rules["window_entries"])
        rows = list(
            Analysis.objects.filter(user_id=user.pk, status=AnalysisStatus.DONE)
            .order_by("-completed_at", "-id")
            .only("tier_a", "tier_m", "slip_flag", "primary_emotion", "ethics_tags")[:window]
        )
        healthy = set(rules.get("healthy_emotions") or [])
        slip_hits = _hits(rows, rules["slip"], healthy, count_flag=True)
        warn_hits = _hits(rows, rules["warning"], healthy, count_flag=True)
        latest = rows[0] if rows else None
        metrics = {
            "tier_a": latest.tier_a if latest else None,
            "tier_m": latest.tier_m if latest else None,
            "window": len(rows),
            "slip_hits": slip_hits,
            "warning_hits": warn_hits,
            "tier_a_avg": round(sum(r.tier_a or 0 for r in rows) / len(rows), 3) if rows else None,
            "ruleset_version": version,
        }
        blocked_tags = set(rules.get("slip_ethics_tags") or [])
        if latest is not None and blocked_tags & set(latest.ethics_tags or []):
            metrics["ethics_tags"] = sorted(blocked_tags & set(latest.ethics_tags))
            return _transition(
                user=user,
                state=state,
                status=SlipStatus.SLIPPED,
                metrics=metrics,
                rule="ethics",
                policy_version=version,
                duration=slip_for,
            )
        if slip_hits >= int(rules["slip"]["hits"]):
            return _transition(
                user=user,
                state=state,
                status=SlipStatus.SLIPPED,
                metrics=metrics,
                rule="tier_repeat",
                policy_version=version,
                duration=slip_for,
            )
        if state.status == SlipStatus.NORMAL and warn_hits >= int(rules["warning"]["hits"]):
            return _transition(
                user=user,
                state=state,
                status=SlipStatus.WARNING,
                metrics=metrics,
                rule="tier_warning",
                policy_version=version,
            )
        calm = int(rules.get("calm_entries", 3))
        if (
            state.status == SlipStatus.WARNING
            and len(rows) >= calm
            and _hits(rows[:calm], rules["warning"], healthy, count_flag=True) == 0
        ):
            return _transition(
                user=user,
                state=state,
                status=SlipStatus.NORMAL,
                metrics=metrics,
                rule="calm",
                policy_version=version,
            )
    return None


def slips_release_due(*, now: datetime.datetime | None = None) -> int:
    """Release every slip whose time is over (beat)."""
    now = now or timezone.now()
    released = 0
    for user_id in SlipState.objects.filter(status=SlipStatus.SLIPPED, until__lte=now).values_list(
        "user_id", flat=True
    ):
        from accounts.models import User

        with transaction.atomic():
            state = SlipState.objects.select_for_update().get(user_id=user_id)
            if state.status != SlipStatus.SLIPPED or state.until is None or state.until > now:
                continue
            _transition(
                user=User.objects.get(pk=user_id),
                state=state,
                status=SlipStatus.NORMAL,
                metrics={"released": "time"},
                rule="time",
                policy_version=None,
            )
            released += 1
    return released


def slip_override(
    *, user: Any, operator: Any, reason: str, status: str = SlipStatus.NORMAL
) -> SlipCondition:
    """An operator sets the user's slip status (usually: release early), with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise HaruError(
            _("Write why you override the slip policy."),
            code="slip_reason_required",
            fields={"reason": [_("This field is required.")]},
        )
    if status not in SlipStatus.values:
        raise HaruError(_("That is not a slip status."), code="slip_invalid_status")
    rules, version = slip_rules(user=user)
    with transaction.atomic():
        state = _state_locked(user.pk)
        if state.status == status:
            raise ConflictError(_("The user is already in that state."), code="slip_unchanged")
        duration = (
            datetime.timedelta(hours=float(rules["slip_hours"]))
            if status == SlipStatus.SLIPPED
            else None
        )
        condition = _transition(
            user=user,
            state=state,
            status=status,
            metrics={"override": True},
            rule="override",
            policy_version=version,
            duration=duration,
            actor=operator,
            reason=reason[:1000],
        )
        SlipCondition.objects.filter(user_id=user.pk, review_status=ReviewStatus.OPEN).exclude(
            pk=condition.pk
        ).update(review_status=ReviewStatus.DONE)
    return condition


def slip_review_done(*, condition: SlipCondition, operator: Any) -> SlipCondition:
    SlipCondition.objects.filter(pk=condition.pk, review_status=ReviewStatus.OPEN).update(
        review_status=ReviewStatus.DONE
    )
    condition.review_status = ReviewStatus.DONE
    return condition
