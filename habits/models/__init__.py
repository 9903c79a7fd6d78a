from .achievements import Achievement, UserAchievement
from .catalog import HabitCategory, HabitTemplate
from .habits import Habit, HabitLog, HabitPreferences, HabitStatusLog, HabitVacation
from .metrics import HealthGoal, HealthIntegration, HealthMetric
from .workouts import (
    Exercise,
    WorkoutPlan,
    WorkoutPlanExercise,
    WorkoutPlanVersion,
    WorkoutSession,
    WorkoutSessionExercise,
    WorkoutSessionStatusLog,
    WorkoutSet,
)

__all__ = [
    "Achievement",
    "Exercise",
    "Habit",
    "HabitCategory",
    "HabitLog",
    "HabitPreferences",
    "HabitStatusLog",
    "HabitTemplate",
    "HabitVacation",
    "HealthGoal",
    "HealthIntegration",
    "HealthMetric",
    "UserAchievement",
    "WorkoutPlan",
    "WorkoutPlanExercise",
    "WorkoutPlanVersion",
    "WorkoutSession",
    "WorkoutSessionExercise",
    "WorkoutSessionStatusLog",
    "WorkoutSet",
]
