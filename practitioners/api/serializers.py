from __future__ import annotations

from rest_framework import serializers

from core.api.validation import validate_time_zone
from practitioners.enums import DocumentKind, PractitionerType, Proficiency, SessionType
from practitioners.models import (
    AvailabilityRule,
    BlockedTime,
    Booking,
    BookingParticipant,
    DateOverride,
    Practitioner,
    PractitionerSpecialization,
    RescheduleRequest,
    Service,
    Specialization,
    WaitlistEntry,
)


class SpecializationSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Specialization
        fields = ("slug", "name", "name_ko", "name_en", "category")


class PractitionerSpecializationSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="specialization.slug", read_only=True)
    name = serializers.CharField(source="specialization.name", read_only=True)

    class Meta:
        model = PractitionerSpecialization
        fields = ("slug", "name", "proficiency", "years_experience")


class ServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    session_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SessionType.choices), allow_empty=False
    )

    class Meta:
        model = Service
        fields = (
            "id",
            "name",
            "name_ko",
            "name_en",
            "description_ko",
            "description_en",
            "duration_minutes",
            "price",
            "currency",
            "session_types",
            "seats",
            "preparation_text",
            "follow_up_text",
            "cancellation_tiers",
            "is_active",
        )
        read_only_fields = ("id", "currency")

    def validate_cancellation_tiers(self, tiers):
        if not isinstance(tiers, list):
            raise serializers.ValidationError("A list of tiers.")
        for tier in tiers:
            if not isinstance(tier, dict):
                raise serializers.ValidationError("Each tier is an object.")
            hours, percent = tier.get("min_notice_hours"), tier.get("refund_percent")
            if not isinstance(hours, int) or hours < 0:
                raise serializers.ValidationError("min_notice_hours: a whole number of hours.")
            if not isinstance(percent, int) or not 0 <= percent <= 100:
                raise serializers.ValidationError("refund_percent: 0 to 100.")
        return tiers


class PractitionerListSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    headline = serializers.CharField(read_only=True)
    specializations = PractitionerSpecializationSerializer(
        source="specialization_links", many=True, read_only=True
    )
    type = serializers.ChoiceField(choices=PractitionerType.choices, read_only=True)

    class Meta:
        model = Practitioner
        fields = (
            "slug",
            "name",
            "type",
            "headline",
            "is_verified",
            "languages",
            "session_types",
            "years_experience",
            "fee_min",
            "fee_max",
            "currency",
            "rating_average",
            "rating_count",
            "review_count",
            "specializations",
        )


class PractitionerDetailSerializer(PractitionerListSerializer):
    bio = serializers.CharField(read_only=True)
    services = serializers.SerializerMethodField()

    class Meta(PractitionerListSerializer.Meta):
        fields = (
            *PractitionerListSerializer.Meta.fields,
            "bio",
            "education",
            "certifications",
            "timezone",
            "services",
        )

    def get_services(self, obj) -> list[dict]:
        return ServiceSerializer([s for s in obj.services.all() if s.is_active], many=True).data  # type: ignore[return-value]


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    seats_left = serializers.IntegerField()


class SeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = BookingParticipant
        fields = ("id", "status", "hold_expires_at", "price", "currency", "refunded_amount")


class BookingSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.name", read_only=True)
    service_id = serializers.UUIDField(read_only=True)
    practitioner = serializers.CharField(source="practitioner.name", read_only=True)
    practitioner_slug = serializers.CharField(source="practitioner.slug", read_only=True)
    my_seat = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = (
            "id",
            "service",
            "service_id",
            "practitioner",
            "practitioner_slug",
            "starts_at",
            "ends_at",
            "session_type",
            "status",
            "seats",
            "seats_taken",
            "price",
            "currency",
            "my_seat",
        )

    def get_my_seat(self, obj) -> dict | None:
        seats = getattr(obj, "my_seats", None)
        if not seats:
            return None
        live = sorted(seats, key=lambda s: (s.cancelled_at is not None, s.created_at))
        return SeatSerializer(live[0]).data  # type: ignore[return-value]


class PractitionerBookingSerializer(BookingSerializer):
    clients = serializers.SerializerMethodField()

    class Meta(BookingSerializer.Meta):
        fields = (*BookingSerializer.Meta.fields, "clients", "client_notes")

    def get_clients(self, obj) -> list[str]:
        return [
            seat.user.nickname or seat.user.email or "" for seat in getattr(obj, "active_seats", [])
        ]


class BookingCreateSerializer(serializers.Serializer):
    service_id = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    session_type = serializers.ChoiceField(choices=SessionType.choices)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class BookingCreatedSerializer(serializers.Serializer):
    booking = BookingSerializer()
    checkout_id = serializers.UUIDField()
    checkout_url = serializers.CharField()
    hold_expires_at = serializers.DateTimeField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class BookingRefundQuoteSerializer(serializers.Serializer):
    percent = serializers.IntegerField()
    amount = serializers.IntegerField()
    currency = serializers.CharField()
    notice_hours = serializers.FloatField()


