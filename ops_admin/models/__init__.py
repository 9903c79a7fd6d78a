from .support import CannedAnswer, SupportCategory, SupportInquiry, SupportMessage

__all__ = ["CannedAnswer", "SupportCategory", "SupportInquiry", "SupportMessage"]
