"""Adding, changing, pausing, resuming and archiving habits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_local_today
from billing import entitlements
from core.analytics import HABIT_CREATED, track
from core.exceptions import ConflictError, HaruError, PermissionDeniedError
from core.locks import advisory_xact_lock
from habits.enums import HabitKind, HabitStatus, ScheduleType
from habits.models import Habit, HabitCategory, HabitStatusLog, HabitTemplate

from .stats import habit_recompute_stats

LIMIT_KEY = "max_habits"
MAX_REMINDERS = 5

# Which status a habit may move to from each status.
TRANSITIONS: dict[str, set[str]] = {
    HabitStatus.ACTIVE: {HabitStatus.PAUSED, HabitStatus.ARCHIVED},
    HabitStatus.PAUSED: {HabitStatus.ACTIVE, HabitStatus.ARCHIVED},
    HabitStatus.ARCHIVED: {HabitStatus.ACTIVE},
}


class HabitLimitReachedError(PermissionDeniedError):
    default_code = "habit_limit_reached"


def _lock_user_habits(user) -> None:
    """Serialise habit-count checks for one user (two tabs adding habits at once)."""
    advisory_xact_lock(namespace="habits", key=user.pk)


def _check_limit(user) -> None:
    allowed = entitlements.limit(user, LIMIT_KEY)
    if allowed is None:
        return
    in_use = Habit.objects.filter(user=user).exclude(status=HabitStatus.ARCHIVED).count()
    if in_use >= allowed:
        url, label = entitlements.upgrade_link()
        raise HabitLimitReachedError(
            _("Your plan allows %(count)d habits at a time.") % {"count": allowed}
            + " "
            + entitlements.upgrade_hint(LIMIT_KEY),
            action_url=url,
            action_label=label,
        )


def _validate_schedule(
    *,
    kind: str,
    target_count: int,
    schedule_type: str,
    weekdays: Sequence[int],
    times_per_week: int,
    reminder_times: Sequence[time],
) -> None:
    fields: dict[str, list[str]] = {}
    if kind == HabitKind.BOOLEAN and target_count != 1:
        fields["target_count"] = [_("A yes/no habit has a target of 1.")]
    if schedule_type == ScheduleType.WEEKDAYS and not weekdays:
        fields["weekdays"] = [_("Choose at least one weekday.")]
    if len(reminder_times) > MAX_REMINDERS:
        fields["reminder_times"] = [
            _("At most %(count)d reminders per habit.") % {"count": MAX_REMINDERS}
        ]
    if fields:
        message = next(iter(fields.values()))[0]
        raise HaruError(message, code="invalid", fields=fields)


def habit_create(
    *,
    user,
    name: str,
    template: HabitTemplate | None = None,
    category: HabitCategory | None = None,
    kind: str = HabitKind.BOOLEAN,
    target_count: int = 1,
    unit: str = "",
    schedule_type: str = ScheduleType.DAILY,
    weekdays: Sequence[int] = (),
    times_per_week: int = 3,
    reminder_times: Sequence[time] = (),
    notes: str = "",
    icon: str = "",
    color: str = "",
    sort_order: int | None = None,
) -> Habit:
    """Add a habit for ``user``; refuses past the plan's habit limit with how to lift it.

    ``sort_order`` places it in the user's list; by default it goes last."""
    if kind == HabitKind.BOOLEAN:
        target_count, unit = 1, ""
    _validate_schedule(
        kind=kind,
        target_count=target_count,
        schedule_type=schedule_type,
        weekdays=weekdays,
        times_per_week=times_per_week,
        reminder_times=reminder_times,
    )
    with transaction.atomic():
        _lock_user_habits(user)
        _check_limit(user)
        habit = Habit.objects.create(
            user=user,
            template=template,
            category=category or (template.category if template else None),
            name=name.strip(),
            notes=notes,
            icon=icon or (template.icon if template else ""),
            color=color
            or (template.color if template else "")
            or (category.color if category else ""),
            kind=kind,
            target_count=target_count,
            unit=unit,
            schedule_type=schedule_type,
            weekdays=sorted(set(weekdays)) if schedule_type == ScheduleType.WEEKDAYS else [],
            times_per_week=times_per_week,
            reminder_times=sorted(set(reminder_times)),
            started_on=user_local_today(user=user),
            sort_order=(
                Habit.objects.filter(user=user).count() if sort_order is None else sort_order
            ),
        )
        from .achievements import achievements_check

        achievements_check(user=user, trigger="habit_created")
        properties = {"from_template": template is not None, "kind": kind}
        transaction.on_commit(lambda: track(HABIT_CREATED, user_id=user.pk, properties=properties))
    return habit


