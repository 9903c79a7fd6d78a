"""Every status and kind the habits app stores: stable values with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class HabitKind(models.TextChoices):
    BOOLEAN = "boolean", _("Yes / no")
    NUMERIC = "numeric", _("Count towards a target")


class ScheduleType(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKDAYS = "weekdays", _("On chosen weekdays")
    TIMES_PER_WEEK = "times_per_week", _("A number of times per week")


class HabitStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("habit status", "Active")
    PAUSED = "paused", _("Paused")
    ARCHIVED = "archived", _("Archived")


class LogStatus(models.TextChoices):
    DONE = "done", _("Done")
    PARTIAL = "partial", _("In progress")
    SKIPPED = "skipped", _("Skipped")


class LogSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("App")
    REMINDER = "reminder", _("Reminder")
    IMPORT = "import", _("Import")


class Rarity(models.TextChoices):
    COMMON = "common", _("Common")
    RARE = "rare", _("Rare")
    EPIC = "epic", _("Epic")
    LEGENDARY = "legendary", _("Legendary")


class ExerciseCategory(models.TextChoices):
    STRENGTH = "strength", pgettext_lazy("exercise", "Strength")
    CARDIO = "cardio", pgettext_lazy("exercise", "Cardio")
    FLEXIBILITY = "flexibility", pgettext_lazy("exercise", "Flexibility")
    BALANCE = "balance", pgettext_lazy("exercise", "Balance")
    CORE = "core", pgettext_lazy("exercise", "Core")
    PLYOMETRICS = "plyometrics", pgettext_lazy("exercise", "Plyometrics")


class Equipment(models.TextChoices):
    NONE = "none", pgettext_lazy("exercise", "No equipment")
    BARBELL = "barbell", pgettext_lazy("exercise", "Barbell")
    DUMBBELL = "dumbbell", pgettext_lazy("exercise", "Dumbbell")
    KETTLEBELL = "kettlebell", pgettext_lazy("exercise", "Kettlebell")
    MACHINE = "machine", pgettext_lazy("exercise", "Machine")
    CABLE = "cable", pgettext_lazy("exercise", "Cable")
    BAND = "band", pgettext_lazy("exercise", "Resistance band")
    BENCH = "bench", pgettext_lazy("exercise", "Bench")
    PULLUP_BAR = "pullup_bar", pgettext_lazy("exercise", "Pull-up bar")
    MAT = "mat", pgettext_lazy("exercise", "Mat")
    BIKE = "bike", pgettext_lazy("exercise", "Bike")
    ROWER = "rower", pgettext_lazy("exercise", "Rowing machine")
    TREADMILL = "treadmill", pgettext_lazy("exercise", "Treadmill")
    JUMP_ROPE = "jump_rope", pgettext_lazy("exercise", "Jump rope")


class MuscleGroup(models.TextChoices):
    CHEST = "chest", pgettext_lazy("exercise", "Chest")
    BACK = "back", pgettext_lazy("exercise", "Back")
    SHOULDERS = "shoulders", pgettext_lazy("exercise", "Shoulders")
    BICEPS = "biceps", pgettext_lazy("exercise", "Biceps")
    TRICEPS = "triceps", pgettext_lazy("exercise", "Triceps")
    FOREARMS = "forearms", pgettext_lazy("exercise", "Forearms")
    ABS = "abs", pgettext_lazy("exercise", "Abs")
    OBLIQUES = "obliques", pgettext_lazy("exercise", "Obliques")
    LOWER_BACK = "lower_back", pgettext_lazy("exercise", "Lower back")
    GLUTES = "glutes", pgettext_lazy("exercise", "Glutes")
    QUADS = "quads", pgettext_lazy("exercise", "Quadriceps")
    HAMSTRINGS = "hamstrings", pgettext_lazy("exercise", "Hamstrings")
    CALVES = "calves", pgettext_lazy("exercise", "Calves")
    HIPS = "hips", pgettext_lazy("exercise", "Hips")
    FULL_BODY = "full_body", pgettext_lazy("exercise", "Full body")
    HEART = "heart", pgettext_lazy("exercise", "Heart and lungs")


class Measurement(models.TextChoices):
    WEIGHT_REPS = "weight_reps", _("Weight and reps")
    REPS = "reps", _("Reps")
    TIME = "time", _("Time")
    DISTANCE_TIME = "distance_time", _("Distance and time")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class SessionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    ABANDONED = "abandoned", _("Abandoned")


class Intensity(models.TextChoices):
    LIGHT = "light", _("Light")
    MODERATE = "moderate", _("Moderate")
    HARD = "hard", _("Hard")
    MAXIMAL = "maximal", _("Maximal")


class MetricSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    APPLE_HEALTH = "apple_health", _("Apple Health")
    GOOGLE_FIT = "google_fit", _("Google Fit")
    GARMIN = "garmin", _("Garmin")
    FITBIT = "fitbit", _("Fitbit")


class IntegrationProvider(models.TextChoices):
    APPLE_HEALTH = "apple_health", _("Apple Health")
    GOOGLE_FIT = "google_fit", _("Google Fit")
    GARMIN = "garmin", _("Garmin")
    FITBIT = "fitbit", _("Fitbit")


class GoalDirection(models.TextChoices):
    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")
