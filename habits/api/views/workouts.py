"""Habits API: exercises, workout plans, workout sessions and personal records."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from habits import selectors, services
from habits.api import serializers as s
from habits.api.views.common import (
    ERRORS,
)
from habits.models import (
    WorkoutPlan,
    WorkoutSession,
)


@extend_schema_view(
    list=extend_schema(
        summary="Exercise catalogue",
        tags=["workouts"],
        parameters=[
            OpenApiParameter("category", str),
            OpenApiParameter("equipment", str),
            OpenApiParameter("muscle", str),
            OpenApiParameter("q", str),
        ],
    ),
    retrieve=extend_schema(summary="One exercise", tags=["workouts"]),
)
class ExerciseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.WorkoutExerciseSerializer
    pagination_class = None
    lookup_field = "slug"

    def get_queryset(self):
        params = self.request.query_params
        return selectors.exercise_list(
            category=params.get("category"),
            equipment=params.get("equipment"),
            muscle=params.get("muscle"),
            query=params.get("q"),
        )


@extend_schema_view(
    list=extend_schema(summary="Workout plans I can see", tags=["workouts"]),
    retrieve=extend_schema(summary="One workout plan", tags=["workouts"]),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.WorkoutPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkoutPlan.objects.none()
        return selectors.plan_list_for_user(user=self.request.user)

    def _own(self) -> WorkoutPlan:
        plan = self.get_object()
        if plan.trainer_id != self.request.user.pk:
            raise PermissionDenied("This plan belongs to another trainer.")
        return plan

    @extend_schema(
        summary="Write a plan (trainers)",
        tags=["workouts"],
        request=s.WorkoutPlanInputSerializer,
        responses={201: s.WorkoutPlanSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.WorkoutPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "name" not in data.validated_data:
            raise ValidationError({"name": [_("This field is required.")]})
        plan = services.plan_create(trainer=request.user, **data.validated_data)
        return Response(s.WorkoutPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a plan's details",
        tags=["workouts"],
        request=s.WorkoutPlanInputSerializer,
        responses={200: s.WorkoutPlanSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        plan = self._own()
        data = s.WorkoutPlanInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        plan = services.plan_update(plan=plan, actor=request.user, **data.validated_data)
        return Response(s.WorkoutPlanSerializer(plan).data)

    @extend_schema(
        summary="Add an exercise to a plan",
        tags=["workouts"],
        request=s.WorkoutPlanItemSerializer,
        responses={201: s.WorkoutPlanItemSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        plan = self._own()
        data = s.WorkoutPlanItemSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.plan_item_add(plan=plan, actor=request.user, **data.validated_data)
        return Response(s.WorkoutPlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove an exercise from a plan",
        tags=["workouts"],
        request=None,
        responses={204: None, **ERRORS},
    )
    @action(detail=True, methods=["delete"], url_path=r"items/(?P<item_id>\d+)")
    def remove_item(self, request, pk=None, item_id=None):
        plan = self._own()
        item = selectors.plan_item_get(plan=plan, pk=item_id)
        services.plan_item_remove(item=item, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Publish (freezes the next version)",
        tags=["workouts"],
        request=None,
        responses={200: s.WorkoutPlanVersionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        version = services.plan_publish(plan=self._own(), actor=request.user)
        return Response(s.WorkoutPlanVersionSerializer(version).data)


@extend_schema_view(
    list=extend_schema(summary="My workouts", tags=["workouts"]),
    retrieve=extend_schema(summary="One workout with its sets", tags=["workouts"]),
)
class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.WorkoutSessionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkoutSession.objects.none()
        return selectors.session_list(user=self.request.user)

    @extend_schema(
        summary="Start a workout (empty or from a plan version)",
        tags=["workouts"],
        request=s.WorkoutStartSerializer,
        responses={201: s.WorkoutSessionSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.WorkoutStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = None
        if version_id := data.validated_data.get("plan_version"):
            version = selectors.plan_version_get_for_user(user=request.user, pk=version_id)
        session = services.session_start(
            user=request.user, plan_version=version, name=data.validated_data.get("name", "")
        )
        return Response(
            s.WorkoutSessionSerializer(self.get_queryset().get(pk=session.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Add an exercise on the fly",
        tags=["workouts"],
        request=s.WorkoutAddExerciseSerializer,
        responses={201: s.WorkoutSessionExerciseSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def exercises(self, request, pk=None):
        data = s.WorkoutAddExerciseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.session_add_exercise(session=self.get_object(), **data.validated_data)
        return Response(
            s.WorkoutSessionExerciseSerializer(entry).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Log a set",
        tags=["workouts"],
        request=s.WorkoutSetInputSerializer,
        responses={201: s.WorkoutSetResultSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def sets(self, request, pk=None):
        session = self.get_object()
        data = s.WorkoutSetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        entry = selectors.session_entry_get(session=session, pk=fields.pop("session_exercise"))
        result = services.set_log(session_exercise=entry, **fields)
        return Response(
            s.WorkoutSetResultSerializer(
                {"set": result.set, "personal_record": result.personal_record}
            ).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Delete a set", tags=["workouts"], request=None, responses={204: None, **ERRORS}
    )
    @action(detail=True, methods=["delete"], url_path=r"sets/(?P<set_id>[0-9a-f-]+)")
    def delete_set(self, request, pk=None, set_id=None):
        workout_set = selectors.session_set_get(session=self.get_object(), pk=set_id)
        services.set_delete(workout_set=workout_set)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Finish with duration and intensity",
        tags=["workouts"],
        request=s.WorkoutFinishSerializer,
        responses={200: s.WorkoutSessionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        data = s.WorkoutFinishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_finish(session=self.get_object(), **data.validated_data)
        return Response(s.WorkoutSessionSerializer(self.get_queryset().get(pk=session.pk)).data)

    @extend_schema(
        summary="Discard an unfinished workout",
        tags=["workouts"],
        request=None,
        responses={200: s.WorkoutSessionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def abandon(self, request, pk=None):
        session = services.session_abandon(session=self.get_object())
        return Response(s.WorkoutSessionSerializer(self.get_queryset().get(pk=session.pk)).data)


class RecordsView(APIView):
    @extend_schema(
        summary="My personal records per exercise",
        tags=["workouts"],
        responses=s.PersonalRecordSerializer(many=True),
    )
    def get(self, request):
        records = selectors.personal_records(user=request.user)
        slugs = selectors.exercise_slugs(ids=records)
        rows = [
            {
                "exercise": slugs[pk],
                "e1rm": row.get("e1rm"),
                **{
                    key: row[key]
                    for key in ("max_weight", "max_reps", "max_duration", "max_distance", "sets")
                },
            }
            for pk, row in records.items()
        ]
        return Response(s.PersonalRecordSerializer(rows, many=True).data)
