from django.urls import path

from coaching.api import views
from core.api.router import api_router

api_router.register("coaching/messages", views.MessageViewSet, basename="coaching-message")
api_router.register("coaching/services", views.ServiceViewSet, basename="coaching-service")
api_router.register("coaching/results", views.ResultViewSet, basename="coaching-result")
api_router.register(
    "coaching/conversations", views.ConversationViewSet, basename="coaching-conversation"
)

urlpatterns = [
    path("coaching/chat/", views.ChatView.as_view(), name="coaching-chat"),
    path("coaching/flags/", views.FlagView.as_view(), name="coaching-flag"),
    path(
        "coaching/shared/<str:token>/",
        views.SharedResultView.as_view(),
        name="coaching-shared-result",
    ),
]
