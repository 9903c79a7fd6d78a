from .flags import Flag
from .support import CannedAnswer, SupportCategory, SupportInquiry, SupportMessage

__all__ = ["CannedAnswer", "Flag", "SupportCategory", "SupportInquiry", "SupportMessage"]
