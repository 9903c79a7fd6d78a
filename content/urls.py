from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.library, name="library"),
    path("search/", views.search, name="search"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("kind/<str:kind>/", views.item_list, name="kind"),
    path("items/<str:slug>/", views.item_detail, name="item"),
    path("items/<str:slug>/react/", views.item_react, name="item_react"),
    path("items/<str:slug>/progress/", views.item_progress, name="item_progress"),
    path("courses/", views.course_list, name="courses"),
    path("courses/<str:slug>/", views.course_detail, name="course"),
    path("courses/<str:slug>/join/", views.course_enrol, name="course_enrol"),
    path("courses/<str:slug>/buy/", views.course_buy, name="course_buy"),
    path("courses/<str:slug>/lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("courses/<str:slug>/certificate/", views.certificate, name="certificate"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:announcement_id>/", views.notice, name="notice"),
    path("faq/", views.faq, name="faq"),
    path("faq/<int:entry_id>/vote/", views.faq_vote, name="faq_vote"),
    path("events/", views.events, name="events"),
    path("events/<str:slug>/", views.event_detail, name="event"),
    path("events/<str:slug>/check-in/", views.event_check_in, name="event_check_in"),
]
