from django.urls import path

from .views import bookings, desk, directory

app_name = "practitioners"

urlpatterns = [
    # clients
    path("", directory.directory, name="directory"),
    path("p/<slug:slug>/", directory.profile, name="profile"),
    path("p/<slug:slug>/s/<uuid:service_id>/", directory.book, name="book"),
    path("p/<slug:slug>/s/<uuid:service_id>/hold/", directory.hold, name="hold"),
    path(
        "p/<slug:slug>/s/<uuid:service_id>/waitlist/", directory.waitlist_join, name="waitlist_join"
    ),
    path("sessions/", bookings.my_sessions, name="my_sessions"),
    path("sessions/<uuid:pk>/", bookings.booking_detail, name="booking_detail"),
    path("sessions/<uuid:pk>/cancel/", bookings.booking_cancel, name="booking_cancel"),
    path("sessions/<uuid:pk>/reschedule/", bookings.booking_reschedule, name="booking_reschedule"),
    path("sessions/<uuid:pk>/calendar.ics", bookings.booking_ics, name="booking_ics"),
    path("reschedules/<uuid:pk>/answer/", bookings.reschedule_respond, name="reschedule_respond"),
    path("link/<str:token>/", bookings.booking_link, name="booking_link"),
    path("calendar/<str:token>/feed.ics", bookings.calendar_feed, name="calendar_feed"),
    path("calendar/new-address/", bookings.calendar_feed_rotate, name="calendar_feed_rotate"),
    # practitioners
    path("apply/", desk.apply, name="apply"),
    path("desk/", desk.dashboard, name="dashboard"),
    path("desk/calendar/", desk.calendar, name="calendar"),
    path("desk/availability/", desk.availability, name="availability"),
    path("desk/services/new/", desk.service_edit, name="service_new"),
    path("desk/services/<uuid:pk>/", desk.service_edit, name="service_edit"),
    path("desk/sessions/<uuid:pk>/<slug:action>/", desk.booking_action, name="booking_action"),
]
