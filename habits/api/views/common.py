"""Shared pieces of the habits API: error responses, cursor pagination, date parameters."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination

from core.api.schema import ErrorSerializer

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class DayCursorPagination(CursorPagination):
    ordering = ("-local_date", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class RecordedCursorPagination(CursorPagination):
    ordering = ("-recorded_at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def _date_param(request, name: str) -> date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError({name: [_("Use YYYY-MM-DD.")]}) from error
