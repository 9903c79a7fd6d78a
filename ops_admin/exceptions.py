"""Errors of the operator console's services (shown by pages, API and admin alike)."""

from core.exceptions import ConflictError, HaruError, NotFoundError


class SupportError(HaruError):
    default_code = "support_invalid"


class InquiryNotFoundError(NotFoundError):
    default_code = "support_inquiry_not_found"


class InquiryClosedError(ConflictError):
    default_code = "support_inquiry_closed"
