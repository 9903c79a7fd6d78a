from django.urls import path

from core.api.router import api_router

from . import views

api_router.register("habit-categories", views.CategoryViewSet, basename="habit-category")
api_router.register("habit-templates", views.TemplateViewSet, basename="habit-template")
api_router.register("habits", views.HabitViewSet, basename="habit")
api_router.register("habit-logs", views.LogViewSet, basename="habit-log")
api_router.register("habit-vacations", views.VacationViewSet, basename="habit-vacation")
api_router.register("achievements", views.AchievementViewSet, basename="achievement")
api_router.register("exercises", views.ExerciseViewSet, basename="exercise")
api_router.register("workout-plans", views.PlanViewSet, basename="workout-plan")
api_router.register("workout-sessions", views.SessionViewSet, basename="workout-session")
api_router.register("health-metrics", views.MetricViewSet, basename="health-metric")
api_router.register("health-goals", views.GoalViewSet, basename="health-goal")
api_router.register("health-integrations", views.IntegrationViewSet, basename="health-integration")

urlpatterns = [
    path("habit-preferences/", views.PreferencesView.as_view(), name="habit-preferences"),
    path("habits-dashboard/", views.DashboardView.as_view(), name="habits-dashboard"),
    path("personal-records/", views.RecordsView.as_view(), name="personal-records"),
]
