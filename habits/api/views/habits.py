"""Habits API: my habits, check-ins, skips, vacations and preferences."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import upload_list_for_user
from core.api.schema import ErrorSerializer
from habits import selectors, services
from habits.api import serializers as s
from habits.api.views.common import (
    ERRORS,
)
from habits.enums import HabitStatus, LogSource
from habits.models import (
    Habit,
    HabitVacation,
)
from habits.services.preferences import preferences_get


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
        wanted = self.request.query_params.get("status")
        return selectors.habit_list(
            user=self.request.user, statuses=(wanted,) if wanted in HabitStatus.values else None
        )

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
        # The service checks ownership as it locks the habit: one read of the habit row.
        data = s.HabitCheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        photos = []
        if v.get("photo_ids"):
            photos = upload_list_for_user(user=request.user, upload_ids=v["photo_ids"])
            if len(photos) != len(set(v["photo_ids"])):
                raise ValidationError({"photo_ids": ["Unknown upload."]})
        result = services.habit_check_in(
            user=request.user,
            habit_id=pk,
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
        return selectors.vacation_list(user=self.request.user)

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
