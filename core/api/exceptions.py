"""One error shape for the whole API: ``{"code", "message", "fields"}``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import HaruError


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for item in detail for message in _flatten(item)]
    return [str(detail)]


def _fields(detail) -> dict:
    """Field errors as ``{field: [messages]}``; nested serializers keep their nesting."""
    result: dict = {}
    for name, value in detail.items():
        if isinstance(value, dict):
            result[name] = _fields(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            result[name] = [_fields(item) if isinstance(item, dict) else item for item in value]
        else:
            result[name] = [str(message) for message in _flatten(value)]
    return result


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc, context):
    if isinstance(exc, HaruError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging take over

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _fields(detail)
            non_field = fields.pop("non_field_errors", None)
            message = non_field[0] if non_field else _("Please check the fields marked below.")
            if non_field:
                fields["non_field_errors"] = non_field
        else:
            fields = {"non_field_errors": _flatten(detail)}
            message = fields["non_field_errors"][0]
        response.data = error_body("invalid", message, fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response

    detail = getattr(exc, "detail", None)
    code = detail.code if hasattr(detail, "code") else getattr(exc, "default_code", "error")
    response.data = error_body(str(code), " ".join(_flatten(detail)) if detail else str(exc))
    return response
