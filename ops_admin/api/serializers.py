"""Support desk API shapes for members."""

from __future__ import annotations

from rest_framework import serializers

from ops_admin.services.support import MAX_MESSAGE_CHARS


class SupportCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SupportMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_support_team = serializers.BooleanField(source="from_staff")
    body = serializers.CharField()
    attachment_ids = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_attachment_ids(self, obj) -> list[str]:
        return [str(upload.pk) for upload in obj.attachments.all()]


class SupportInquirySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    category = serializers.CharField(source="category.code")
    subject = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)


class SupportInquiryDetailSerializer(SupportInquirySerializer):
    messages = SupportMessageSerializer(many=True, source="thread")


class SupportInquiryInputSerializer(serializers.Serializer):
    category = serializers.SlugField(max_length=40)
    subject = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=MAX_MESSAGE_CHARS)
    attachment_ids = serializers.ListField(
        child=serializers.UUIDField(), max_length=5, required=False, default=list
    )


class SupportFollowUpSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_MESSAGE_CHARS)
