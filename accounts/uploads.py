"""Uploads for every app: ``from accounts.uploads import upload_create``."""

from accounts.services.uploads import UploadError, upload_create, upload_delete

__all__ = ["UploadError", "upload_create", "upload_delete"]
