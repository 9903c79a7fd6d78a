from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/avatar/", views.avatar, name="avatar"),
    path("files/<uuid:upload_id>/", views.file, name="file"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.unread_badge, name="unread_badge"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path(
        "notifications/<uuid:notification_id>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/<uuid:notification_id>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<uuid:notification_id>/mute/",
        views.notification_mute,
        name="notification_mute",
    ),
    path("security/", views.security, name="security"),
    path("data/", views.data, name="data"),
    path("data/export/", views.export_request, name="export_request"),
    path("data/export/<uuid:export_id>/", views.export_download, name="export_download"),
    path("resign/", views.resign, name="resign"),
    path("resigned/", views.resigned, name="resigned"),
    # Swagger UI for allauth's headless app API (sign-up, sign-in, MFA, sessions).
    path(
        "api-docs/",
        SpectacularSwaggerSplitView.as_view(url="/_allauth/openapi.json"),
        name="auth_api_docs",
    ),
]
