from django.urls import path

from content.api import views

urlpatterns = [
    path("content/library/", views.LibraryHomeView.as_view(), name="content-library"),
    path("content/items/", views.ItemListView.as_view(), name="content-items"),
    path("content/search/", views.SearchView.as_view(), name="content-search"),
    path("content/bookmarks/", views.BookmarkListView.as_view(), name="content-bookmarks"),
    path("content/progress/", views.ProgressListView.as_view(), name="content-progress"),
    path("content/items/<str:slug>/", views.ItemDetailView.as_view(), name="content-item"),
    path(
        "content/items/<str:slug>/reactions/",
        views.ItemReactionView.as_view(),
        name="content-item-reactions",
    ),
    path(
        "content/items/<str:slug>/share/", views.ItemShareView.as_view(), name="content-item-share"
    ),
    path(
        "content/items/<str:slug>/progress/",
        views.ItemProgressView.as_view(),
        name="content-item-progress",
    ),
    path("content/courses/", views.CourseListView.as_view(), name="content-courses"),
    path("content/enrolments/", views.EnrolmentListView.as_view(), name="content-enrolments"),
    path("content/courses/<str:slug>/", views.CourseDetailView.as_view(), name="content-course"),
    path(
        "content/courses/<str:slug>/enrol/",
        views.CourseEnrolView.as_view(),
        name="content-course-enrol",
    ),
    path(
        "content/courses/<str:slug>/purchase/",
        views.CoursePurchaseView.as_view(),
        name="content-course-purchase",
    ),
    path(
        "content/courses/<str:slug>/lessons/<int:lesson_id>/complete/",
        views.LessonCompleteView.as_view(),
        name="content-lesson-complete",
    ),
    path("content/notices/", views.NoticeListView.as_view(), name="content-notices"),
    path(
        "content/notices/<int:announcement_id>/",
        views.NoticeDetailView.as_view(),
        name="content-notice",
    ),
    path("content/faq/", views.FaqView.as_view(), name="content-faq"),
    path("content/faq/search/", views.FaqSearchView.as_view(), name="content-faq-search"),
    path("content/faq/<int:entry_id>/vote/", views.FaqVoteView.as_view(), name="content-faq-vote"),
    path("content/events/", views.EventListView.as_view(), name="content-events"),
    path("content/events/<str:slug>/", views.EventDetailView.as_view(), name="content-event"),
    path(
        "content/events/<str:slug>/check-in/",
        views.EventCheckInView.as_view(),
        name="content-event-check-in",
    ),
]
