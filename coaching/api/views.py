"""Coaching API: the same services as the pages, for mobile clients."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from coaching import selectors
from coaching.api import serializers as s
from coaching.models import ChatConversation, CoachingMessage, ServiceResult
from coaching.services import ai_services, chat, flags
from coaching.services import messages as coaching_messages
from core.api.schema import ErrorSerializer

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="One key per request; a retry with the same key is answered once, debited once.",
)


@extend_schema(tags=["coaching"])
class MessageViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The user's coaching messages, newest first."""

    serializer_class = s.CoachingMessageSerializer
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CoachingMessage.objects.none()
        return selectors.message_list_for_user(user=self.request.user)

    @extend_schema(
        request=s.ReactionInputSerializer, responses={200: s.CoachingMessageSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def react(self, request, pk=None):
        message = selectors.message_get_for_user(user=request.user, message_id=pk)
        data = s.ReactionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "reaction" in data.validated_data:
            coaching_messages.message_react(
                message=message, reaction=data.validated_data["reaction"]
            )
        if "feedback" in data.validated_data:
            coaching_messages.message_feedback(
                message=message, feedback=data.validated_data["feedback"]
            )
        return Response(s.CoachingMessageSerializer(message).data)


@extend_schema(tags=["coaching"])
class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The AI service catalogue (public); ``run`` pays with credits and makes a reading."""

    serializer_class = s.AIServiceSerializer
    pagination_class = None
    lookup_field = "service_type"
    lookup_value_regex = "[a-z0-9-]{1,60}"

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.service_list_active()

    @extend_schema(
        parameters=[IDEMPOTENCY],
        request=s.ServiceRunInputSerializer,
        responses={201: s.ServiceResultSerializer, 200: s.ServiceResultSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def run(self, request, service_type=None):
        service = selectors.service_get_active(service_type=service_type)
        data = s.ServiceRunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "")
        existed = (
            bool(key)
            and selectors.result_list_for_user(user=request.user)
            .filter(idempotency_key=key)
            .exists()
        )
        result = ai_services.service_run(
            user=request.user,
            service=service,
            inputs=data.validated_data["inputs"],
            idempotency_key=key,
            language=data.validated_data.get("language") or request.LANGUAGE_CODE,
        )
        return Response(
            s.ServiceResultSerializer(result, context={"request": request}).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@extend_schema(tags=["coaching"])
class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's readings (kept 12 months); share by token, rate 1-5."""

    serializer_class = s.ServiceResultSerializer
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ServiceResult.objects.none()
        return selectors.result_list_for_user(user=self.request.user)

    def get_object(self):
        return selectors.result_get_for_user(user=self.request.user, result_id=self.kwargs["pk"])

    @extend_schema(request=None, responses={200: s.ServiceResultSerializer, **ERRORS})
    @action(detail=True, methods=["post", "delete"])
    def share(self, request, pk=None):
        result = self.get_object()
        if request.method == "DELETE":
            ai_services.result_unshare(result=result)
        else:
            ai_services.result_share(result=result)
        return Response(s.ServiceResultSerializer(result, context={"request": request}).data)

    @extend_schema(
        request=s.RatingInputSerializer, responses={200: s.ServiceResultSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        result = self.get_object()
        data = s.RatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ai_services.result_rate(result=result, rating=data.validated_data["rating"])
        return Response(s.ServiceResultSerializer(result, context={"request": request}).data)


@extend_schema(tags=["coaching"], responses={200: s.SharedResultSerializer, 404: ErrorSerializer})
class SharedResultView(APIView):
    """A shared reading by its token (public), until it expires."""

    permission_classes = [permissions.AllowAny]

    def get(self, request, token: str):
        return Response(s.SharedResultSerializer(selectors.shared_result_get(token=token)).data)


@extend_schema(tags=["coaching"])
class ConversationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ConversationSerializer
    lookup_value_regex = "[0-9a-f-]{36}"
    ordering = ("-updated_at", "-pk")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChatConversation.objects.none()
        return selectors.conversation_list_for_user(user=self.request.user)

    def get_object(self):
        return selectors.conversation_get_for_user(
            user=self.request.user, conversation_id=self.kwargs["pk"]
        )

    @extend_schema(responses={200: s.ChatMessageSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def messages(self, request, pk=None):
        conversation = self.get_object()
        items = selectors.conversation_messages(conversation=conversation)[:200]
        return Response(s.ChatMessageSerializer(items, many=True).data)


@extend_schema(
    tags=["coaching"],
    parameters=[IDEMPOTENCY],
    request=s.ChatInputSerializer,
    responses={201: s.ChatTurnSerializer, **ERRORS},
)
class ChatView(APIView):
    """Send one chat message (safety first; credits per message) and get Haru's reply."""

    def post(self, request):
        data = s.ChatInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = None
        if data.validated_data.get("conversation"):
            conversation = selectors.conversation_get_for_user(
                user=request.user, conversation_id=data.validated_data["conversation"]
            )
        turn = chat.chat_send(
            user=request.user,
            conversation=conversation,
            text=data.validated_data["message"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
            language=data.validated_data.get("language") or request.LANGUAGE_CODE,
        )
        return Response(
            s.ChatTurnSerializer(
                {
                    "conversation": turn.conversation.pk,
                    "user_message": turn.user_message,
                    "reply": turn.reply,
                    "charged": turn.charged,
                    "crisis": turn.crisis,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    tags=["coaching"],
    request=s.FlagInputSerializer,
    responses={201: s.FlagSerializer, 200: s.FlagSerializer, **ERRORS},
)
class FlagView(APIView):
    """Report an AI answer to the operators ("Report this answer"). One report per answer:
    sending again changes the reason (200); the first report answers 201."""

    def post(self, request):
        data = s.FlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flag, created = flags.output_flag(
            user=request.user,
            output_kind=data.validated_data["output_kind"],
            output_id=data.validated_data["output_id"],
            reason=data.validated_data["reason"],
            note=data.validated_data.get("note", ""),
        )
        return Response(
            s.FlagSerializer(flag).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
