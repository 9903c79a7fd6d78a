from .availability import AvailabilityRule, BlockedTime, DateOverride, Weekday
from .booking import (
    Booking,
    BookingParticipant,
    BookingReminder,
    BookingStatusLog,
    CalendarFeed,
    RescheduleRequest,
    WaitlistEntry,
)
from .practitioner import (
    ApplicationDocument,
    Practitioner,
    PractitionerSpecialization,
    PractitionerStatusLog,
    Service,
    Specialization,
    SpecializationCategory,
    VerificationQueue,
)

__all__ = [
    "ApplicationDocument",
    "AvailabilityRule",
    "BlockedTime",
    "Booking",
    "BookingParticipant",
    "BookingReminder",
    "BookingStatusLog",
    "CalendarFeed",
    "DateOverride",
    "Practitioner",
    "PractitionerSpecialization",
    "PractitionerStatusLog",
    "RescheduleRequest",
    "Service",
    "Specialization",
    "SpecializationCategory",
    "VerificationQueue",
    "WaitlistEntry",
    "Weekday",
]
