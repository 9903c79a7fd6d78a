"""Accounts' write operations. Other apps import from here:

``notify``, ``user_set_safety_pause``, ``upload_create``, ``user_change_state``.
"""

from .anonymise import user_anonymise, user_ids_due_for_anonymisation
from .exports import (
    data_export_build,
    data_export_purge_expired,
    data_export_record_download,
    data_export_request,
)
from .logins import login_lockout_alert, login_log_record, login_record_success
from .notifications import (
    Attachment,
    device_register,
    device_remove,
    notification_deliver,
    notification_ids_due,
    notification_mark_all_read,
    notification_mark_clicked,
    notification_mark_delivered,
    notification_mark_read,
    notification_preference_update,
    notification_type_mute,
    notifications_expire,
    notify,
)
from .uploads import UploadError, upload_create, upload_delete, upload_scan, uploads_rescan
from .users import (
    user_avatar_remove,
    user_avatar_set,
    user_change_state,
    user_end_sessions,
    user_reactivate_dormant,
    user_record_consents,
    user_resign,
    user_set_safety_pause,
    user_update_profile,
)

__all__ = [
    "Attachment",
    "UploadError",
    "data_export_build",
    "data_export_purge_expired",
    "data_export_record_download",
    "data_export_request",
    "device_register",
    "device_remove",
    "login_lockout_alert",
    "login_log_record",
    "login_record_success",
    "notification_deliver",
    "notification_ids_due",
    "notification_mark_all_read",
    "notification_mark_clicked",
    "notification_mark_delivered",
    "notification_mark_read",
    "notification_preference_update",
    "notification_type_mute",
    "notifications_expire",
    "notify",
    "upload_create",
    "upload_delete",
    "upload_scan",
    "uploads_rescan",
    "user_anonymise",
    "user_avatar_remove",
    "user_avatar_set",
    "user_change_state",
    "user_end_sessions",
    "user_ids_due_for_anonymisation",
    "user_reactivate_dormant",
    "user_record_consents",
    "user_resign",
    "user_set_safety_pause",
    "user_update_profile",
]
