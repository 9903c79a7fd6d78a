"""The signed-in user's own resources under /api/v1/me. Every queryset is the asking user's."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import DataExport, LoginLog, Notification, NotificationDevice
from core.api.schema import ErrorSerializer
from core.exceptions import NotFoundError

from . import serializers as s

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer}
NOT_FOUND = {404: ErrorSerializer}


class MeView(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(tags=["me"], summary="Your profile", responses={200: s.MeSerializer, **ERRORS})
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)

    @extend_schema(
        tags=["me"],
        summary="Change your profile, time zone, language, privacy and marketing consent",
        request=s.MeUpdateSerializer,
        responses={200: s.MeSerializer, **ERRORS},
    )
    def patch(self, request):
        serializer = s.MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        marketing = data.pop("marketing_consent", None)
        if data:
            services.user_update_profile(user=request.user, **data)
        if marketing is not None:
            services.user_record_consents(user=request.user, marketing=marketing)
        return Response(s.MeSerializer(request.user).data)

    @extend_schema(
        tags=["me"],
        summary="Resign: close your account",
        description=(
            "Ends every session at once (the session token stops working). Personal fields "
            "are anonymised 30 days later; payment records stay, de-identified. Accounts "
            "with a password must send it."
        ),
        request=s.ResignSerializer,
        responses={204: None, **ERRORS},
    )
    def delete(self, request):
        serializer = s.ResignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        if user.has_usable_password() and not user.check_password(
            serializer.validated_data.get("password", "")
        ):
            raise ValidationError({"password": [_("That password is not right.")]})
        services.user_resign(user=user, reason=serializer.validated_data.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AvatarView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["me"],
        summary="Upload a profile picture",
        request={"multipart/form-data": s.AvatarSerializer},
        responses={200: s.MeSerializer, **ERRORS},
    )
    def put(self, request):
        serializer = s.AvatarSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = services.upload_create(
            owner=request.user, file=serializer.validated_data["file"], context="avatar"
        )
        services.user_avatar_set(user=request.user, upload=upload)
        return Response(s.MeSerializer(request.user).data)

    @extend_schema(
        tags=["me"], summary="Remove the profile picture", responses={204: None, **ERRORS}
    )
    def delete(self, request):
        services.user_avatar_remove(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationPreferenceView(APIView):
    @extend_schema(
        tags=["notifications"],
        summary="Your notification channels and quiet hours",
        responses={200: s.NotificationPreferenceSerializer, **ERRORS},
    )
    def get(self, request):
        preference = selectors.notification_preference_for(user=request.user)
        return Response(s.NotificationPreferenceSerializer(preference).data)

    @extend_schema(
        tags=["notifications"],
        summary="Change notification channels and quiet hours",
        request=s.NotificationPreferenceSerializer,
        responses={200: s.NotificationPreferenceSerializer, **ERRORS},
    )
    def patch(self, request):
        current = selectors.notification_preference_for(user=request.user)
        serializer = s.NotificationPreferenceSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        preference = services.notification_preference_update(
            user=request.user, **serializer.validated_data
        )
        return Response(s.NotificationPreferenceSerializer(preference).data)


@extend_schema_view(
    list=extend_schema(
        summary="Your inbox: your notifications and announcements, newest first",
        parameters=[
            OpenApiParameter("unread", bool, description="Only unread notifications."),
        ],
        responses={200: s.NotificationSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One notification", responses={200: s.NotificationSerializer, **ERRORS, **NOT_FOUND}
    ),
)
@extend_schema(tags=["notifications"])
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = s.NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread", "").lower() in {"1", "true", "yes"}
        return selectors.notification_list_for_user(
            user=self.request.user, unread_only=unread and self.action == "list"
        )

    @extend_schema(
        summary="Mark read",
        request=None,
        responses={200: s.NotificationSerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(
            user=request.user, notification=self.get_object()
        )
        return Response(self.get_serializer(self._fresh(notification)).data)

    @extend_schema(
        summary="Mark opened (the user followed its link)",
        request=None,
        responses={200: s.NotificationSerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def click(self, request, pk=None):
        notification = services.notification_mark_clicked(
            user=request.user, notification=self.get_object()
        )
        return Response(self.get_serializer(self._fresh(notification)).data)

    @extend_schema(
        summary="Report that a push arrived on this device",
        request=None,
        responses={200: s.NotificationSerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def delivered(self, request, pk=None):
        notification = services.notification_mark_delivered(
            user=request.user, notification=self.get_object()
        )
        return Response(self.get_serializer(self._fresh(notification)).data)

    @extend_schema(
        summary="Mark everything read", request=None, responses={200: s.MarkedSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notification_mark_all_read(user=request.user)})

    @extend_schema(
        summary="How many are unread", responses={200: s.UnreadCountSerializer, **ERRORS}
    )
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": selectors.notification_unread_count(user=request.user)})

    def _fresh(self, notification):
        return selectors.notification_get_for_user(
            user=self.request.user, notification_id=notification.pk
        )


@extend_schema_view(
    list=extend_schema(
        summary="Your push devices", responses={200: s.DeviceSerializer(many=True), **ERRORS}
    ),
    create=extend_schema(
        summary="Register this device's push token (FCM registration token)",
        description=(
            "Idempotent: registering a known token refreshes it and moves it to the signed-in "
            "account. Call it after every sign-in and whenever FCM rotates the token."
        ),
        responses={201: s.DeviceSerializer, **ERRORS},
    ),
    destroy=extend_schema(
        summary="Remove a device (e.g. on sign-out)", responses={204: None, **ERRORS, **NOT_FOUND}
    ),
)
@extend_schema(tags=["notifications"])
class DeviceViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.DeviceSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return NotificationDevice.objects.none()
        return selectors.device_list_for_user(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.device_register(
            user=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.device_remove(user=self.request.user, device=instance)


def _current_session_key(request) -> str | None:
    if isinstance(request.auth, SessionBase):  # X-Session-Token: the token's session
        return request.auth.session_key
    session = getattr(request._request, "session", None)
    return session.session_key if session is not None else None


@extend_schema_view(
    list=extend_schema(
        summary="Where you are signed in (web sessions and app tokens)",
        responses={200: s.SessionSerializer(many=True), **ERRORS},
    ),
    destroy=extend_schema(
        summary="Sign out one session (its token stops working)",
        responses={204: None, **ERRORS, **NOT_FOUND},
    ),
)
@extend_schema(tags=["me"])
class SessionViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = s.SessionSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            from allauth.usersessions.models import UserSession

            return UserSession.objects.none()
        return selectors.session_list_for_user(user=self.request.user)

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "current_session_key": _current_session_key(self.request),
        }

    def perform_destroy(self, instance):
        instance.end()

    @extend_schema(
        summary="Sign out everywhere else",
        request=None,
        responses={200: s.EndedSerializer, **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="end-others")
    def end_others(self, request):
        ended = services.user_end_sessions(
            user=request.user, keep_session_key=_current_session_key(request)
        )
        return Response({"ended": ended})


@extend_schema_view(
    list=extend_schema(
        summary="Your recent sign-ins", responses={200: s.LoginLogSerializer(many=True), **ERRORS}
    ),
)
@extend_schema(tags=["me"])
class LoginLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = s.LoginLogSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LoginLog.objects.none()
        return selectors.login_log_list_for_user(user=self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Your data exports", responses={200: s.DataExportSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        summary="One export", responses={200: s.DataExportSerializer, **ERRORS, **NOT_FOUND}
    ),
    create=extend_schema(
        summary="Ask for an export of everything Haru holds about you",
        description=(
            "Queues a ZIP of JSON files (one per part of Haru) plus your uploaded files. Poll "
            "the export until `status` is `ready`, then fetch `download_url` with your token. "
            "The link expires after 7 days. 409 `export_in_progress` while one is being built."
        ),
        request=None,
        responses={202: s.DataExportSerializer, 409: ErrorSerializer, **ERRORS},
    ),
)
@extend_schema(tags=["me"])
class ExportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.DataExportSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DataExport.objects.none()
        return selectors.export_list_for_user(user=self.request.user)

    def create(self, request, *args, **kwargs):
        export = services.data_export_request(user=request.user)
        return Response(self.get_serializer(export).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download the ZIP",
        responses={
            (200, "application/zip"): OpenApiResponse(description="The export ZIP."),
            **ERRORS,
            **NOT_FOUND,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = self.get_object()
        if not export.is_downloadable:
            raise NotFoundError(
                _("This export has expired. Ask for a new one."), code="export_expired"
            )
        services.data_export_record_download(export=export)
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"haru-export-{export.created_at:%Y%m%d}.zip",
            content_type="application/zip",
        )