def habit_create_from_template(*, user, template: HabitTemplate, **overrides) -> Habit:
    fields: dict[str, Any] = {
        "name": template.name,
        "kind": template.kind,
        "target_count": template.default_target_count,
        "unit": template.unit,
        "schedule_type": template.default_schedule,
        "weekdays": template.default_weekdays,
        "times_per_week": template.default_times_per_week,
        "reminder_times": template.default_reminder_times,
        "notes": template.description,
    }
    fields.update({key: value for key, value in overrides.items() if value is not None})
    return habit_create(user=user, template=template, **fields)


SCHEDULE_FIELDS = {"schedule_type", "weekdays", "times_per_week", "target_count", "kind"}
EDITABLE_FIELDS = SCHEDULE_FIELDS | {
    "name",
    "category",
    "unit",
    "reminder_times",
    "notes",
    "icon",
    "color",
    "sort_order",
}


def habit_update(*, habit: Habit, **changes) -> Habit:
    """Change a habit's settings; schedule changes re-score its history under the new rules."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        habit = Habit.objects.select_for_update().select_related("user").get(pk=habit.pk)
        for field, value in changes.items():
            setattr(habit, field, value)
        if habit.kind == HabitKind.BOOLEAN:
            habit.target_count, habit.unit = 1, ""
        if habit.schedule_type != ScheduleType.WEEKDAYS:
            habit.weekdays = []
        else:
            habit.weekdays = sorted(set(habit.weekdays))
        habit.reminder_times = sorted(set(habit.reminder_times))
        habit.name = habit.name.strip()
        _validate_schedule(
            kind=habit.kind,
            target_count=habit.target_count,
            schedule_type=habit.schedule_type,
            weekdays=habit.weekdays,
            times_per_week=habit.times_per_week,
            reminder_times=habit.reminder_times,
        )
        habit.save()
        if SCHEDULE_FIELDS & set(changes):
            habit_recompute_stats(habit=habit, today=user_local_today(user=habit.user))
    return habit


def habit_set_status(*, habit: Habit, to_status: str, actor=None, reason: str = "") -> Habit:
    """The one way a habit changes status: checks the transition and writes the log row."""
    with transaction.atomic():
        habit = Habit.objects.select_for_update().select_related("user").get(pk=habit.pk)
        from_status = habit.status
        if to_status == from_status:
            return habit
        if to_status not in TRANSITIONS[from_status]:
            raise ConflictError(
                _("A %(from)s habit cannot become %(to)s.")
                % {"from": HabitStatus(from_status).label, "to": HabitStatus(to_status).label},
                code="invalid_transition",
            )
        if from_status == HabitStatus.ARCHIVED:
            _lock_user_habits(habit.user)
            _check_limit(habit.user)
        now = timezone.now()
        habit.status = to_status
        if to_status == HabitStatus.PAUSED:
            habit.paused_at = now
        elif to_status == HabitStatus.ARCHIVED:
            habit.archived_at = now
        habit.save(update_fields=["status", "paused_at", "archived_at", "updated_at"])
        HabitStatusLog.objects.create(
            habit=habit, from_status=from_status, to_status=to_status, actor=actor, reason=reason
        )
        habit_recompute_stats(habit=habit, today=user_local_today(user=habit.user))
    return habit


def habit_pause(*, habit: Habit, actor=None) -> Habit:
    return habit_set_status(habit=habit, to_status=HabitStatus.PAUSED, actor=actor)


def habit_resume(*, habit: Habit, actor=None) -> Habit:
    return habit_set_status(habit=habit, to_status=HabitStatus.ACTIVE, actor=actor)


def habit_archive(*, habit: Habit, actor=None) -> Habit:
    return habit_set_status(habit=habit, to_status=HabitStatus.ARCHIVED, actor=actor)
