"""Habits API: the "today" dashboard."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from habits import selectors
from habits.api import serializers as s


class DashboardView(APIView):
    @extend_schema(
        summary="Today: due habits, 12-week heatmap, mood/energy trend, goals",
        tags=["habits"],
        responses=s.HabitDashboardSerializer,
    )
    def get(self, request):
        return Response(
            s.HabitDashboardSerializer(
                selectors.dashboard_for_user(user=request.user, with_photos=True)
            ).data
        )
