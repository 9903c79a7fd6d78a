from django.urls import path

from core.api.router import api_router

from . import views

api_router.register("specializations", views.SpecializationViewSet, basename="specialization")
api_router.register("practitioners", views.PractitionerViewSet, basename="practitioner")
api_router.register("bookings", views.BookingViewSet, basename="booking")
api_router.register("reschedule-requests", views.RescheduleViewSet, basename="reschedule-request")
api_router.register("booking-waitlist", views.WaitlistViewSet, basename="booking-waitlist")
api_router.register("practitioner-desk/services", views.MyServiceViewSet, basename="desk-service")
api_router.register(
    "practitioner-desk/availability-rules",
    views.MyAvailabilityRuleViewSet,
    basename="desk-availability-rule",
)
api_router.register(
    "practitioner-desk/date-overrides", views.MyDateOverrideViewSet, basename="desk-date-override"
)
api_router.register(
    "practitioner-desk/blocked-times", views.MyBlockedTimeViewSet, basename="desk-blocked-time"
)
api_router.register("practitioner-desk/bookings", views.MyBookingViewSet, basename="desk-booking")

urlpatterns = [
    path("practitioner-desk/profile/", views.MyPractitionerView.as_view(), name="desk-profile"),
]
