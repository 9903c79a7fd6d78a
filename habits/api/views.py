"""API for mobile clients: querysets are the requesting user's rows; writes go through services."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import user_local_today
from core.api.schema import ErrorSerializer
from habits import selectors, services
from habits.enums import HabitStatus, LogSource, PlanStatus
from habits.models import (
    Achievement,
    Exercise,
    Habit,
    HabitCategory,
    HabitLog,
    HabitTemplate,
    HabitVacation,
    HealthGoal,
    HealthIntegration,
    HealthMetric,
    UserAchievement,
    WorkoutPlan,
    WorkoutPlanExercise,
    WorkoutPlanVersion,
    WorkoutSession,
    WorkoutSessionExercise,
    WorkoutSet,
)
from habits.services.preferences import preferences_get

from . import serializers as s

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


# --- catalogue --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Habit categories", tags=["habits"]),
    retrieve=extend_schema(summary="One habit category", tags=["habits"]),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.HabitCategorySerializer
    pagination_class = None
    queryset = HabitCategory.objects.filter(is_active=True)


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
        templates = HabitTemplate.objects.filter(is_active=True).select_related("category")
        if category := self.request.query_params.get("category"):
            templates = templates.filter(category__slug=category)
        if self.request.query_params.get("featured") in ("1", "true"):
            templates = templates.filter(is_featured=True)
        return templates


# --- habits -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="My habits",
        tags=["habits"],
        parameters=[OpenApiParameter("status", str, enum=HabitStatus.values)],
    ),
    retrieve=extend_schema(
        summary="One of my habits",
        tags=["habits"],
        responses={200: s.HabitSerializer, 404: ErrorSerializer},
    ),
)
class HabitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.HabitSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Habit.objects.none()
        habits = Habit.objects.filter(user=self.request.user).select_related("category", "template")
        if (wanted := self.request.query_params.get("status")) in HabitStatus.values:
            habits = habits.filter(status=wanted)
        return habits

    @extend_schema(
        summary="Add a habit",
        tags=["habits"],
        request=s.HabitInputSerializer,
        responses={201: s.HabitSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.HabitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        template = fields.pop("template", None)
        if template is not None:
            habit = services.habit_create_from_template(
                user=request.user, template=template, **fields
            )
        else:
            habit = services.habit_create(user=request.user, **fields)
        return Response(s.HabitSerializer(habit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a habit",
        tags=["habits"],
        request=s.HabitInputSerializer,
        responses={200: s.HabitSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        habit = self.get_object()
        data = s.HabitInputSerializer(habit, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("template", None)
        habit = services.habit_update(habit=habit, **fields)
        return Response(s.HabitSerializer(habit).data)

    def _result(self, result) -> Response:
        return Response(
            s.HabitCheckInResultSerializer(
                {
                    "habit": result.habit,
                    "log": result.log,
                    "created": result.created,
                    "completed_now": result.completed_now,
                    "unlocked": [row.achievement_id for row in result.unlocked],
                }
            ).data
        )

    @extend_schema(
        summary="Check in (one log per local day)",
        tags=["habits"],
        request=s.HabitCheckInInputSerializer,
        responses={200: s.HabitCheckInResultSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        habit = self.get_object()
        data = s.HabitCheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        photos = []
        if v.get("photo_ids"):
            from accounts.models import UploadedFile

            photos = list(
                UploadedFile.objects.filter(
                    owner=request.user, pk__in=v["photo_ids"], deleted_at__isnull=True
                )
            )
            if len(photos) != len(set(v["photo_ids"])):
                raise ValidationError({"photo_ids": ["Unknown upload."]})
        result = services.habit_check_in(
            habit=habit,
            on_date=v.get("date"),
            count=v.get("count"),
            increment=v.get("increment"),
            mood=v.get("mood"),
            energy=v.get("energy"),
            note=v.get("note"),
            photos=photos,
            source=LogSource.API,
        )
        return self._result(result)

    @extend_schema(
        summary="Undo a day's check-in",
        tags=["habits"],
        request=s.HabitDayInputSerializer,
        responses={200: s.HabitSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        data = s.HabitDayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        habit = services.habit_check_in_undo(
            habit=self.get_object(), on_date=data.validated_data.get("date")
        )
        return Response(s.HabitSerializer(habit).data)

    @extend_schema(
        summary="Skip a day (freezes the streak)",
        tags=["habits"],
        request=s.HabitDayInputSerializer,
        responses={200: s.HabitLogSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def skip(self, request, pk=None):
        data = s.HabitDayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        log = services.habit_skip(
            habit=self.get_object(),
            on_date=data.validated_data.get("date"),
            note=data.validated_data.get("note"),
        )
        return Response(s.HabitLogSerializer(log).data)

    def _status(self, to_status):
        habit = services.habit_set_status(
            habit=self.get_object(), to_status=to_status, actor=self.request.user
        )
        return Response(s.HabitSerializer(habit).data)

    @extend_schema(
        summary="Pause", tags=["habits"], request=None, responses={200: s.HabitSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        return self._status(HabitStatus.PAUSED)

    @extend_schema(
        summary="Resume (or restore from the archive)",
        tags=["habits"],
        request=None,
        responses={200: s.HabitSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._status(HabitStatus.ACTIVE)

    @extend_schema(
        summary="Archive",
        tags=["habits"],
        request=None,
        responses={200: s.HabitSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._status(HabitStatus.ARCHIVED)


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
        logs = HabitLog.objects.filter(user=self.request.user).prefetch_related("photos")
        if habit := self.request.query_params.get("habit"):
            logs = logs.filter(habit_id=habit)
        if start := _date_param(self.request, "from"):
            logs = logs.filter(local_date__gte=start)
        if end := _date_param(self.request, "to"):
            logs = logs.filter(local_date__lt=end)
        return logs


@extend_schema_view(
    list=extend_schema(summary="My vacations", tags=["habits"]),
    retrieve=extend_schema(summary="One vacation", tags=["habits"]),
    destroy=extend_schema(summary="Cancel a vacation", tags=["habits"]),
)
class VacationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.HabitVacationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HabitVacation.objects.none()
        return HabitVacation.objects.filter(user=self.request.user)

    @extend_schema(
        summary="Plan days off [start_date, end_date)",
        tags=["habits"],
        request=s.HabitVacationSerializer,
        responses={201: s.HabitVacationSerializer, **ERRORS},
    )
    def create(self, request):
        data = s.HabitVacationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vacation = services.vacation_create(user=request.user, **data.validated_data)
        return Response(s.HabitVacationSerializer(vacation).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.vacation_delete(vacation=instance)


@extend_schema_view(
    list=extend_schema(summary="Achievements and which I unlocked", tags=["habits"])
)
class AchievementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.HabitAchievementSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Achievement.objects.none()
        mine = UserAchievement.objects.filter(user=self.request.user, achievement=OuterRef("pk"))
        return Achievement.objects.filter(is_active=True).annotate(
            unlocked_at=Subquery(mine.values("earned_at")[:1])
        )


class PreferencesView(APIView):
    @extend_schema(
        summary="My habit preferences", tags=["habits"], responses=s.HabitPreferencesSerializer
    )
    def get(self, request):
        return Response(s.HabitPreferencesSerializer(preferences_get(user=request.user)).data)

    @extend_schema(
        summary="Switch achievements or reminders on or off",
        tags=["habits"],
        request=s.HabitPreferencesSerializer,
        responses={200: s.HabitPreferencesSerializer, 400: ErrorSerializer},
    )
    def patch(self, request):
        data = s.HabitPreferencesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preferences = services.preferences_update(user=request.user, **data.validated_data)
        return Response(s.HabitPreferencesSerializer(preferences).data)


class DashboardView(APIView):
    @extend_schema(
        summary="Today: due habits, 12-week heatmap, mood/energy trend, goals",
        tags=["habits"],
        responses=s.HabitDashboardSerializer,
    )
    def get(self, request):
        return Response(
            s.HabitDashboardSerializer(selectors.dashboard_for_user(user=request.user)).data
        )


# --- workouts ---------------------------------------------------------------------------------


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
        items = Exercise.objects.filter(is_active=True)
        params = self.request.query_params
        if category := params.get("category"):
            items = items.filter(category=category)
        if equipment := params.get("equipment"):
            items = items.filter(equipment__contains=[equipment])
        if muscle := params.get("muscle"):
            items = items.filter(muscle_groups__contains=[muscle])
        if query := params.get("q"):
            items = items.filter(Q(name_ko__icontains=query) | Q(name_en__icontains=query))
        return items


@extend_schema_view(
    list=extend_schema(summary="Workout plans I can see", tags=["workouts"]),
    retrieve=extend_schema(summary="One workout plan", tags=["workouts"]),
)
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.WorkoutPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorkoutPlan.objects.none()
        return selectors.plans_visible_to(user=self.request.user).prefetch_related(
            Prefetch("items", queryset=WorkoutPlanExercise.objects.select_related("exercise")),
        )

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
        item = get_object_or_404(WorkoutPlanExercise, plan=plan, pk=item_id)
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
        return WorkoutSession.objects.filter(user=self.request.user).prefetch_related(
            Prefetch(
                "exercises",
                queryset=WorkoutSessionExercise.objects.select_related("exercise").prefetch_related(
                    Prefetch("sets", queryset=WorkoutSet.objects.select_related("exercise"))
                ),
            )
        )

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
            version = get_object_or_404(
                WorkoutPlanVersion,
                pk=version_id,
                plan__status=PlanStatus.PUBLISHED,
                plan__deleted_at__isnull=True,
            )
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
        entry = get_object_or_404(
            WorkoutSessionExercise, session=session, pk=fields.pop("session_exercise")
        )
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
        workout_set = get_object_or_404(
            WorkoutSet, session_exercise__session=self.get_object(), pk=set_id
        )
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
        slugs = dict(Exercise.objects.filter(pk__in=records).values_list("pk", "slug"))
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


# --- health -----------------------------------------------------------------------------------


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
        metrics = HealthMetric.objects.filter(user=self.request.user)
        if metric_type := self.request.query_params.get("metric_type"):
            metrics = metrics.filter(metric_type=metric_type)
        if start := _date_param(self.request, "from"):
            metrics = metrics.filter(local_date__gte=start)
        if end := _date_param(self.request, "to"):
            metrics = metrics.filter(local_date__lt=end)
        return metrics

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
        return HealthGoal.objects.filter(user=self.request.user)

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
        return HealthIntegration.objects.filter(user=self.request.user)

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
