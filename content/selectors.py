"""Reads for pages, the API and the admin. Every list costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from billing import entitlements
from billing.enums import PaymentStatus
from content.enums import ItemStatus, Language, Reaction
from content.models import (
    Announcement,
    Attendance,
    ContentItem,
    ContentProgress,
    ContentReaction,
    ContentTranslation,
    Course,
    Enrolment,
    Event,
    FaqCategory,
    FaqEntry,
    Lesson,
    LessonItem,
)
from content.search import is_korean, search_terms
from core.clock import user_local_today
from core.exceptions import NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

PREMIUM_FEATURE = "premium_content"


def _one(queryset: QuerySet, **lookup: Any) -> Any:
    """One row or ``NotFoundError`` (the API and ``core.http.or_404`` turn it into 404)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise NotFoundError(str(_not_found)) from error


_not_found = "Not found."


def current_language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def translation_for(item: ContentItem, language: str | None = None) -> ContentTranslation | None:
    """The item's text in ``language``, else in its other language (from prefetched rows)."""
    language = language or current_language()
    rows = list(item.translations.all())
    for row in rows:
        if row.language == language:
            return row
    return rows[0] if rows else None


def _published() -> QuerySet[ContentItem]:
    return ContentItem.objects.filter(status=ItemStatus.PUBLISHED).prefetch_related(
        Prefetch("translations", queryset=ContentTranslation.objects.order_by("language"))
    )


def item_list_published(
    *, kind: str | None = None, category: str | None = None, tag: str | None = None
) -> QuerySet[ContentItem]:
    items = _published()
    if kind:
        items = items.filter(kind=kind)
    if category:
        items = items.filter(category=category)
    if tag:
        items = items.filter(tags__contains=[tag])
    return items.order_by("-published_at", "pk")


def item_get_published(*, slug: str) -> ContentItem:
    return _one(_published(), slug=slug)


def item_get_for_editor(*, item_id: Any) -> ContentItem:
    return _one(ContentItem.objects.prefetch_related("translations"), pk=item_id)


def item_search(*, query: str, limit: int = 20) -> list[ContentItem]:
    """Published items matching every word of ``query``.

    Korean words (particles stripped) match as substrings of the Korean text through the
    pg_trgm index; other words go through English full-text search (stemmed)."""
    terms = search_terms(query)
    if not terms:
        return []
    korean = [term for term in terms if is_korean(term)]
    other = [term for term in terms if not is_korean(term)]
    translations = ContentTranslation.objects.filter(item__status=ItemStatus.PUBLISHED)
    for term in korean:
        translations = translations.filter(search_text__contains=term)
    rank: Any = F("item__view_count")
    if other:
        tsquery = SearchQuery(" ".join(other), config="english", search_type="plain")
        translations = translations.filter(search_vector=tsquery)
        rank = SearchRank(F("search_vector"), tsquery)
    ids = list(
        translations.annotate(rank=rank)
        .order_by("-rank", "item_id")
        .values_list("item_id", flat=True)[: limit * 2]
    )
    ordered = list(dict.fromkeys(ids))[:limit]
    by_id = {item.pk: item for item in _published().filter(pk__in=ordered)}
    return [by_id[pk] for pk in ordered if pk in by_id]


def item_list_related(*, item: ContentItem, limit: int = 4) -> QuerySet[ContentItem]:
    same = Q(category=item.category) if item.category else Q(pk__in=[])
    if item.tags:
        same |= Q(tags__overlap=item.tags)
    return _published().filter(same).exclude(pk=item.pk).order_by("-view_count", "pk")[:limit]


def item_list_popular(*, limit: int = 6) -> QuerySet[ContentItem]:
    return _published().order_by("-view_count", "-published_at", "pk")[:limit]


def progress_list_in_progress(*, user: User, limit: int = 6) -> QuerySet[ContentProgress]:
    """ "Continue where you left off": the user's started, unfinished items, latest first."""
    return (
        ContentProgress.objects.filter(
            user=user, completed_at__isnull=True, item__status=ItemStatus.PUBLISHED
        )
        .select_related("item")
        .prefetch_related("item__translations")
        .order_by("-updated_at")[:limit]
    )


def progress_get_for_user(*, user: User, item: ContentItem) -> ContentProgress | None:
    return ContentProgress.objects.filter(user=user, item=item).first()


def reactions_for_user(*, user: User | None, item: ContentItem) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    return set(ContentReaction.objects.filter(user=user, item=item).values_list("kind", flat=True))


def bookmark_list_for_user(*, user: User) -> QuerySet[ContentItem]:
    return (
        _published()
        .filter(reactions__user=user, reactions__kind=Reaction.BOOKMARK)
        .order_by("-reactions__created_at")
    )


def user_has_premium(*, user: User | None) -> bool:
    return entitlements.has_feature(user, PREMIUM_FEATURE)


def item_can_open(*, user: User | None, item: ContentItem) -> bool:
    return not item.is_premium or user_has_premium(user=user)


@dataclass
class LibrarySection:
    key: str
    items: list[ContentItem]


