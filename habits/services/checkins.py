"""Check-ins: one log per habit per local day, undo, skip, and back-fill up to seven days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_local_today
from core.analytics import HABIT_CHECK, track
from core.exceptions import ConflictError, HaruError, NotFoundError
from habits.enums import HabitStatus, LogSource, LogStatus
from habits.models import Habit, HabitLog, UserAchievement
from habits.selectors import logs_flagging_photos

from .stats import habit_recompute_stats, habit_stats_window_start

BACKFILL_DAYS = 7


@dataclass
class CheckInResult:
    habit: Habit
    log: HabitLog | None
    created: bool = False
    completed_now: bool = False
    unlocked: list[UserAchievement] = field(default_factory=list)


class DateOutOfRangeError(HaruError):
    default_code = "date_out_of_range"


def _day_for(habit: Habit, on_date: date | None, *, now: datetime | None) -> tuple[date, date]:
    today = user_local_today(user=habit.user, at=now)
    day = on_date or today
    if day > today:
        raise DateOutOfRangeError(_("You cannot check in for a day that has not come yet."))
    if day < today - timedelta(days=BACKFILL_DAYS):
        raise DateOutOfRangeError(
            _("You can fill in the last %(days)d days only.") % {"days": BACKFILL_DAYS}
        )
    return day, today


def _locked(habit: Habit | None = None, *, user=None, habit_id=None) -> Habit:
    """The habit, row-locked and active. Given ``user`` and ``habit_id`` (the API and page
    check-ins), the ownership check and the lock are one query, which also brings the
    category and template the responses show, and the achievements the user may still
    unlock."""
    locked: Habit | None
    if habit is not None:
        locked = Habit.objects.select_for_update().select_related("user").get(pk=habit.pk)
    else:
        from .achievements import locked_achievement_annotations

        try:
            locked = (
                Habit.objects.select_for_update(of=("self",))
                .select_related("category", "template")
                .filter(user=user, pk=habit_id)
                .annotate(**locked_achievement_annotations(user))
                .first()
            )
        except (ValueError, ValidationError):  # not a UUID: no such habit
            locked = None
        if locked is None:
            raise NotFoundError("habit not found")
        locked.user = user
    if locked.status != HabitStatus.ACTIVE:
        raise ConflictError(_("Resume this habit before checking in."), code="habit_not_active")
    return locked


def _day_logs(*, habit: Habit, day: date, today: date) -> tuple[HabitLog | None, list | None]:
    """The day's log and, when the statistics fold reads only a recent window that holds the
    day, every log of that window (one query for both)."""
    start = habit_stats_window_start(habit=habit, today=today, since=day)
    if start is None:
        day_log = HabitLog.objects.filter(habit=habit, local_date=day)
        return logs_flagging_photos(day_log).first(), None
    window = list(logs_flagging_photos(HabitLog.objects.filter(habit=habit, local_date__gte=start)))
    return next((log for log in window if log.local_date == day), None), window


def habit_check_in(
    *,
    habit: Habit | None = None,
    user=None,
    habit_id=None,
    on_date: date | None = None,
    count: int | None = None,
    increment: int | None = None,
    mood: int | None = None,
    energy: int | None = None,
    note: str | None = None,
    photos: Sequence = (),
    source: str = LogSource.WEB,
    now: datetime | None = None,
) -> CheckInResult:
    """Record progress for ``on_date`` (default: the user's today).

    With neither ``count`` nor ``increment`` the day is marked done (the target reached).
    ``count`` sets the day's total, ``increment`` adds to it. Checking in twice counts once:
    the habit row is locked, so concurrent requests see each other's log.
    Pass the ``habit``, or ``user`` and ``habit_id`` (NotFoundError unless the user owns it).
    """
    now = now or timezone.now()
    with transaction.atomic():
        habit = _locked(habit, user=user, habit_id=habit_id)
        day, today = _day_for(habit, on_date, now=now)
        log, window = _day_logs(habit=habit, day=day, today=today)
        previous = log.count if log is not None and log.status != LogStatus.SKIPPED else 0
        was_done = log is not None and log.status == LogStatus.DONE
        if increment is not None:
            new_count = previous + increment
        elif count is not None:
            new_count = count
        else:
            new_count = max(previous, habit.target_count)
        if new_count <= 0:
            if log is not None:
                log.delete()
            habit_recompute_stats(
                habit=habit,
                today=today,
                since=day,
                window_logs=[row for row in window if row is not log] if window else None,
            )
            return CheckInResult(habit=habit, log=None)

        status = LogStatus.DONE if new_count >= habit.target_count else LogStatus.PARTIAL
        created = log is None
        if log is None:
            log = HabitLog(habit=habit, user_id=habit.user_id, local_date=day)
        log.count = new_count
        log.target_count = habit.target_count
        log.status = status
        log.source = source
        if not was_done or created:
            log.completed_at = now
        for name, value in (("mood", mood), ("energy", energy), ("note", note)):
            if value is not None:
                setattr(log, name, value)
        stats = habit_recompute_stats(
            habit=habit, today=today, since=day, pending=log, window_logs=window
        )
        log.streak_count = stats.current
        log.save()
        owned = [photo for photo in photos if photo.owner_id == habit.user_id]
        if owned:
            log.photos.add(*owned)
        elif created or not getattr(log, "has_photos", True):
            # A log without photos (new, or read so flagged): remember that, so showing it
            # asks nothing more.
            log._prefetched_objects_cache = {"photos": log.photos.none()}  # type: ignore[attr-defined]

        result = CheckInResult(
            habit=habit,
            log=log,
            created=created,
            completed_now=status == LogStatus.DONE and not was_done,
        )
        if result.completed_now:
            user_id, properties = habit.user_id, {"streak": stats.current, "source": source}
            transaction.on_commit(
                lambda: track(HABIT_CHECK, user_id=user_id, properties=properties)
            )
        if result.completed_now or mood is not None:
            from .achievements import achievements_check

            result.unlocked = achievements_check(
                user=habit.user,
                trigger="check_in" if result.completed_now else "mood",
                habit=habit,
                log=log,
                now=now,
                locked_codes=getattr(habit, "locked_achievement_codes", None),
                gamification_off=getattr(habit, "gamification_off", None),
            )
    return result


def habit_check_in_undo(
    *, habit: Habit, on_date: date | None = None, now: datetime | None = None
) -> Habit:
    """Remove the day's log (done, partial or skipped) and re-score the habit."""
    with transaction.atomic():
        habit = _locked(habit)
        day, today = _day_for(habit, on_date, now=now)
        HabitLog.objects.filter(habit=habit, local_date=day).delete()
        habit_recompute_stats(habit=habit, today=today, since=day)
    return habit


def habit_skip(
    *,
    habit: Habit,
    on_date: date | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> HabitLog:
    """Mark a day as a skip day: the streak freezes instead of breaking."""
    now = now or timezone.now()
    with transaction.atomic():
        habit = _locked(habit)
        day, today = _day_for(habit, on_date, now=now)
        log = HabitLog.objects.filter(habit=habit, local_date=day).first()
        if log is not None and log.status == LogStatus.DONE:
            raise ConflictError(
                _("This day is already done. Undo the check-in first."), code="already_done"
            )
        if log is None:
            log = HabitLog(habit=habit, user_id=habit.user_id, local_date=day)
        log.status = LogStatus.SKIPPED
        log.count = 0
        log.target_count = habit.target_count
        log.completed_at = now
        if note is not None:
            log.note = note
        stats = habit_recompute_stats(habit=habit, today=today, since=day, pending=log)
        log.streak_count = stats.current
        log.save()
    return log
