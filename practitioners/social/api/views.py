"""The social API (``/api/v1/practitioners/...``): the same services as the pages.

Every object is fetched through a selector limited to the asking user, so another person's
thread, record, consent or payout answers 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from billing.models import PractitionerPayout
from core.api.schema import ErrorSerializer
from practitioners.models import (
    Conversation,
    HealthAccessLog,
    HealthProfile,
    HealthRecord,
    HealthShare,
    Message,
    Practitioner,
    Review,
)
from practitioners.services import health_records as health
from practitioners.services import messaging, payouts, reviews
from practitioners.social import selectors
from practitioners.social.api import serializers as s

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class SelectorViewSet(viewsets.GenericViewSet):
    """A viewset whose rows come from a selector (``rows``); ``queryset`` only names the model
    for the schema. ``list`` pages through the rows with ``serializer_class``."""

    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class: type | None = PagePagination

    def rows(self):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.rows()

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.serializer_class(page, many=True).data)


def _practice(request) -> Practitioner:
    practitioner = selectors.practitioner_of(user=request.user)
    if practitioner is None:
        raise Http404
    return practitioner


# --- reviews ------------------------------------------------------------------------------------


@extend_schema(tags=["practitioners"])
class ReviewViewSet(SelectorViewSet):
    """The signed-in user's reviews: write one after a completed session, list, vote."""

    queryset = Review.objects.none()
    serializer_class = s.ReviewSerializer

    def rows(self):
        return selectors.review_list_for_reviewer(user=self.request.user)

    @extend_schema(request=s.ReviewInputSerializer, responses={201: s.ReviewSerializer, **ERRORS})
    def create(self, request):
        """Only a client of a completed session may review it (403 ``review_not_allowed``);
        once per session (409 ``review_exists``)."""
        body = s.ReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        booking = selectors.booking_get_reviewable(user=request.user, booking_id=data["booking"])
        review = reviews.review_create(
            user=request.user,
            booking=booking,
            rating=data["rating"],
            aspects=data.get("aspects"),
            title=data.get("title", ""),
            content=data.get("content", ""),
            anonymous=data["anonymous"],
        )
        return Response(s.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VoteInputSerializer, responses={200: s.ReviewSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        body = s.VoteInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = selectors.review_get_for_user(user=request.user, review_id=pk)
        review = reviews.review_vote(
            review=review, user=request.user, helpful=body.validated_data["helpful"]
        )
        return Response(s.ReviewSerializer(review).data)


@extend_schema(tags=["practitioners"])
class PublicReviewViewSet(SelectorViewSet):
    """A practitioner's published reviews (public, newest first)."""

    queryset = Review.objects.none()
    serializer_class = s.PublicReviewSerializer
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("practitioner", str, required=True)],
        responses={200: s.PublicReviewSerializer(many=True), 404: ErrorSerializer},
    )
    def list(self, request):
        practitioner = Practitioner.objects.filter(
            pk=_uuid_or_404(request.query_params.get("practitioner"))
        ).first()
        if practitioner is None:
            raise Http404
        page = self.paginate_queryset(selectors.review_list_published(practitioner=practitioner))
        return self.get_paginated_response(s.PublicReviewSerializer(page, many=True).data)


