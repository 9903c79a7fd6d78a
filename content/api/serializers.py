from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content.enums import Reaction
from content.models import (
    Announcement,
    ContentItem,
    Course,
    Event,
    EventReward,
    FaqCategory,
    FaqEntry,
    Lesson,
)
from content.selectors import translation_for


class _Translated(serializers.Serializer):
    def _text(self, item: ContentItem):
        return translation_for(item, self.context.get("language"))


class ItemSerializer(_Translated, serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    excerpt = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()

    class Meta:
        model = ContentItem
        fields = (
            "id", "slug", "kind", "category", "tags", "difficulty", "audience",
            "duration_minutes", "cover_image_url", "is_premium", "published_at",
            "view_count", "like_count", "bookmark_count", "share_count",
            "title", "excerpt", "language", "languages",
        )  # fmt: skip

    def get_title(self, item) -> str:
        text = self._text(item)
        return text.title if text else ""

    def get_excerpt(self, item) -> str:
        text = self._text(item)
        return text.excerpt if text else ""

    def get_language(self, item) -> str:
        text = self._text(item)
        return text.language if text else ""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_languages(self, item) -> list[str]:
        return sorted(t.language for t in item.translations.all())


class ItemDetailSerializer(ItemSerializer):
    body_html = serializers.SerializerMethodField(
        help_text="Sanitised HTML; empty when the item is premium and the user's plan lacks it."
    )
    media_url = serializers.SerializerMethodField()
    seo_title = serializers.SerializerMethodField()
    seo_description = serializers.SerializerMethodField()
    locked = serializers.SerializerMethodField()
    upgrade_url = serializers.SerializerMethodField()
    reactions = serializers.SerializerMethodField()

    class Meta(ItemSerializer.Meta):
        fields = (
            *ItemSerializer.Meta.fields,
            "body_html", "media_url", "seo_title", "seo_description", "locked",
            "upgrade_url", "reactions",
        )  # fmt: skip

    def get_locked(self, item) -> bool:
        return not self.context.get("can_open", True)

    def get_body_html(self, item) -> str:
        text = self._text(item)
        return text.body_html if text and not self.get_locked(item) else ""

    def get_media_url(self, item) -> str:
        return "" if self.get_locked(item) else item.media_url

    def get_seo_title(self, item) -> str:
        text = self._text(item)
        return (text.seo_title or text.title) if text else ""

    def get_seo_description(self, item) -> str:
        text = self._text(item)
        return (text.seo_description or text.excerpt) if text else ""

    def get_upgrade_url(self, item) -> str:
        return self.context.get("upgrade_url", "") if self.get_locked(item) else ""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reactions(self, item) -> list[str]:
        return sorted(self.context.get("reactions", set()))


class ItemReactionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reaction.choices)
    on = serializers.BooleanField(default=True)


class ProgressInputSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    position_seconds = serializers.IntegerField(min_value=0, default=0)


class ProgressSerializer(serializers.Serializer):
    item = ItemSerializer()
    percent = serializers.IntegerField()
    position_seconds = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class LibraryHomeSerializer(serializers.Serializer):
    newest = ItemSerializer(many=True)
    popular = ItemSerializer(many=True)
    meditations = ItemSerializer(many=True)
    guides = ItemSerializer(many=True)
    # "continue" is a Python keyword: the key is spelled out in to_representation
    continue_reading = ProgressSerializer(many=True)


class LessonSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    items = serializers.SerializerMethodField()
    done = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ("id", "position", "title", "duration_minutes", "items", "done")

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, lesson) -> list:
        return ItemSerializer(
            [li.item for li in lesson.lesson_items.all()], many=True, context=self.context
        ).data

    def get_done(self, lesson) -> bool:
        return lesson.pk in self.context.get("done", set())


class CourseSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    description = serializers.CharField()
    lesson_total = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Course
        fields = (
            "id", "slug", "title", "description", "cover_image_url", "level", "access",
            "price", "currency", "enrolment_count", "lesson_total",
        )  # fmt: skip


class EnrolmentSerializer(serializers.Serializer):
    course = serializers.CharField(source="course.slug")
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    certificate_code = serializers.CharField()
    lessons_done = serializers.IntegerField(source="done", default=0)
    lessons_total = serializers.IntegerField(source="total", default=0)


class CourseDetailSerializer(CourseSerializer):
    lessons = serializers.SerializerMethodField()
    enrolment = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = (*CourseSerializer.Meta.fields, "lessons", "enrolment")

    @extend_schema_field(LessonSerializer(many=True))
    def get_lessons(self, course) -> list:
        return LessonSerializer(self.context["lessons"], many=True, context=self.context).data

    @extend_schema_field(EnrolmentSerializer(allow_null=True))
    def get_enrolment(self, course):
        enrolment = self.context.get("enrolment")
        if enrolment is None:
            return None
        enrolment.done = len(self.context.get("done", ()))
        enrolment.total = len(self.context["lessons"])
        return EnrolmentSerializer(enrolment).data


class CoursePurchaseStartedSerializer(serializers.Serializer):
    """The checkout that buys the course: open ``checkout_url`` to pay."""

    checkout_id = serializers.UUIDField()
    checkout_url = serializers.CharField()
    amount = serializers.IntegerField(help_text="VAT included, in minor units.")
    currency = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AnnouncementSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    body_html = serializers.CharField()

    class Meta:
        model = Announcement
        fields = ("id", "title", "body_html", "tags", "is_pinned", "published_at", "expires_at")


class FaqEntrySerializer(serializers.ModelSerializer):
    question = serializers.CharField()
    answer_html = serializers.CharField()

    class Meta:
        model = FaqEntry
        fields = (
            "id",
            "category_id",
            "question",
            "answer_html",
            "helpful_count",
            "not_helpful_count",
        )


class FaqCategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField()
    entries = FaqEntrySerializer(many=True)

    class Meta:
        model = FaqCategory
        fields = ("id", "slug", "name", "position", "entries")


class FaqVoteInputSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventReward
        fields = ("code", "trigger", "days", "points")


class EventSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    description = serializers.CharField()
    rewards = RewardSerializer(many=True)

    class Meta:
        model = Event
        fields = ("id", "slug", "title", "description", "starts_on", "ends_on", "rewards")


class AttendanceSerializer(serializers.Serializer):
    local_date = serializers.DateField()
    streak = serializers.IntegerField()
    reward_code = serializers.CharField()


class EventDetailSerializer(EventSerializer):
    today = serializers.SerializerMethodField()
    days = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = (*EventSerializer.Meta.fields, "today", "days")

    def get_today(self, event) -> str:
        return self.context["today"].isoformat()

    @extend_schema_field(AttendanceSerializer(many=True))
    def get_days(self, event) -> list:
        return AttendanceSerializer(self.context["days"], many=True).data


class CheckInSerializer(serializers.Serializer):
    created = serializers.BooleanField()
    attendance = AttendanceSerializer()
    points = serializers.IntegerField()
