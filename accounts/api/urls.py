from django.urls import re_path

from core.api.router import api_router

from . import views

api_router.register("me/notifications", views.NotificationViewSet, basename="me-notification")
api_router.register("me/devices", views.DeviceViewSet, basename="me-device")
api_router.register("me/sessions", views.SessionViewSet, basename="me-session")
api_router.register("me/logins", views.LoginLogViewSet, basename="me-login")
api_router.register("me/export", views.ExportViewSet, basename="me-export")

urlpatterns = [
    re_path(r"^me/?$", views.MeView.as_view(), name="me"),
    re_path(r"^me/avatar/?$", views.AvatarView.as_view(), name="me-avatar"),
    re_path(
        r"^me/notification-preferences/?$",
        views.NotificationPreferenceView.as_view(),
        name="me-notification-preferences",
    ),
]
