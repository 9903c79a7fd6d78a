from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("preferences/", views.preferences, name="preferences"),
    path("messages/<uuid:message_id>/react/", views.message_react, name="message_react"),
    path("services/", views.services, name="services"),
    path("services/<slug:service_type>/", views.service_run, name="service_run"),
    path("results/", views.history, name="history"),
    path("results/<uuid:result_id>/", views.result, name="result"),
    path("results/<uuid:result_id>/share/", views.result_share, name="result_share"),
    path("results/<uuid:result_id>/rate/", views.result_rate, name="result_rate"),
    path("s/<str:token>/", views.shared, name="shared"),
    path("report/<slug:output_kind>/<str:output_id>/", views.flag_output, name="flag"),
    path("chat/", views.chat_view, name="chat"),
    path("chat/<uuid:conversation_id>/", views.chat_view, name="chat_conversation"),
]
