"""URLs of the social half, included by ``practitioners.urls`` (namespace ``practitioners``)."""

from django.urls import path

from practitioners.social import views

urlpatterns = [
    path("messages/", views.conversation_list, name="messages"),
    path("messages/unread/", views.unread_badge, name="messages_unread"),
    path("messages/support/", views.conversation_support, name="message_support"),
    path(
        "messages/with/<uuid:practitioner_id>/",
        views.conversation_start,
        name="message_start",
    ),
    path("messages/<uuid:conversation_id>/", views.conversation_thread, name="message_thread"),
    path("messages/<uuid:conversation_id>/poll/", views.conversation_poll, name="message_poll"),
    path("messages/m/<int:message_id>/react/", views.message_react, name="message_react"),
    path(
        "messages/files/<int:attachment_id>/",
        views.message_attachment,
        name="message_attachment",
    ),
    path("reviews/mine/", views.my_reviews, name="my_reviews"),
    path("reviews/write/<uuid:booking_id>/", views.review_write, name="review_write"),
    path("reviews/of/<uuid:practitioner_id>/", views.review_list, name="review_list"),
    path("reviews/<uuid:review_id>/vote/", views.review_vote, name="review_vote"),
    path("records/", views.records, name="records"),
    path("records/profile/", views.records_profile, name="records_profile"),
    path("records/notes/", views.records_note, name="records_note"),
    path("records/share/", views.records_share, name="records_share"),
    path("records/share/<uuid:share_id>/end/", views.records_revoke, name="records_revoke"),
    path("records/who-saw/", views.records_access_log, name="records_access_log"),
    path("records/export/", views.records_export, name="records_export"),
    path("records/<uuid:record_id>/", views.record_detail, name="record_detail"),
    path("practice/clients/", views.practice_clients, name="practice_clients"),
    path("practice/clients/<uuid:client_id>/", views.practice_client, name="practice_client"),
    path(
        "practice/clients/<uuid:client_id>/export/",
        views.practice_client_export,
        name="practice_client_export",
    ),
    path("practice/notes/<uuid:record_id>/", views.practice_note_edit, name="practice_note_edit"),
    path("practice/payouts/", views.practice_payouts, name="practice_payouts"),
    path("practice/payouts/<uuid:payout_id>/", views.practice_payout, name="practice_payout"),
    path("practice/reviews/", views.practice_reviews, name="practice_reviews"),
    path(
        "practice/reviews/<uuid:review_id>/answer/",
        views.practice_review_respond,
        name="practice_review_respond",
    ),
]
