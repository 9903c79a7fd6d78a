"""The per-user cache of the "today" page's non-habit parts (workouts, goals, vacation,
recent achievements, the gamification switch), and of the achievements a check-in may still
unlock (which change with the same writes: unlocks and the gamification switch).

They change only when the user (or an operator) writes one of their rows, far less often than
the page is read, so the page reads them from one cache entry instead of five queries.

Never stale after a write: every write to those rows marks the user's entry as changed, at
once and again when its transaction commits. An entry counts only if its reading started
after the last mark, so a page read racing the write (it read the rows before the commit and
stores them after) cannot keep the old value. Entry and mark come back in one round trip.
The entry also holds the local day it was made for, and lives at most
``DASHBOARD_EXTRAS_SECONDS``, which bounds a change made behind the ORM's back (or while Redis
was down and the mark was dropped).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

DASHBOARD_EXTRAS_SECONDS = 300


def _keys(user_id, name: str = "dash-extras") -> tuple[str, str]:
    return f"habits:{name}:v1:{user_id}", f"habits:dash-extras-changed:v1:{user_id}"


_MISSING = object()


def dashboard_extras_lookup(
    *, user_id, valid: Callable[[Any], bool], name: str = "dash-extras"
) -> tuple[bool, Any]:
    """``(True, value)`` when the user's entry is ``valid`` and was read after the last change
    mark, else ``(False, None)``. A caller that then reads the rows itself stores them with
    ``dashboard_extras_store``, passing the time it began (before this lookup)."""
    entry_key, mark_key = _keys(user_id, name)
    found = cache.get_many([entry_key, mark_key])
    entry, mark = found.get(entry_key, _MISSING), found.get(mark_key)
    if (
        isinstance(entry, tuple)
        and len(entry) == 2
        and (mark is None or entry[0] > mark)
        and valid(entry[1])
    ):
        return True, entry[1]
    return False, None


def dashboard_extras_store(*, user_id, value, started: float, name: str = "dash-extras") -> None:
    """Keep ``value``, read from rows by a reading that began at ``started`` (``time.time()``,
    taken before the lookup): a change marked after that refuses it."""
    entry_key, _mark_key = _keys(user_id, name)
    cache.set(entry_key, (started, value), DASHBOARD_EXTRAS_SECONDS)


def dashboard_extras_cached(
    *,
    user_id,
    valid: Callable[[Any], bool],
    read: Callable[[], Any],
    name: str = "dash-extras",
):
    """The cached value if ``valid`` and read after the last change mark; else ``read()``,
    which is stored for the next request. ``name`` keeps another per-user value under the
    same change mark (the achievements a check-in may still unlock)."""
    started = time.time()
    hit, value = dashboard_extras_lookup(user_id=user_id, valid=valid, name=name)
    if hit:
        return value
    value = read()
    dashboard_extras_store(user_id=user_id, value=value, started=started, name=name)
    return value


CACHED_NAMES = ("dash-extras", "locked-achievements")


def _mark(user_id) -> None:
    _entry_key, mark_key = _keys(user_id)
    # The mark outlives any entry it must refuse.
    cache.set(mark_key, time.time(), 2 * DASHBOARD_EXTRAS_SECONDS)
    cache.delete_many([_keys(user_id, name)[0] for name in CACHED_NAMES])


def dashboard_extras_forget(*, user_id) -> None:
    """The user's workouts, goals, metrics, vacations, achievements or preferences changed."""
    _mark(user_id)
    transaction.on_commit(lambda: _mark(user_id))


def _forget_for_user(sender, instance, **kwargs) -> None:
    user_id = getattr(instance, "user_id", None)
    if user_id is None and hasattr(instance, "session_id"):  # a workout's exercise
        from habits.models import WorkoutSession

        if type(instance)._meta.get_field("session").is_cached(instance):
            user_id = instance.session.user_id
        else:
            user_id = (
                WorkoutSession.objects.filter(pk=instance.session_id)
                .values_list("user_id", flat=True)
                .first()
            )
    if user_id is not None:
        dashboard_extras_forget(user_id=user_id)


def connect_signals() -> None:
    """Writes through the ORM (services, admin) forget the entry; services that write with
    ``update()``, ``bulk_create()`` or SQL call ``dashboard_extras_forget`` themselves."""
    from habits.models import (
        Achievement,
        HabitPreferences,
        HabitVacation,
        HealthGoal,
        HealthMetric,
        UserAchievement,
        WorkoutSession,
        WorkoutSessionExercise,
    )
    from habits.services.achievements import achievement_catalogue_forget

    post_save.connect(achievement_catalogue_forget, sender=Achievement, dispatch_uid="ach-cat-s")
    post_delete.connect(achievement_catalogue_forget, sender=Achievement, dispatch_uid="ach-cat-d")
    for model in (
        HabitPreferences,
        HabitVacation,
        HealthGoal,
        HealthMetric,
        UserAchievement,
        WorkoutSession,
        WorkoutSessionExercise,
    ):
        name = model._meta.label_lower
        post_save.connect(_forget_for_user, sender=model, dispatch_uid=f"dash-extras-s-{name}")
        # Metrics are immutable and a workout's exercises leave only with their session: a
        # delete receiver there would only slow the erasure's bulk delete (it forgets itself).
        if model not in (HealthMetric, WorkoutSessionExercise):
            post_delete.connect(
                _forget_for_user, sender=model, dispatch_uid=f"dash-extras-d-{name}"
            )
