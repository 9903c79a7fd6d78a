"""The habits app's write side. Views, serializers, admin and tasks call only these."""

from .achievements import achievement_unlock, achievements_check, gamification_enabled
from .checkins import CheckInResult, habit_check_in, habit_check_in_undo, habit_skip
from .habits import (
    HabitLimitReachedError,
    habit_archive,
    habit_create,
    habit_create_from_template,
    habit_pause,
    habit_resume,
    habit_set_status,
    habit_update,
)
from .metrics import (
    BulkResult,
    goal_deactivate,
    goal_set,
    integration_connect,
    integration_disconnect,
    metric_record,
    metrics_bulk_upload,
)
from .preferences import preferences_update
from .reminders import reminders_send_due
from .stats import habit_recompute_stats, habit_stats_rebuild
from .vacations import vacation_create, vacation_delete
from .workouts import (
    plan_archive,
    plan_create,
    plan_item_add,
    plan_item_move,
    plan_item_remove,
    plan_publish,
    plan_update,
    session_abandon,
    session_add_exercise,
    session_finish,
    session_start,
    set_delete,
    set_log,
    user_is_trainer,
)

__all__ = [
    "BulkResult",
    "CheckInResult",
    "HabitLimitReachedError",
    "achievement_unlock",
    "achievements_check",
    "gamification_enabled",
    "goal_deactivate",
    "goal_set",
    "habit_archive",
    "habit_check_in",
    "habit_check_in_undo",
    "habit_create",
    "habit_create_from_template",
    "habit_pause",
    "habit_recompute_stats",
    "habit_resume",
    "habit_set_status",
    "habit_skip",
    "habit_stats_rebuild",
    "habit_update",
    "integration_connect",
    "integration_disconnect",
    "metric_record",
    "metrics_bulk_upload",
    "plan_archive",
    "plan_create",
    "plan_item_add",
    "plan_item_move",
    "plan_item_remove",
    "plan_publish",
    "plan_update",
    "preferences_update",
    "reminders_send_due",
    "session_abandon",
    "session_add_exercise",
    "session_finish",
    "session_start",
    "set_delete",
    "set_log",
    "user_is_trainer",
    "vacation_create",
    "vacation_delete",
]
