from django.urls import path

from . import views

app_name = "diaries"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("new/", views.entry_new, name="new"),
    path("calendar/", views.entry_calendar, name="calendar"),
    path("search/", views.entry_search, name="search"),
    path("trash/", views.trash, name="trash"),
    path("draft/", views.draft_autosave, name="draft"),
    path("<int:entry_id>/", views.entry_detail, name="detail"),
    path("<int:entry_id>/edit/", views.entry_edit, name="edit"),
    path("<int:entry_id>/draft/", views.draft_autosave, name="draft_entry"),
    path("<int:entry_id>/analysis/", views.entry_analysis, name="analysis"),
    path("<int:entry_id>/history/", views.entry_history, name="history"),
    path("<int:entry_id>/trash/", views.entry_trash, name="trash_entry"),
    path("<int:entry_id>/restore/", views.entry_restore, name="restore"),
    path("<int:entry_id>/attach/", views.entry_attach, name="attach"),
    path("reports/", views.report_list, name="reports"),
    path("reports/now/", views.report_now, name="report_now"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
]
