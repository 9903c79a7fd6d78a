"""Habits API: my check-in history."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from habits import selectors
from habits.api import serializers as s
from habits.api.views.common import (
    DayCursorPagination,
    _date_param,
)
from habits.models import (
    HabitLog,
)


@extend_schema_view(
    list=extend_schema(
        summary="My check-ins",
        tags=["habits"],
        parameters=[
            OpenApiParameter("habit", OpenApiTypes.UUID),
            OpenApiParameter("from", OpenApiTypes.DATE, description="First day (inclusive)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last day (exclusive)"),
        ],
    ),
    retrieve=extend_schema(summary="One check-in", tags=["habits"]),
)
class LogViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.HabitLogSerializer
    pagination_class = DayCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HabitLog.objects.none()
        return selectors.habit_logs(
            user=self.request.user,
            habit_id=self.request.query_params.get("habit") or None,
            start=_date_param(self.request, "from"),
            end=_date_param(self.request, "to"),
        )
