from .audit import AdminAuditLog
from .exports import DataExport
from .logs import LoginLog, SafetyPause, UserStatusLog
from .notifications import (
    Notification,
    NotificationAttachment,
    NotificationDevice,
    NotificationPreference,
    NotificationReceipt,
)
from .uploads import UploadedFile
from .user import User, phone_validator

__all__ = [
    "AdminAuditLog",
    "DataExport",
    "LoginLog",
    "Notification",
    "NotificationAttachment",
    "NotificationDevice",
    "NotificationPreference",
    "NotificationReceipt",
    "SafetyPause",
    "UploadedFile",
    "User",
    "UserStatusLog",
    "phone_validator",
]
