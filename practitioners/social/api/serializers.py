"""Serializers of the social API: input shapes (checked here) and output shapes."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from practitioners.models import (
    Conversation,
    HealthAccessLog,
    HealthProfile,
    HealthRecord,
    HealthShare,
    Message,
    Review,
)
from practitioners.services.health_records import PROFILE_FIELDS
from practitioners.social.enums import (
    PRACTITIONER_RECORD_KINDS,
    REACTIONS,
    REVIEW_ASPECTS,
    SharePermission,
)

# --- reviews ------------------------------------------------------------------------------------


class ReviewInputSerializer(serializers.Serializer):
    booking = serializers.UUIDField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    aspects = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5), required=False
    )
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    content = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    anonymous = serializers.BooleanField(required=False, default=False)

    def validate_aspects(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(REVIEW_ASPECTS))
        if unknown:
            raise serializers.ValidationError(f"Unknown aspects: {', '.join(unknown)}")
        return value


class ReviewSerializer(serializers.ModelSerializer):
    reviewer_name = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "booking",
            "practitioner",
            "rating",
            "aspects",
            "title",
            "content",
            "anonymous",
            "reviewer_name",
            "status",
            "moderation_reason",
            "helpful_count",
            "response",
            "response_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reviewer_name(self, review: Review) -> str | None:
        return None if review.anonymous else review.reviewer.nickname


class PublicReviewSerializer(ReviewSerializer):
    class Meta(ReviewSerializer.Meta):
        fields = [
            "id",
            "rating",
            "aspects",
            "title",
            "content",
            "reviewer_name",
            "helpful_count",
            "response",
            "response_at",
            "created_at",
        ]
        read_only_fields = fields


class VoteInputSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()


class ResponseInputSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=3000, allow_blank=True)


# --- messaging ----------------------------------------------------------------------------------


class MessageThreadInputSerializer(serializers.Serializer):
    practitioner = serializers.UUIDField(required=False)
    support = serializers.BooleanField(required=False, default=False)
    subject = serializers.CharField(max_length=150, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("support") and not attrs.get("practitioner"):
            raise serializers.ValidationError(
                {"practitioner": ["Name a practitioner, or set support to true."]}
            )
        return attrs


class MessageThreadSerializer(serializers.ModelSerializer):
    practitioner_name = serializers.SerializerMethodField()
    client_name = serializers.SerializerMethodField()
    unread = serializers.IntegerField(read_only=True, default=0)
    my_role = serializers.CharField(read_only=True, default="")

    class Meta:
        model = Conversation
        fields = [
            "id",
            "kind",
            "status",
            "subject",
            "practitioner",
            "practitioner_name",
            "client_name",
            "my_role",
            "unread",
            "last_message_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_practitioner_name(self, obj: Conversation) -> str | None:
        return obj.practitioner.display_name if obj.practitioner else None

    def get_client_name(self, obj: Conversation) -> str:
        return obj.client.nickname


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    mime_type = serializers.CharField()
    scan_status = serializers.CharField()
    download_url = serializers.CharField(allow_null=True)


class ReactionSerializer(serializers.Serializer):
    emoji = serializers.CharField()
    user = serializers.UUIDField()


class MessageSerializer(serializers.ModelSerializer):
    attachments = serializers.SerializerMethodField()
    reactions = serializers.SerializerMethodField()
    mine = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "conversation",
            "sender",
            "mine",
            "kind",
            "body",
            "reply_to",
            "attachments",
            "reactions",
            "erased_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_mine(self, message: Message) -> bool:
        request = self.context.get("request")
        return bool(request and message.sender_id == request.user.pk)

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, message: Message) -> list[dict]:
        items = []
        for attachment in message.attachments.all():
            upload = attachment.upload
            ready = upload.scan_status == "clean" and upload.deleted_at is None
            items.append(
                {
                    "id": attachment.pk,
                    "name": upload.original_name,
                    "size": upload.size,
                    "mime_type": upload.mime_type,
                    "scan_status": upload.scan_status,
                    "download_url": (
                        reverse("practitioners:message_attachment", args=[attachment.pk])
                        if ready
                        else None
                    ),
                }
            )
        return items

    @extend_schema_field(ReactionSerializer(many=True))
    def get_reactions(self, message: Message) -> list[dict]:
        return [{"emoji": r.emoji, "user": r.user_id} for r in message.reactions.all()]


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=5, allow_empty=True
    )
    reply_to = serializers.IntegerField(required=False)

    def validate(self, attrs):
        if not (attrs.get("body") or "").strip() and not attrs.get("files"):
            raise serializers.ValidationError({"body": ["Write a message or attach a file."]})
        return attrs


class MessageCrisisLineSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()


class MessageSafetySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["none", "concern", "crisis"])
    resources = MessageCrisisLineSerializer(many=True)


class MessageSentSerializer(serializers.Serializer):
    message = MessageSerializer()
    safety = MessageSafetySerializer(allow_null=True)


class MessageReactionInputSerializer(serializers.Serializer):
    emoji = serializers.ChoiceField(choices=list(REACTIONS))


class MessageReactionResultSerializer(serializers.Serializer):
    on = serializers.BooleanField()


class UnreadSerializer(serializers.Serializer):
    count = serializers.IntegerField()


# --- health records -----------------------------------------------------------------------------


class HealthProfileSerializer(serializers.ModelSerializer):
    # null until the client first saves a profile (an unsaved default profile is shown)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = HealthProfile
        fields = [*PROFILE_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {name: {"required": False, "allow_blank": True} for name in PROFILE_FIELDS}


class HealthRecordSerializer(serializers.ModelSerializer):
    practitioner_name = serializers.SerializerMethodField()

    class Meta:
        model = HealthRecord
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "practitioner",
            "practitioner_name",
            "booking",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_practitioner_name(self, record: HealthRecord) -> str | None:
        return record.practitioner.display_name if record.practitioner else None


class OwnNoteInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class PractitionerNoteInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(PRACTITIONER_RECORD_KINDS))
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class NoteUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class HealthShareSerializer(serializers.ModelSerializer):
    practitioner_name = serializers.CharField(source="practitioner.display_name", read_only=True)

    class Meta:
        model = HealthShare
        fields = [
            "id",
            "practitioner",
            "practitioner_name",
            "permission",
            "include_profile",
            "expires_at",
            "revoked_at",
            "access_count",
            "last_accessed_at",
            "created_at",
        ]
        read_only_fields = fields


class ShareInputSerializer(serializers.Serializer):
    practitioner = serializers.UUIDField()
    permission = serializers.ChoiceField(choices=SharePermission.choices)
    expires_at = serializers.DateTimeField()
    include_profile = serializers.BooleanField(required=False, default=True)


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthAccessLog
        fields = ["id", "actor_name", "action", "target", "record", "created_at"]
        read_only_fields = fields


class ClientSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    share_permission = serializers.CharField(allow_null=True)
    share_expires_at = serializers.DateTimeField(allow_null=True)


class ClientHealthSerializer(serializers.Serializer):
    share = HealthShareSerializer()
    profile = HealthProfileSerializer(allow_null=True)
    records = HealthRecordSerializer(many=True)


# --- payouts ------------------------------------------------------------------------------------


class PayoutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    amount = serializers.IntegerField()
    currency = serializers.CharField()
    status = serializers.CharField()
    processed_at = serializers.DateTimeField(allow_null=True)


class StatementLineSerializer(serializers.Serializer):
    payment_id = serializers.CharField()
    booking_id = serializers.CharField(allow_null=True)
    starts_at = serializers.DateTimeField(allow_null=True)
    service_name = serializers.CharField()
    paid = serializers.IntegerField()
    platform_fee = serializers.IntegerField()
    refunded = serializers.IntegerField()
    share = serializers.IntegerField()
    currency = serializers.CharField()


class PayoutStatementSerializer(serializers.Serializer):
    payout = PayoutSerializer()
    lines = StatementLineSerializer(many=True)
