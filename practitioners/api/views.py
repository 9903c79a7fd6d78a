"""Practitioners API: the same services as the pages, for mobile clients.

Every queryset is limited to what the requesting user may see; someone else's booking, seat,
service or hours answer 404.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.schema import ErrorSerializer
from core.exceptions import NotFoundError
from core.idempotency import IDEMPOTENCY_PARAMETER, IDEMPOTENCY_RESPONSES, idempotent
from practitioners import selectors, services
from practitioners.api import serializers as s
from practitioners.models import (
    AvailabilityRule,
    BlockedTime,
    Booking,
    DateOverride,
    RescheduleRequest,
    Service,
    Specialization,
    WaitlistEntry,
)
from practitioners.services import slots as slot_engine

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
KEYED_ERRORS = {**ERRORS, **IDEMPOTENCY_RESPONSES}
KEYED = [IDEMPOTENCY_PARAMETER]


def _int_param(request, name: str, *, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: ["A whole number."]}) from None
    if not low <= value <= high:
        raise ValidationError({name: [f"Between {low} and {high}."]})
    return value


DIRECTORY_PARAMETERS = [
    OpenApiParameter("q", str, description="Search words (Korean or English)"),
    OpenApiParameter("specialization", str),
    OpenApiParameter("category", str),
    OpenApiParameter("type", str),
    OpenApiParameter("language", str),
    OpenApiParameter("session_type", str),
    OpenApiParameter("price_max", int),
    OpenApiParameter("price_min", int),
    OpenApiParameter("rating_min", float),
    OpenApiParameter("available_within_days", int),
    OpenApiParameter("sort", str, enum=["relevance", "rating", "price", "experience"]),
]


@extend_schema(tags=["practitioners"])
class SpecializationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SpecializationSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.specialization_list()


@extend_schema(tags=["practitioners"])
class PractitionerViewSet(viewsets.ReadOnlyModelViewSet):
    """The public directory (search and filters) and profiles."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_serializer_class(self):
        return (
            s.PractitionerDetailSerializer
            if self.action == "retrieve"
            else s.PractitionerListSerializer
        )

    def get_queryset(self):
        params = self.request.query_params
        rating = params.get("rating_min")
        try:
            rating_min = float(rating) if rating not in (None, "") else None
        except ValueError:
            raise ValidationError({"rating_min": ["A number from 0 to 5."]}) from None
        filters = selectors.DirectoryFilters(
            q=params.get("q", "")[:100],
            specialization=params.get("specialization", ""),
            category=params.get("category", ""),
            type=params.get("type", ""),
            language=params.get("language", ""),
            session_type=params.get("session_type", ""),
            price_max=_int_param(self.request, "price_max", low=0, high=10**9),
            price_min=_int_param(self.request, "price_min", low=0, high=10**9),
            rating_min=rating_min,
            available_within_days=_int_param(self.request, "available_within_days", low=1, high=60),
            sort=params.get("sort", "relevance"),
        )
        return selectors.directory_page_prefetch(selectors.practitioner_directory(filters=filters))

    @extend_schema(parameters=DIRECTORY_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter("service", OpenApiTypes.UUID, required=True),
            OpenApiParameter("start", OpenApiTypes.DATETIME),
            OpenApiParameter("days", int),
            OpenApiParameter("session_type", str),
        ],
        responses={200: s.SlotSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def slots(self, request, slug=None):
        """Free start times (UTC) of one service; show them in the client's time zone."""
        practitioner = self.get_object()
        service_id = request.query_params.get("service", "")
        service = selectors.service_get_public(service_id=service_id)
        if service.practitioner_id != practitioner.pk:
            raise NotFoundError("service not found")
        start = None
        if request.query_params.get("start"):
            try:
                start = datetime.fromisoformat(request.query_params["start"])
            except ValueError:
                raise ValidationError({"start": ["An ISO 8601 date-time."]}) from None
            if timezone.is_naive(start):
                start = start.replace(tzinfo=UTC)
        days = _int_param(request, "days", low=1, high=90) or 14
        slots = slot_engine.service_slots(
            service=service,
            start=start,
            days=days,
            session_type=request.query_params.get("session_type") or None,
        )
        # built by hand: a 60-day view is ~1,500 slots, and DRF's field-by-field
        # serialisation of that many objects costs more than computing them
        return Response(
            [
                {
                    "starts_at": slot.starts_at.isoformat().replace("+00:00", "Z"),
                    "ends_at": slot.ends_at.isoformat().replace("+00:00", "Z"),
                    "seats_left": slot.seats_left,
                }
                for slot in slots
            ]
        )


@extend_schema(tags=["practitioners"])
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in client's bookings: book (hold + checkout), cancel, propose a new time."""

    serializer_class = s.BookingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        upcoming = self.request.query_params.get("upcoming")
        return selectors.booking_list_for_client(
            user=self.request.user,
            upcoming={"true": True, "false": False}.get(upcoming or ""),
        )

    @extend_schema(parameters=[OpenApiParameter("upcoming", bool)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=s.BookingCreateSerializer,
        parameters=KEYED,
        responses={201: s.BookingCreatedSerializer, **KEYED_ERRORS},
    )
    @idempotent("practitioners.booking.hold")
    def create(self, request):
        """Hold the slot and open a checkout; the booking confirms when the payment does.

        409 ``slot_unavailable`` when someone else took the time first."""
        data = s.BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = selectors.service_get_public(service_id=data.validated_data["service_id"])
        hold = services.booking_hold(
            client=request.user,
            service=service,
            starts_at=data.validated_data["starts_at"],
            session_type=data.validated_data["session_type"],
            notes=data.validated_data["notes"],
        )
        checkout = services.booking_checkout_start(hold=hold)
        booking = selectors.booking_get_for_client(user=request.user, booking_id=hold.booking.pk)
        return Response(
            {
                "booking": s.BookingSerializer(booking).data,
                "checkout_id": checkout.pk,
                "checkout_url": reverse("billing:checkout", args=[checkout.pk]),
                "hold_expires_at": hold.seat.hold_expires_at,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={200: s.BookingRefundQuoteSerializer, **ERRORS})
    @action(detail=True, methods=["get"], url_path="cancel-quote")
    def cancel_quote(self, request, pk=None):
        """What cancelling now would refund (shown before the client confirms)."""
        seat = selectors.seat_get_for_client(user=request.user, booking_id=pk)
        return Response(s.BookingRefundQuoteSerializer(services.cancellation_quote(seat=seat)).data)

    @extend_schema(
        request=s.CancelSerializer,
        parameters=KEYED,
        responses={200: s.BookingRefundQuoteSerializer, **KEYED_ERRORS},
    )
    @action(detail=True, methods=["post"])
    @idempotent("practitioners.booking.cancel")
    def cancel(self, request, pk=None):
        data = s.CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seat = selectors.seat_get_for_client(user=request.user, booking_id=pk)
        quote = services.booking_cancel_seat(
            seat=seat, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(s.BookingRefundQuoteSerializer(quote).data)

    @extend_schema(
        request=s.RescheduleProposeSerializer, responses={201: s.RescheduleSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        data = s.RescheduleProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = selectors.booking_get_for_client(user=request.user, booking_id=pk)
        proposal = services.reschedule_propose(
            booking=booking,
            by=request.user,
            new_starts_at=data.validated_data["new_starts_at"],
            reason=data.validated_data["reason"],
        )
        return Response(s.RescheduleSerializer(proposal).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["practitioners"])
class RescheduleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Proposals to move the user's sessions (as client or practitioner)."""

    serializer_class = s.RescheduleSerializer

    def get_queryset(self):
        from django.db.models import Exists, OuterRef, Q

        from practitioners.models import BookingParticipant

        if getattr(self, "swagger_fake_view", False):
            return RescheduleRequest.objects.none()
        user = self.request.user
        return RescheduleRequest.objects.filter(
            Q(booking__practitioner__user=user)
            | Exists(BookingParticipant.objects.filter(booking=OuterRef("booking"), user=user))
        ).order_by("-created_at")

    @extend_schema(
        request=s.RescheduleAnswerSerializer, responses={200: s.RescheduleSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = s.RescheduleAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = self.get_queryset().filter(pk=pk).first()
        if proposal is None:
            raise NotFoundError("reschedule request not found")
        proposal = services.reschedule_respond(
            request=proposal,
            by=request.user,
            accept=data.validated_data["accept"],
            note=data.validated_data["note"],
        )
        return Response(s.RescheduleSerializer(proposal).data)


@extend_schema(tags=["practitioners"])
class WaitlistViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.WaitlistSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WaitlistEntry.objects.none()
        return selectors.waitlist_for_user(user=self.request.user)

    def perform_create(self, serializer):
        service = selectors.service_get_public(service_id=serializer.validated_data["service_id"])
        serializer.instance = services.waitlist_join(
            user=self.request.user,
            service=service,
            earliest=serializer.validated_data["earliest"],
            latest=serializer.validated_data["latest"],
        )

    def perform_destroy(self, instance):
        services.waitlist_leave(entry=instance)


# --- the practitioner's side -------------------------------------------------------------------


class _OwnPractitionerMixin:
    """Rows of the signed-in practitioner only (404 for everyone else's)."""

    model: type

    def practitioner(self):
        return selectors.practitioner_get_for_user(user=self.request.user)  # type: ignore[attr-defined]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return self.model.objects.none()
        return self.model.objects.filter(practitioner__user=self.request.user)  # type: ignore[attr-defined]

    def perform_create(self, serializer):
        serializer.save(practitioner=self.practitioner())


@extend_schema(tags=["practitioners: desk"])
class MyServiceViewSet(_OwnPractitionerMixin, viewsets.ModelViewSet):
    model = Service
    serializer_class = s.ServiceSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema(tags=["practitioners: desk"])
class MyAvailabilityRuleViewSet(_OwnPractitionerMixin, viewsets.ModelViewSet):
    model = AvailabilityRule
    serializer_class = s.AvailabilityRuleSerializer


@extend_schema(tags=["practitioners: desk"])
class MyDateOverrideViewSet(_OwnPractitionerMixin, viewsets.ModelViewSet):
    model = DateOverride
    serializer_class = s.DateOverrideSerializer


@extend_schema(tags=["practitioners: desk"])
class MyBlockedTimeViewSet(_OwnPractitionerMixin, viewsets.ModelViewSet):
    model = BlockedTime
    serializer_class = s.BlockedTimeSerializer


@extend_schema(tags=["practitioners: desk"])
class MyBookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The practitioner's calendar: sessions, and moving them through their states."""

    serializer_class = s.PractitionerBookingSerializer

    def get_queryset(self):
        try:
            practitioner = selectors.practitioner_get_for_user(user=self.request.user)
        except NotFoundError:
            return Booking.objects.none()
        now = timezone.now()
        return selectors.booking_list_for_practitioner(
            practitioner=practitioner, start=now - timedelta(days=30)
        )

    def _act(self, service_fn, pk):
        booking = self.get_object()
        booking = service_fn(booking=booking, actor=self.request.user)
        return Response(
            s.PractitionerBookingSerializer(self.get_queryset().get(pk=booking.pk)).data
        )

    @extend_schema(request=None, responses={200: s.PractitionerBookingSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(services.booking_start, pk)

    @extend_schema(request=None, responses={200: s.PractitionerBookingSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._act(services.booking_complete, pk)

    @extend_schema(request=None, responses={200: s.PractitionerBookingSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        return self._act(services.booking_mark_no_show, pk)

    @extend_schema(
        request=s.CancelSerializer,
        parameters=KEYED,
        responses={200: s.PractitionerBookingSerializer, **KEYED_ERRORS},
    )
    @action(detail=True, methods=["post"])
    @idempotent("practitioners.booking.cancel_by_practitioner")
    def cancel(self, request, pk=None):
        data = s.CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = self.get_object()
        services.booking_cancel_by_practitioner(
            booking=booking, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(s.PractitionerBookingSerializer(self.get_queryset().get(pk=pk)).data)


@extend_schema(tags=["practitioners: desk"])
class MyPractitionerView(APIView):
    """The signed-in user's practitioner profile; POST applies (multipart for a document)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(responses={200: s.MyPractitionerSerializer, **ERRORS})
    def get(self, request):
        return Response(
            s.MyPractitionerSerializer(selectors.practitioner_get_for_user(user=request.user)).data
        )

    @extend_schema(
        request=s.MyPractitionerSerializer, responses={200: s.MyPractitionerSerializer, **ERRORS}
    )
    def patch(self, request):
        practitioner = selectors.practitioner_get_for_user(user=request.user)
        data = s.MyPractitionerSerializer(practitioner, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        practitioner = services.practitioner_update_profile(
            practitioner=practitioner, profile=dict(data.validated_data)
        )
        return Response(s.MyPractitionerSerializer(practitioner).data)

    @extend_schema(request=s.ApplySerializer, responses={201: s.MyPractitionerSerializer, **ERRORS})
    def post(self, request):
        from accounts.services import upload_create

        data = s.ApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        document = values.pop("document", None)
        kind = values.pop("document_kind")
        slugs = values.pop("specializations")
        proficiency = values.pop("proficiency")
        documents = []
        if document is not None:
            documents.append(
                (
                    upload_create(
                        owner=request.user,
                        file=document,
                        context="practitioner-document",
                        allowed="any",
                    ),
                    kind,
                )
            )
        specializations = list(Specialization.objects.filter(slug__in=slugs, is_active=True))
        if len(specializations) != len(set(slugs)):
            raise ValidationError({"specializations": ["Unknown specialization."]})
        practitioner = services.practitioner_apply(
            user=request.user,
            profile=values,
            documents=documents,
            specializations=[(sp, proficiency) for sp in specializations],
        )
        return Response(
            s.MyPractitionerSerializer(practitioner).data, status=status.HTTP_201_CREATED
        )
