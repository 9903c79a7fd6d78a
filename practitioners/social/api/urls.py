"""Routes of the social API, registered on the one API router (included from
``practitioners.api.urls``)."""

from django.urls import path

from core.api.router import api_router
from practitioners.social.api import views

api_router.register("practitioners/reviews", views.ReviewViewSet, basename="prac-review")
api_router.register(
    "practitioners/public-reviews", views.PublicReviewViewSet, basename="prac-public-review"
)
api_router.register(
    "practitioners/conversations", views.ConversationViewSet, basename="prac-conversation"
)
api_router.register(
    "practitioners/health/records", views.HealthRecordViewSet, basename="prac-health-record"
)
api_router.register(
    "practitioners/health/shares", views.HealthShareViewSet, basename="prac-health-share"
)
api_router.register(
    "practitioners/health/access-log", views.AccessLogViewSet, basename="prac-access-log"
)
api_router.register(
    "practitioners/practice/clients", views.PracticeClientViewSet, basename="prac-client"
)
api_router.register(
    "practitioners/practice/payouts", views.PracticePayoutViewSet, basename="prac-payout"
)
api_router.register(
    "practitioners/practice/reviews", views.PracticeReviewViewSet, basename="prac-practice-review"
)

urlpatterns = [
    path(
        "practitioners/messages/<int:message_id>/reactions/",
        views.MessageReactionView.as_view(),
        name="prac-message-reaction",
    ),
    path("practitioners/messages/unread/", views.UnreadView.as_view(), name="prac-unread"),
    path(
        "practitioners/health/profile/",
        views.HealthProfileView.as_view(),
        name="prac-health-profile",
    ),
    path(
        "practitioners/practice/notes/<uuid:record_id>/",
        views.PracticeNoteView.as_view(),
        name="prac-practice-note",
    ),
]
