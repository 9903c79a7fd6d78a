from __future__ import annotations

from habits.models import HabitPreferences


def preferences_get(*, user) -> HabitPreferences:
    preferences = HabitPreferences.objects.filter(user=user).first()
    return preferences or HabitPreferences(user=user)


def preferences_update(
    *, user, gamification_enabled: bool | None = None, reminders_enabled: bool | None = None
) -> HabitPreferences:
    changes = {
        key: value
        for key, value in (
            ("gamification_enabled", gamification_enabled),
            ("reminders_enabled", reminders_enabled),
        )
        if value is not None
    }
    preferences, _ = HabitPreferences.objects.update_or_create(user=user, defaults=changes)
    return preferences
