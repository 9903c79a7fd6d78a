from django.urls import path

from .views import habits, metrics, workouts

app_name = "habits"

urlpatterns = [
    path("", habits.dashboard, name="dashboard"),
    path("manage/", habits.habit_list, name="list"),
    path("new/", habits.habit_new, name="new"),
    path("new/<slug:slug>/", habits.habit_new, name="new_from_template"),
    path("h/<uuid:pk>/", habits.habit_detail, name="detail"),
    path("h/<uuid:pk>/edit/", habits.habit_edit, name="edit"),
    path("h/<uuid:pk>/check-in/", habits.habit_check_in, name="check_in"),
    path("h/<uuid:pk>/undo/", habits.habit_undo, name="undo"),
    path("h/<uuid:pk>/skip/", habits.habit_skip, name="skip"),
    path("h/<uuid:pk>/status/", habits.habit_status, name="status"),
    path("r/<str:token>/", habits.reminder_check_in, name="reminder_check_in"),
    path("vacations/", habits.vacations, name="vacations"),
    path("vacations/<uuid:pk>/delete/", habits.vacation_delete, name="vacation_delete"),
    path("achievements/", habits.achievements, name="achievements"),
    path("settings/", habits.settings_page, name="settings"),
    path("export/habits.csv", habits.export_habits, name="export_habits"),
    path("export/metrics.csv", habits.export_metrics, name="export_metrics"),
    path("workouts/", workouts.workouts, name="workouts"),
    path("workouts/start/", workouts.workout_start, name="workout_start"),
    path("workouts/<uuid:pk>/", workouts.workout_session, name="workout_session"),
    path("workouts/<uuid:pk>/exercises/", workouts.workout_add_exercise, name="workout_add"),
    path(
        "workouts/<uuid:pk>/exercises/<int:entry_id>/sets/",
        workouts.workout_log_set,
        name="workout_set",
    ),
    path(
        "workouts/<uuid:pk>/sets/<uuid:set_id>/delete/",
        workouts.workout_delete_set,
        name="workout_set_delete",
    ),
    path("workouts/<uuid:pk>/finish/", workouts.workout_finish, name="workout_finish"),
    path("exercises/", workouts.exercises, name="exercises"),
    path("exercises/<slug:slug>/", workouts.exercise_detail, name="exercise"),
    path("plans/", workouts.plans, name="plans"),
    path("plans/new/", workouts.plan_new, name="plan_new"),
    path("plans/<uuid:pk>/", workouts.plan_detail, name="plan"),
    path("plans/<uuid:pk>/edit/", workouts.plan_edit, name="plan_edit"),
    path("plans/<uuid:pk>/items/", workouts.plan_item_add, name="plan_item_add"),
    path("plans/<uuid:pk>/items/<int:item_id>/", workouts.plan_item_change, name="plan_item"),
    path("plans/<uuid:pk>/publish/", workouts.plan_publish, name="plan_publish"),
    path("metrics/", metrics.metrics, name="metrics"),
    path("metrics/goals/<uuid:pk>/end/", metrics.goal_end, name="goal_end"),
    path(
        "metrics/integrations/<slug:provider>/disconnect/",
        metrics.integration_disconnect,
        name="integration_disconnect",
    ),
]