class RescheduleProposeSerializer(serializers.Serializer):
    new_starts_at = serializers.DateTimeField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RescheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RescheduleRequest
        fields = (
            "id",
            "booking",
            "original_starts_at",
            "new_starts_at",
            "new_ends_at",
            "reason",
            "status",
            "responded_at",
            "response_note",
            "created_at",
        )


class RescheduleAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class WaitlistSerializer(serializers.ModelSerializer):
    service_id = serializers.UUIDField()

    class Meta:
        model = WaitlistEntry
        fields = (
            "id",
            "service_id",
            "earliest",
            "latest",
            "status",
            "offered_starts_at",
            "created_at",
        )
        read_only_fields = ("id", "status", "offered_starts_at", "created_at")


class AvailabilityRuleSerializer(serializers.ModelSerializer):
    session_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SessionType.choices), required=False
    )

    class Meta:
        model = AvailabilityRule
        fields = ("id", "weekday", "start_time", "end_time", "session_types", "is_active")

    def validate(self, attrs):
        start = attrs.get("start_time", getattr(self.instance, "start_time", None))
        end = attrs.get("end_time", getattr(self.instance, "end_time", None))
        if start and end and start >= end:
            raise serializers.ValidationError({"end_time": "The end must come after the start."})
        return attrs


class DateOverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = DateOverride
        fields = ("id", "date", "is_unavailable", "start_time", "end_time", "note")

    def validate(self, attrs):
        if attrs.get("is_unavailable"):
            attrs["start_time"] = attrs["end_time"] = None
        elif not (attrs.get("start_time") and attrs.get("end_time")):
            raise serializers.ValidationError({"start_time": "Give the hours or close the day."})
        elif attrs["start_time"] >= attrs["end_time"]:
            raise serializers.ValidationError({"end_time": "The end must come after the start."})
        return attrs


class BlockedTimeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlockedTime
        fields = ("id", "starts_at", "ends_at", "reason", "rrule")

    def validate_rrule(self, value: str) -> str:
        if value:
            from datetime import UTC, datetime

            from dateutil.rrule import rrulestr

            try:
                rrulestr(value, dtstart=datetime.now(UTC))
            except (ValueError, TypeError) as exc:
                raise serializers.ValidationError("Not a valid RRULE.") from exc
        return value

    def validate(self, attrs):
        if attrs["starts_at"] >= attrs["ends_at"]:
            raise serializers.ValidationError({"ends_at": "The end must come after the start."})
        return attrs


class ApplySerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=100)
    display_name_en = serializers.CharField(max_length=100, required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=PractitionerType.choices)
    headline_ko = serializers.CharField(max_length=150, required=False, allow_blank=True)
    headline_en = serializers.CharField(max_length=150, required=False, allow_blank=True)
    bio_ko = serializers.CharField()
    bio_en = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=8), allow_empty=False)
    session_types = serializers.ListField(
        child=serializers.ChoiceField(choices=SessionType.choices), allow_empty=False
    )
    years_experience = serializers.IntegerField(min_value=0, max_value=70)
    license_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    license_issuer = serializers.CharField(max_length=100, required=False, allow_blank=True)
    timezone = serializers.CharField(max_length=50, required=False, default="Asia/Seoul")
    specializations = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list
    )
    proficiency = serializers.ChoiceField(
        choices=Proficiency.choices, required=False, default=Proficiency.INTERMEDIATE
    )
    document = serializers.FileField(required=False)
    document_kind = serializers.ChoiceField(
        choices=DocumentKind.choices, required=False, default=DocumentKind.OTHER
    )

    def validate_timezone(self, value: str) -> str:
        from zoneinfo import available_timezones

        if value not in available_timezones():
            raise serializers.ValidationError("Unknown time zone.")
        return value


class MyPractitionerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Practitioner
        fields = (
            "id",
            "slug",
            "status",
            "decision_reason",
            "is_verified",
            "is_listed",
            "display_name",
            "display_name_en",
            "type",
            "headline_ko",
            "headline_en",
            "bio_ko",
            "bio_en",
            "languages",
            "session_types",
            "years_experience",
            "timezone",
            "video_link",
            "address",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "minimum_notice_minutes",
            "slot_interval_minutes",
            "booking_horizon_days",
            "daily_limit",
            "weekly_limit",
        )
        read_only_fields = ("id", "slug", "status", "decision_reason", "is_verified", "type")
        extra_kwargs = {"timezone": {"validators": [validate_time_zone]}}
