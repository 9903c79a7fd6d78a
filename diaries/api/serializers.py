"""Diary API shapes. Analysis metadata (tiers, slip flag, ethics tags, model, prompt and
policy versions, tokens, latency) is private: no serializer here has those fields."""

from __future__ import annotations

import datetime

from rest_framework import serializers

from diaries.enums import AnalysisStatus, Mood, PeriodType


class EntryInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=20_000)
    mood = serializers.ChoiceField(
        choices=Mood.choices, required=False, allow_null=True, default=None
    )
    written_on = serializers.DateField(required=False, allow_null=True, default=None)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=30, allow_blank=False),
        max_length=10,
        required=False,
        default=list,
    )
    sealed = serializers.BooleanField(required=False, default=False)

    def validate_written_on(self, value: datetime.date | None) -> datetime.date | None:
        if value is not None and value.year < 1900:
            raise serializers.ValidationError("Choose a real day.")
        return value


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    caption = serializers.CharField()

    def get_url(self, obj) -> str:
        return obj.upload.file.url if obj.upload.file else ""


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    written_on = serializers.DateField()
    mood = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    body = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    sealed = serializers.BooleanField()
    version = serializers.IntegerField()
    word_count = serializers.IntegerField()
    in_trash = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_in_trash(self, obj) -> bool:
        return obj.deleted_at is not None


class EntryDetailSerializer(EntrySerializer):
    attachments = serializers.SerializerMethodField()

    def get_attachments(self, obj) -> list[dict]:
        return [
            {
                "id": a.pk,
                "url": a.upload.file.url if a.upload.file else "",
                "caption": getattr(a, "caption", ""),
            }
            for a in obj.attachments.all()
        ]


class CrisisResourceSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    description = serializers.CharField()
    url = serializers.CharField()


class SafetySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=["none", "concern", "crisis"])
    resources = CrisisResourceSerializer(many=True)


class EntrySavedSerializer(serializers.Serializer):
    entry = EntrySerializer()
    safety = SafetySerializer()
    analysis_status = serializers.ChoiceField(choices=AnalysisStatus.choices)


class EmotionStepSerializer(serializers.Serializer):
    stage = serializers.CharField()
    emotion = serializers.CharField()
    intensity = serializers.FloatField()


class AnalysisSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    entry_version = serializers.IntegerField()
    status = serializers.CharField(
        help_text="pending, done, paused (AI resting for safety), skipped (sealed) or failed."
    )
    summary = serializers.CharField(allow_null=True, default=None)
    emotion_flow = EmotionStepSerializer(many=True, allow_null=True, default=None)
    keywords = serializers.ListField(child=serializers.CharField(), allow_null=True, default=None)
    reflection_question = serializers.CharField(allow_null=True, default=None)
    interpretation = serializers.CharField(allow_null=True, default=None)
    primary_emotion = serializers.CharField(allow_blank=True)
    offline = serializers.BooleanField(
        help_text="Written by the offline analyzer, not an AI service."
    )
    completed_at = serializers.DateTimeField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period_type = serializers.ChoiceField(choices=PeriodType.choices)
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    local_start = serializers.DateField()
    is_final = serializers.BooleanField()
    entry_count = serializers.IntegerField()
    generated_at = serializers.DateTimeField(allow_null=True)


class ReportDetailSerializer(ReportSerializer):
    stats = serializers.DictField(
        help_text="Scores, emotion distribution, waveform, frequency, habits."
    )
    texts = serializers.DictField(help_text="Top keywords and the representative sentence.")


class ReportGenerateSerializer(serializers.Serializer):
    period_type = serializers.ChoiceField(choices=PeriodType.choices)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100)
