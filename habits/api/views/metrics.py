"""Habits API: health metrics, goals and integrations."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import user_local_today
from habits import selectors, services
from habits.api import serializers as s
from habits.api.views.common import (
    ERRORS,
    RecordedCursorPagination,
    _date_param,
)
from habits.models import (
    HealthGoal,
    HealthIntegration,
    HealthMetric,
)


@extend_schema_view(
    list=extend_schema(
        summary="My health metrics (newest first)",
        tags=["health"],
        parameters=[
            OpenApiParameter("metric_type", str),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
    ),
    retrieve=extend_schema(summary="One measurement", tags=["health"]),
)
class MetricViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.HealthMetricSerializer
    pagination_class = RecordedCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HealthMetric.objects.none()
        return selectors.metric_list(
            user=self.request.user,
            metric_type=self.request.query_params.get("metric_type") or None,
            start=_date_param(self.request, "from"),
            end=_date_param(self.request, "to"),
        )

    @extend_schema(
        summary="Record one measurement",
        tags=["health"],
        request=s.HealthMetricInputSerializer,
        responses={201: s.HealthMetricSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.HealthMetricInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        metric = services.metric_record(user=request.user, **data.validated_data)
        return Response(s.HealthMetricSerializer(metric).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Upload many points from HealthKit / Google Fit (idempotent)",
        tags=["health"],
        description="Up to 5000 points. A point with the same (metric type, source, time) as "
        "one already stored is counted as a duplicate and not stored again.",
        request=s.HealthMetricBulkSerializer,
        responses={200: s.HealthMetricBulkResultSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        data = s.HealthMetricBulkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = services.metrics_bulk_upload(
            user=request.user,
            points=v["points"],
            source=v["source"],
            source_device=v.get("source_device", ""),
        )
        return Response(
            {
                "received": result.received,
                "created": result.created,
                "duplicates": result.duplicates,
            }
        )


@extend_schema_view(
    list=extend_schema(summary="My health goals", tags=["health"]),
    retrieve=extend_schema(summary="One goal", tags=["health"]),
    destroy=extend_schema(summary="End a goal", tags=["health"]),
)
class GoalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.HealthGoalSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HealthGoal.objects.none()
        return selectors.goal_list(user=self.request.user)

    @extend_schema(
        summary="Set a goal (replaces the active one for that metric)",
        tags=["health"],
        request=s.HealthGoalInputSerializer,
        responses={201: s.HealthGoalSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.HealthGoalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        v.setdefault("start_date", user_local_today(user=request.user))
        goal = services.goal_set(user=request.user, **v)
        return Response(s.HealthGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.goal_deactivate(goal=instance)


@extend_schema_view(
    list=extend_schema(summary="My connected health apps", tags=["health"]),
    retrieve=extend_schema(summary="One connected app", tags=["health"]),
    destroy=extend_schema(summary="Disconnect (forgets the tokens)", tags=["health"]),
)
class IntegrationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.HealthIntegrationSerializer
    pagination_class = None
    lookup_field = "provider"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HealthIntegration.objects.none()
        return selectors.integration_list(user=self.request.user)

    @extend_schema(
        summary="Connect (tokens are stored encrypted)",
        tags=["health"],
        request=s.HealthIntegrationInputSerializer,
        responses={201: s.HealthIntegrationSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.HealthIntegrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        integration = services.integration_connect(user=request.user, **data.validated_data)
        return Response(
            s.HealthIntegrationSerializer(integration).data, status=status.HTTP_201_CREATED
        )

    def destroy(self, request, provider=None):
        self.get_object()
        services.integration_disconnect(user=request.user, provider=provider)
        return Response(status=status.HTTP_204_NO_CONTENT)
