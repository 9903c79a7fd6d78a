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

# The social half (reviews, messaging, health records): kept apart from the booking core.
from .health import HealthAccessLog, HealthProfile, HealthRecord, HealthShare
from .messaging import (
    Conversation,
    ConversationParticipant,
    Message,
    MessageAttachment,
    MessageReaction,
)
from .reviews import Review, ReviewVote

__all__ += [
    "Conversation",
    "ConversationParticipant",
    "HealthAccessLog",
    "HealthProfile",
    "HealthRecord",
    "HealthShare",
    "Message",
    "MessageAttachment",
    "MessageReaction",
    "Review",
    "ReviewVote",
]