def library_home(*, user: User | None) -> dict[str, Any]:
    """The library home's sections: continue, newest, popular, meditations, guides.

    Fixed queries: one per section plus one translation prefetch each."""
    sections: dict[str, Any] = {
        "newest": list(item_list_published()[:6]),
        "popular": list(item_list_popular()),
        "meditations": list(item_list_published(kind="meditation")[:6]),
        "guides": list(item_list_published(kind="guide")[:6]),
    }
    sections["continue"] = (
        list(progress_list_in_progress(user=user))
        if user is not None and user.is_authenticated
        else []
    )
    return sections


# --- courses ------------------------------------------------------------------------------------


def course_list_published() -> QuerySet[Course]:
    return Course.objects.filter(is_published=True).annotate(lesson_total=Count("lessons"))


def course_get_published(*, slug: str) -> Course:
    return _one(Course.objects.filter(is_published=True), slug=slug)


def course_lessons(*, course: Course) -> list[Lesson]:
    return list(
        Lesson.objects.filter(course=course)
        .prefetch_related(
            Prefetch(
                "lesson_items",
                queryset=LessonItem.objects.select_related("item").prefetch_related(
                    "item__translations"
                ),
            )
        )
        .order_by("position")
    )


# a purchase still gives the course while its payment stays paid (a partial refund keeps it)
OWNING_PAYMENT_STATUSES = (PaymentStatus.APPROVED, PaymentStatus.PARTIALLY_REFUNDED)


def course_owned_by(*, user: User | None, course: Course) -> bool:
    """The user bought ``course`` and the payment has not been refunded."""
    if user is None or not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user=user, course=course, payment__status__in=OWNING_PAYMENT_STATUSES
    ).exists()


def enrolment_get_for_user(*, user: User | None, course: Course) -> Enrolment | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(user=user, course=course).prefetch_related("completions").first()
    )


def enrolment_list_for_user(*, user: User) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .annotate(done=Count("completions", distinct=True))
        .annotate(total=Count("course__lessons", distinct=True))
        .order_by("-enrolled_at")
    )


def enrolment_get_certificate(*, user: User, course: Course) -> Enrolment:
    return _one(
        Enrolment.objects.select_related("course", "user"),
        user=user,
        course=course,
        completed_at__isnull=False,
    )


# --- announcements ------------------------------------------------------------------------------


def announcement_list_live(*, now: datetime | None = None) -> QuerySet[Announcement]:
    now = now or timezone.now()
    return Announcement.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        deleted_at__isnull=True,
        published_at__lte=now,
    ).order_by("-is_pinned", "-published_at", "-pk")


def announcement_get_live(*, announcement_id: int) -> Announcement:
    return _one(announcement_list_live(), pk=announcement_id)


# --- FAQ ----------------------------------------------------------------------------------------


def faq_categories_with_entries() -> list[FaqCategory]:
    return list(
        FaqCategory.objects.prefetch_related(
            Prefetch(
                "entries",
                queryset=FaqEntry.objects.filter(is_active=True).order_by("position", "pk"),
            )
        ).order_by("position", "pk")
    )


def faq_entry_get_active(*, entry_id: Any) -> FaqEntry:
    return _one(FaqEntry.objects.filter(is_active=True), pk=entry_id)


def lesson_get(*, course: Course, lesson_id: Any) -> Lesson:
    return _one(Lesson.objects.filter(course=course), pk=lesson_id)


def faq_search(*, query: str, limit: int = 20) -> list[FaqEntry]:
    terms = search_terms(query)
    if not terms:
        return []
    entries = FaqEntry.objects.filter(is_active=True).select_related("category")
    for term in terms:
        entries = entries.filter(search_text__contains=term)
    return list(entries.order_by("category__position", "position", "pk")[:limit])


# --- events -------------------------------------------------------------------------------------


def event_list_running(*, on: date | None = None) -> QuerySet[Event]:
    on = on or timezone.localdate()
    return (
        Event.objects.filter(is_active=True, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .prefetch_related("rewards")
        .order_by("starts_on", "pk")
    )


def event_get_visible(*, slug: str) -> Event:
    return _one(Event.objects.filter(is_active=True).prefetch_related("rewards"), slug=slug)


def attendance_days_for_user(*, user: User, event: Event) -> dict[date, Attendance]:
    return {row.local_date: row for row in Attendance.objects.filter(event=event, user=user)}


def event_today_for_user(*, user: User) -> date:
    return user_local_today(user=user)


def event_results(*, event: Event) -> dict[str, Any]:
    """Participants, attendance days, streak distribution and points paid (operators)."""
    attendance = Attendance.objects.filter(event=event)
    grants = event.grants.all()
    return {
        "participants": attendance.values("user").distinct().count(),
        "attendances": attendance.count(),
        "by_day": list(
            attendance.values("local_date").annotate(users=Count("id")).order_by("local_date")
        ),
        "rewards": list(
            grants.values("reward__code").annotate(users=Count("id"), points=Sum("points"))
        ),
        "points_paid": sum(grants.values_list("points", flat=True)),
    }


def language_choices() -> list[str]:
    return list(Language.values)
