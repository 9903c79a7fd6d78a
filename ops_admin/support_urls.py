from django.urls import path

from ops_admin import support_views as views

app_name = "support"

urlpatterns = [
    path("", views.inquiry_list, name="list"),
    path("new/", views.inquiry_new, name="new"),
    path("sent/", views.guest_sent, name="guest_sent"),
    path("<uuid:inquiry_id>/", views.inquiry_thread, name="thread"),
    path("guest/<str:token>/", views.guest_thread, name="guest_thread"),
]
