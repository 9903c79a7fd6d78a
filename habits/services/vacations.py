"""Vacations: days off for every habit at once; streaks freeze instead of breaking."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.selectors import user_local_today
from core.exceptions import ConflictError, HaruError
from habits.enums import HabitStatus
from habits.models import Habit, HabitVacation

from .checkins import BACKFILL_DAYS
from .stats import habit_recompute_stats

MAX_VACATION_DAYS = 90


def _rescore_all(user) -> None:
    today = user_local_today(user=user)
    for habit in (
        Habit.objects.select_for_update()
        .select_related("user")
        .filter(user=user)
        .exclude(status=HabitStatus.ARCHIVED)
        .order_by("pk")
    ):
        habit_recompute_stats(habit=habit, today=today)


def vacation_create(*, user, start_date: date, end_date: date, reason: str = "") -> HabitVacation:
    """Days off in [start_date, end_date); may start up to a week ago (a forgotten trip)."""
    today = user_local_today(user=user)
    if end_date <= start_date:
        raise HaruError(
            _("The day you are back must be after the first day off."),
            fields={"end_date": [_("The day you are back must be after the first day off.")]},
        )
    if start_date < today - timedelta(days=BACKFILL_DAYS):
        raise HaruError(
            _("A vacation can start at most %(days)d days ago.") % {"days": BACKFILL_DAYS},
            fields={"start_date": [_("Too far in the past.")]},
        )
    if (end_date - start_date).days > MAX_VACATION_DAYS:
        raise HaruError(
            _("A vacation can last at most %(days)d days.") % {"days": MAX_VACATION_DAYS},
            fields={"end_date": [_("Too long.")]},
        )
    try:
        with transaction.atomic():
            vacation = HabitVacation.objects.create(
                user=user, start_date=start_date, end_date=end_date, reason=reason
            )
            _rescore_all(user)
    except IntegrityError as error:
        raise ConflictError(
            _("This overlaps a vacation you already planned."), code="vacation_overlap"
        ) from error
    return vacation


def vacation_delete(*, vacation: HabitVacation) -> None:
    with transaction.atomic():
        user = vacation.user
        vacation.delete()
        _rescore_all(user)