def _uuid_or_404(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


# --- messaging ----------------------------------------------------------------------------------


@extend_schema(tags=["practitioners"])
class ConversationViewSet(SelectorViewSet):
    """The signed-in user's conversations and their messages."""

    queryset = Conversation.objects.none()
    serializer_class = s.MessageThreadSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def rows(self):
        return selectors.conversation_list_for_user(user=self.request.user)

    def _get(self, pk):
        return selectors.conversation_get_for_user(user=self.request.user, conversation_id=pk)

    @extend_schema(responses={200: s.MessageThreadSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        return Response(s.MessageThreadSerializer(self._get(pk)).data)

    @extend_schema(
        request=s.MessageThreadInputSerializer,
        responses={201: s.MessageThreadSerializer, **ERRORS},
    )
    def create(self, request):
        """Open (or reopen) the conversation with a practitioner, or a new one with support."""
        body = s.MessageThreadInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if data.get("support"):
            conversation = messaging.conversation_start_support(
                client=request.user, subject=data.get("subject", "")
            )
        else:
            practitioner = Practitioner.objects.filter(
                pk=data["practitioner"], status="approved"
            ).first()
            if practitioner is None:
                raise Http404
            conversation = messaging.conversation_start(
                client=request.user, practitioner=practitioner, subject=data.get("subject", "")
            )
        conversation = self._get(conversation.pk)
        return Response(s.MessageThreadSerializer(conversation).data, status=201)

    @extend_schema(
        methods=["get"],
        parameters=[
            OpenApiParameter("after", int, description="Only messages after this id (polling)")
        ],
        responses={200: s.MessageSerializer(many=True), 404: ErrorSerializer},
    )
    @extend_schema(
        methods=["post"],
        request={
            "multipart/form-data": s.MessageInputSerializer,
            "application/json": s.MessageInputSerializer,
        },
        responses={201: s.MessageSentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        """GET: the latest 50 messages, or those after ``after``. POST: send one (text and/or
        files); ``safety`` carries the crisis lines to show when the text asks for them."""
        conversation = self._get(pk)
        if request.method == "GET":
            try:
                after = (
                    int(request.query_params["after"]) if "after" in request.query_params else None
                )
            except ValueError:
                after = None
            items = selectors.message_list(conversation=conversation, after_id=after)
            return Response(
                s.MessageSerializer(items, many=True, context={"request": request}).data
            )
        body = s.MessageInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        reply_to = None
        if data.get("reply_to"):
            reply_to = Message.objects.filter(
                pk=data["reply_to"], conversation=conversation
            ).first()
        sent = messaging.message_send(
            conversation=conversation,
            sender=request.user,
            body=data.get("body", ""),
            files=data.get("files") or [],
            reply_to=reply_to,
        )
        safety = None
        if sent.assessment is not None and sent.assessment.level != "none":
            from coaching.safety import resources_for

            resources = tuple(sent.assessment.resources) or resources_for(get_language() or "ko")
            safety = {"level": sent.assessment.level, "resources": resources}
        message = selectors.message_list(
            conversation=conversation, after_id=sent.message.pk - 1, limit=1
        )[0]
        return Response(
            s.MessageSentSerializer(
                {"message": message, "safety": safety}, context={"request": request}
            ).data,
            status=201,
        )

    @extend_schema(request=None, responses={204: None, 404: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        messaging.conversation_mark_read(conversation=self._get(pk), user=request.user)
        return Response(status=204)


@extend_schema(tags=["practitioners"])
class MessageReactionView(APIView):
    @extend_schema(
        request=s.MessageReactionInputSerializer,
        responses={200: s.MessageReactionResultSerializer, **ERRORS},
    )
    def post(self, request, message_id: int):
        """Toggle a reaction on a message of one of the user's conversations."""
        body = s.MessageReactionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = selectors.message_get_for_user(user=request.user, message_id=message_id)
        on = messaging.reaction_toggle(
            message=message, user=request.user, emoji=body.validated_data["emoji"]
        )
        return Response({"on": on})


@extend_schema(tags=["practitioners"])
class UnreadView(APIView):
    @extend_schema(responses={200: s.UnreadSerializer})
    def get(self, request):
        """Unread messages over all the user's conversations."""
        return Response({"count": selectors.unread_message_count(user=request.user)})


# --- health records: the client ------------------------------------------------------------------


@extend_schema(tags=["practitioners"])
class HealthProfileView(APIView):
    @extend_schema(responses={200: s.HealthProfileSerializer})
    def get(self, request):
        profile = HealthProfile.objects.filter(user=request.user).first() or HealthProfile(
            user=request.user
        )
        return Response(s.HealthProfileSerializer(profile).data)

    @extend_schema(
        request=s.HealthProfileSerializer, responses={200: s.HealthProfileSerializer, **ERRORS}
    )
    def put(self, request):
        body = s.HealthProfileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        profile = health.health_profile_update(user=request.user, **body.validated_data)
        return Response(s.HealthProfileSerializer(profile).data)


@extend_schema(tags=["practitioners"])
class HealthRecordViewSet(SelectorViewSet):
    """The signed-in user's own health records (notes they keep and notes practitioners wrote)."""

    queryset = HealthRecord.objects.none()
    serializer_class = s.HealthRecordSerializer

    def rows(self):
        return selectors.health_record_list_own(user=self.request.user)

    @extend_schema(responses={200: s.HealthRecordSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        record = selectors.health_record_get_own(user=request.user, record_id=pk)
        return Response(s.HealthRecordSerializer(record).data)

    @extend_schema(
        request=s.OwnNoteInputSerializer, responses={201: s.HealthRecordSerializer, **ERRORS}
    )
    def create(self, request):
        body = s.OwnNoteInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = health.health_record_add_own(client=request.user, **body.validated_data)
        return Response(s.HealthRecordSerializer(record).data, status=201)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"])
    def export(self, request):
        """Everything in one document (the export is written to the access log)."""
        return Response(health.health_export_own(client=request.user))


@extend_schema(tags=["practitioners"])
class HealthShareViewSet(SelectorViewSet):
    """Consents: who may see the user's health data, how, and until when."""

    queryset = HealthShare.objects.none()
    serializer_class = s.HealthShareSerializer

    def rows(self):
        return selectors.health_share_list_own(user=self.request.user)

    @extend_schema(
        request=s.ShareInputSerializer, responses={201: s.HealthShareSerializer, **ERRORS}
    )
    def create(self, request):
        """Share with a practitioner the user has booked with (a renewal if already open)."""
        body = s.ShareInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        practitioner = (
            selectors.practitioners_for_sharing(user=request.user)
            .filter(pk=data["practitioner"])
            .first()
        )
        if practitioner is None:
            raise Http404
        share = health.health_share_grant(
            client=request.user,
            practitioner=practitioner,
            permission=data["permission"],
            expires_at=data["expires_at"],
            include_profile=data["include_profile"],
        )
        return Response(s.HealthShareSerializer(share).data, status=201)

    @extend_schema(request=None, responses={200: s.HealthShareSerializer, 404: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        share = selectors.health_share_get_own(user=request.user, share_id=pk)
        share = health.health_share_revoke(client=request.user, share=share)
        return Response(s.HealthShareSerializer(share).data)


@extend_schema(tags=["practitioners"])
class AccessLogViewSet(SelectorViewSet):
    """Who saw, exported, shared or wrote the user's health data."""

    queryset = HealthAccessLog.objects.none()
    serializer_class = s.AccessLogSerializer
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS  # a cursor over a growing log

    def rows(self):
        return selectors.health_access_log_own(user=self.request.user)


# --- the practitioner's side ----------------------------------------------------------------------


@extend_schema(tags=["practitioners"])
class PracticeClientViewSet(SelectorViewSet):
    """The practitioner's clients and, with their consent, their health records."""

    queryset = HealthShare.objects.none()
    serializer_class = s.ClientSerializer
    pagination_class = None  # one short list, not pages

    @extend_schema(responses={200: s.ClientSerializer(many=True), 404: ErrorSerializer})
    def list(self, request):
        clients = selectors.practitioner_client_list(practitioner=_practice(request))
        return Response(s.ClientSerializer(clients, many=True).data)

    @extend_schema(methods=["get"], responses={200: s.ClientHealthSerializer, 404: ErrorSerializer})
    @extend_schema(
        methods=["post"],
        request=s.PractitionerNoteInputSerializer,
        responses={201: s.HealthRecordSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def records(self, request, pk=None):
        """GET: the shared profile and records (written to the client's access log).
        POST: a new note, when the client allows notes."""
        practitioner = _practice(request)
        if request.method == "POST":
            body = s.PractitionerNoteInputSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            record = health.health_record_write(
                practitioner=practitioner,
                actor=request.user,
                client_id=_uuid_or_404(pk),
                **body.validated_data,
            )
            return Response(s.HealthRecordSerializer(record).data, status=201)
        view = health.health_client_open(
            practitioner=practitioner, actor=request.user, client_id=_uuid_or_404(pk)
        )
        return Response(s.ClientHealthSerializer(view).data)


@extend_schema(tags=["practitioners"])
class PracticeNoteView(APIView):
    @extend_schema(
        request=s.NoteUpdateInputSerializer, responses={200: s.HealthRecordSerializer, **ERRORS}
    )
    def patch(self, request, record_id):
        """Change a note the practitioner wrote (while the client allows notes)."""
        practitioner = _practice(request)
        body = s.NoteUpdateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = health.health_record_open(
            practitioner=practitioner, actor=request.user, record_id=record_id
        )
        record = health.health_record_update(
            practitioner=practitioner, actor=request.user, record=record, **body.validated_data
        )
        return Response(s.HealthRecordSerializer(record).data)


@extend_schema(tags=["practitioners"])
@extend_schema_view(
    list=extend_schema(responses={200: s.PayoutSerializer(many=True), 404: ErrorSerializer})
)
class PracticePayoutViewSet(SelectorViewSet):
    """The practitioner's weekly payouts and their statements."""

    queryset = PractitionerPayout.objects.none()
    serializer_class = s.PayoutSerializer

    def rows(self):
        return selectors.payout_list_for_practitioner(practitioner=_practice(self.request))

    @extend_schema(responses={200: s.PayoutStatementSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        payout = selectors.payout_get_for_practitioner(
            practitioner=_practice(request), payout_id=pk
        )
        lines = payouts.payout_statement_lines(payout=payout)
        return Response(s.PayoutStatementSerializer({"payout": payout, "lines": lines}).data)


@extend_schema(tags=["practitioners"])
@extend_schema_view(
    list=extend_schema(responses={200: s.ReviewSerializer(many=True), 404: ErrorSerializer})
)
class PracticeReviewViewSet(SelectorViewSet):
    """Reviews of the practitioner's sessions, to answer them."""

    queryset = Review.objects.none()
    serializer_class = s.ReviewSerializer

    def rows(self):
        return selectors.review_list_for_practitioner(practitioner=_practice(self.request))

    @extend_schema(request=s.ResponseInputSerializer, responses={200: s.ReviewSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        practitioner = _practice(request)
        body = s.ResponseInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = selectors.review_get_for_user(user=request.user, review_id=pk)
        review = reviews.review_respond(
            review=review, practitioner=practitioner, text=body.validated_data["response"]
        )
        return Response(s.ReviewSerializer(review).data)
