from core.exceptions import ConflictError, HaruError, PermissionDeniedError


class ContentError(HaruError):
    default_code = "content_invalid"


class TransitionNotAllowedError(ConflictError):
    """The editorial workflow does not allow this step (e.g. draft straight to published)."""

    default_code = "content_transition_not_allowed"


class ReviewerRequiredError(PermissionDeniedError):
    default_code = "content_reviewer_required"


class PremiumRequiredError(PermissionDeniedError):
    """The item or course needs a plan with premium content; carries the pricing link."""

    default_code = "content_premium_required"


class CourseLimitReachedError(ConflictError):
    default_code = "content_course_limit"


class CourseNotForSaleError(ContentError):
    """The course is free, a plan course, or not published: it cannot be bought."""

    default_code = "content_course_not_for_sale"


class CourseAlreadyOwnedError(ContentError):
    default_code = "content_course_owned"


class EventClosedError(ContentError):
    default_code = "content_event_closed"
