from __future__ import annotations

from rest_framework import serializers

from accounts.enums import Language
from coaching.enums import FlagReason, Reaction
from coaching.models import (
    AIOutputFlag,
    AIService,
    ChatConversation,
    ChatMessage,
    CoachingMessage,
    ServiceResult,
)


class CoachingMessageSerializer(serializers.ModelSerializer):
    offline = serializers.BooleanField(source="is_offline", read_only=True)
    feedback = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = CoachingMessage
        fields = (
            "id",
            "message_type",
            "tone",
            "content",
            "model",
            "offline",
            "reaction",
            "feedback",
            "sent_at",
            "read_at",
            "created_at",
        )
        read_only_fields = fields


class ReactionInputSerializer(serializers.Serializer):
    reaction = serializers.ChoiceField(choices=[("", "none"), *Reaction.choices], required=False)
    feedback = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class InputFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    label_ko = serializers.CharField()
    label_en = serializers.CharField()
    required = serializers.BooleanField(required=False)
    max_length = serializers.IntegerField(required=False)
    choices = serializers.ListField(child=serializers.CharField(), required=False)


class AIServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    input_schema = InputFieldSerializer(many=True, read_only=True)

    class Meta:
        model = AIService
        fields = (
            "service_type",
            "category",
            "name",
            "name_ko",
            "name_en",
            "description",
            "credit_cost",
            "is_entertainment",
            "input_schema",
        )
        read_only_fields = fields


class ServiceRunInputSerializer(serializers.Serializer):
    inputs = serializers.DictField(child=serializers.CharField(max_length=2000, allow_blank=True))
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class ReadingSectionSerializer(serializers.Serializer):
    heading = serializers.CharField()
    body = serializers.CharField()


class ReadingSerializer(serializers.Serializer):
    title = serializers.CharField()
    summary = serializers.CharField()
    sections = ReadingSectionSerializer(many=True)
    language = serializers.CharField(required=False)


class ServiceResultSerializer(serializers.ModelSerializer):
    service_type = serializers.CharField(source="service.service_type", read_only=True)
    result = ReadingSerializer(source="result_data", read_only=True, allow_null=True)
    input = serializers.DictField(source="input_data", read_only=True, allow_null=True)
    shared = serializers.SerializerMethodField()
    share_url = serializers.SerializerMethodField()
    offline = serializers.BooleanField(source="is_offline", read_only=True)

    class Meta:
        model = ServiceResult
        fields = (
            "id",
            "service_type",
            "status",
            "input",
            "result",
            "model",
            "offline",
            "prompt_version",
            "tokens_used",
            "processing_ms",
            "credits_charged",
            "credits_refunded",
            "rating",
            "shared",
            "share_url",
            "created_at",
            "completed_at",
            "expires_at",
        )
        read_only_fields = fields

    def get_shared(self, obj: ServiceResult) -> bool:
        return bool(obj.share_token)

    def get_share_url(self, obj: ServiceResult) -> str | None:
        if not obj.share_token:
            return None
        request = self.context.get("request")
        path = f"/coaching/s/{obj.share_token}/"
        return request.build_absolute_uri(path) if request else path


class SharedResultSerializer(serializers.ModelSerializer):
    service_type = serializers.CharField(source="service.service_type", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    result = ReadingSerializer(source="result_data", read_only=True)

    class Meta:
        model = ServiceResult
        fields = ("service_type", "service_name", "result", "model", "created_at")
        read_only_fields = fields


class RatingInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)


class ChatInputSerializer(serializers.Serializer):
    conversation = serializers.UUIDField(required=False, allow_null=True)
    message = serializers.CharField(max_length=2000)
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class ChatMessageSerializer(serializers.ModelSerializer):
    content = serializers.CharField(read_only=True)

    class Meta:
        model = ChatMessage
        fields = ("id", "role", "content", "model", "safety_level", "created_at")
        read_only_fields = fields


class ChatTurnSerializer(serializers.Serializer):
    conversation = serializers.UUIDField()
    user_message = ChatMessageSerializer()
    reply = ChatMessageSerializer()
    charged = serializers.IntegerField()
    crisis = serializers.BooleanField()


class ConversationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChatConversation
        fields = ("id", "title", "created_at", "updated_at")
        read_only_fields = fields


class FlagInputSerializer(serializers.Serializer):
    output_kind = serializers.CharField(
        max_length=40, help_text="service_result, chat_message, coaching_message, …"
    )
    output_id = serializers.CharField(max_length=64)
    reason = serializers.ChoiceField(choices=FlagReason.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    def validate_output_kind(self, value: str) -> str:
        from coaching.services.flags import flaggable_kinds

        if value not in flaggable_kinds():
            raise serializers.ValidationError("Unknown kind of output.")
        return value


class FlagSerializer(serializers.ModelSerializer):
    note = serializers.CharField(read_only=True)

    class Meta:
        model = AIOutputFlag
        fields = (
            "id",
            "output_kind",
            "output_id",
            "reason",
            "note",
            "status",
            "flagged_at",
            "resolved_at",
        )
        read_only_fields = fields
