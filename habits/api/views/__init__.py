"""The habits API, one module per subdomain (as the page views are)."""

from .catalogue import AchievementViewSet, CategoryViewSet, TemplateViewSet
from .dashboard import DashboardView
from .habits import HabitViewSet, PreferencesView, VacationViewSet
from .logs import LogViewSet
from .metrics import GoalViewSet, IntegrationViewSet, MetricViewSet
from .workouts import ExerciseViewSet, PlanViewSet, RecordsView, SessionViewSet

__all__ = [
    "AchievementViewSet",
    "CategoryViewSet",
    "DashboardView",
    "ExerciseViewSet",
    "GoalViewSet",
    "HabitViewSet",
    "IntegrationViewSet",
    "LogViewSet",
    "MetricViewSet",
    "PlanViewSet",
    "PreferencesView",
    "RecordsView",
    "SessionViewSet",
    "TemplateViewSet",
    "VacationViewSet",
]
