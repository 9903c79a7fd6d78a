"""Habits API: the catalogue (categories, templates) and achievements."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from habits import selectors
from habits.api import serializers as s
from habits.models import (
    Achievement,
)


@extend_schema_view(
    list=extend_schema(summary="Habit categories", tags=["habits"]),
    retrieve=extend_schema(summary="One habit category", tags=["habits"]),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.HabitCategorySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.category_list()


@extend_schema_view(
    list=extend_schema(
        summary="Habit templates",
        tags=["habits"],
        parameters=[
            OpenApiParameter("category", str, description="Category slug"),
            OpenApiParameter("featured", bool),
        ],
    ),
    retrieve=extend_schema(summary="One habit template", tags=["habits"]),
)
class TemplateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.HabitTemplateSerializer
    pagination_class = None
    lookup_field = "slug"

    def get_queryset(self):
        params = self.request.query_params
        return selectors.template_list(
            category=params.get("category"), featured=params.get("featured") in ("1", "true")
        )


@extend_schema_view(
    list=extend_schema(summary="Achievements and which I unlocked", tags=["habits"])
)
class AchievementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.HabitAchievementSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Achievement.objects.none()
        return selectors.achievement_list_for_user(user=self.request.user)
