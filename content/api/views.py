"""Content API: the same services and selectors as the pages, for mobile clients."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import entitlements
from content import selectors
from content.api import serializers as s
from content.models import ContentItem
from content.services import courses as course_services
from content.services import events as event_services
from content.services import faq as faq_services
from content.services import library as library_services
from core.api.schema import ErrorSerializer
from core.idempotency import IDEMPOTENCY_PARAMETER, IDEMPOTENCY_RESPONSES, idempotent

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
Q_PARAMETER = OpenApiParameter("q", str, description="Search words (Korean or English)")


class ContentPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# A paged list of content: drf-spectacular describes the page (count, next, previous, results)
# and its page/page_size parameters from the pagination class.
class ContentPageView(ListAPIView):
    pagination_class = ContentPagination

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "language": selectors.current_language()}


def _context(request) -> dict:
    return {"request": request, "language": selectors.current_language()}


def _user(request):
    return request.user if request.user.is_authenticated else None


# --- library ------------------------------------------------------------------------------------


@extend_schema(tags=["content"])
@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("kind", str),
            OpenApiParameter("category", str),
            OpenApiParameter("tag", str),
        ],
        operation_id="content_items_list",
    )
)
class ItemListView(ContentPageView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.ItemSerializer

    def get_queryset(self):
        return selectors.item_list_published(
            kind=self.request.query_params.get("kind") or None,
            category=self.request.query_params.get("category") or None,
            tag=self.request.query_params.get("tag") or None,
        )


@extend_schema(tags=["content"])
class LibraryHomeView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.LibraryHomeSerializer})
    def get(self, request):
        home = selectors.library_home(user=_user(request))
        home["continue_reading"] = home.pop("continue")
        return Response(s.LibraryHomeSerializer(home, context=_context(request)).data)


@extend_schema(tags=["content"])
class SearchView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[Q_PARAMETER], responses={200: s.ItemSerializer(many=True)})
    def get(self, request):
        query = (request.query_params.get("q") or "").strip()
        if not query or len(query) > 100:
            raise ValidationError({"q": [_("Type 1 to 100 characters.")]})
        items = selectors.item_search(query=query)
        return Response(s.ItemSerializer(items, many=True, context=_context(request)).data)


def _item(slug):
    return selectors.item_get_published(slug=slug)


@extend_schema(tags=["content"])
class ItemDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.ItemDetailSerializer, 404: ErrorSerializer})
    def get(self, request, slug):
        item = _item(slug)
        user = _user(request)
        can_open = selectors.item_can_open(user=user, item=item)
        if can_open:
            library_services.item_record_view(item=item, user=user)
        context = {
            **_context(request),
            "can_open": can_open,
            "upgrade_url": entitlements.upgrade_link()[0],
            "reactions": selectors.reactions_for_user(user=user, item=item),
        }
        return Response(s.ItemDetailSerializer(item, context=context).data)


@extend_schema(tags=["content"])
class ItemReactionView(APIView):
    @extend_schema(request=s.ItemReactionInputSerializer, responses={204: None, **ERRORS})
    def post(self, request, slug):
        data = s.ItemReactionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        library_services.reaction_set(
            user=request.user, item=_item(slug), kind=data.validated_data["kind"],
            on=data.validated_data["on"],
        )  # fmt: skip
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["content"])
class ItemShareView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=None, responses={204: None, 404: ErrorSerializer})
    def post(self, request, slug):
        library_services.item_record_share(item=_item(slug))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["content"])
class ItemProgressView(APIView):
    @extend_schema(
        request=s.ProgressInputSerializer, responses={200: s.ProgressSerializer, **ERRORS}
    )
    def put(self, request, slug):
        data = s.ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        progress = library_services.progress_save(
            user=request.user, item=_item(slug), **data.validated_data
        )
        return Response(s.ProgressSerializer(progress, context=_context(request)).data)


@extend_schema(tags=["content"])
@extend_schema_view(get=extend_schema(operation_id="content_bookmarks_list"))
class BookmarkListView(ContentPageView):
    serializer_class = s.ItemSerializer
    queryset = ContentItem.objects.none()  # tells the schema the model without a signed-in user

    def get_queryset(self):
        return selectors.bookmark_list_for_user(user=self.request.user)


@extend_schema(tags=["content"])
class ProgressListView(APIView):
    @extend_schema(responses={200: s.ProgressSerializer(many=True)})
    def get(self, request):
        rows = selectors.progress_list_in_progress(user=request.user, limit=50)
        return Response(s.ProgressSerializer(rows, many=True, context=_context(request)).data)


# --- courses ------------------------------------------------------------------------------------


@extend_schema(tags=["content"])
@extend_schema_view(get=extend_schema(operation_id="content_courses_list"))
class CourseListView(ContentPageView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.CourseSerializer

    def get_queryset(self):
        return selectors.course_list_published().order_by("-created_at", "pk")


def _course_detail(request, course):
    enrolment = selectors.enrolment_get_for_user(user=_user(request), course=course)
    context = {
        **_context(request),
        "lessons": selectors.course_lessons(course=course),
        "enrolment": enrolment,
        "done": {c.lesson_id for c in enrolment.completions.all()} if enrolment else set(),
    }
    return s.CourseDetailSerializer(course, context=context).data


@extend_schema(tags=["content"])
class CourseDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.CourseDetailSerializer, 404: ErrorSerializer})
    def get(self, request, slug):
        course = selectors.course_get_published(slug=slug)
        return Response(_course_detail(request, course))


@extend_schema(tags=["content"])
class CourseEnrolView(APIView):
    @extend_schema(request=None, responses={200: s.CourseDetailSerializer, **ERRORS})
    def post(self, request, slug):
        course = selectors.course_get_published(slug=slug)
        course_services.course_enrol(user=request.user, course=course)
        return Response(_course_detail(request, course))


@extend_schema(tags=["content"])
class CoursePurchaseView(APIView):
    @extend_schema(
        request=None,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: s.CoursePurchaseStartedSerializer, **ERRORS, **IDEMPOTENCY_RESPONSES},
    )
    @idempotent("content.course.buy")
    def post(self, request, slug):
        """Open billing's checkout for a paid course; paying it enrols the user.

        400 ``content_course_not_for_sale`` (free or plan-only course) or
        ``content_course_owned`` (already bought)."""
        course = selectors.course_get_published(slug=slug)
        checkout = course_services.course_purchase_start(user=request.user, course=course)
        data = {
            "checkout_id": checkout.pk,
            "checkout_url": reverse("billing:checkout", args=[checkout.pk]),
            "amount": checkout.amount,
            "currency": checkout.currency,
            "expires_at": checkout.expires_at,
        }
        return Response(
            s.CoursePurchaseStartedSerializer(data).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["content"])
class LessonCompleteView(APIView):
    @extend_schema(request=None, responses={200: s.CourseDetailSerializer, **ERRORS})
    def post(self, request, slug, lesson_id):
        course = selectors.course_get_published(slug=slug)
        lesson = selectors.lesson_get(course=course, lesson_id=lesson_id)
        enrolment = selectors.enrolment_get_for_user(user=request.user, course=course)
        if enrolment is None:
            raise ValidationError({"course": [_("Join the course first.")]})
        course_services.lesson_complete(enrolment=enrolment, lesson=lesson)
        return Response(_course_detail(request, course))


@extend_schema(tags=["content"])
class EnrolmentListView(APIView):
    @extend_schema(responses={200: s.EnrolmentSerializer(many=True)})
    def get(self, request):
        rows = selectors.enrolment_list_for_user(user=request.user)[:100]
        return Response(s.EnrolmentSerializer(rows, many=True).data)


# --- notices and FAQ ----------------------------------------------------------------------------


@extend_schema(tags=["content"])
@extend_schema_view(get=extend_schema(operation_id="content_notices_list"))
class NoticeListView(ContentPageView):
    permission_classes = [permissions.AllowAny]
    serializer_class = s.AnnouncementSerializer

    def get_queryset(self):
        return selectors.announcement_list_live()


@extend_schema(tags=["content"])
class NoticeDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.AnnouncementSerializer, 404: ErrorSerializer})
    def get(self, request, announcement_id):
        announcement = selectors.announcement_get_live(announcement_id=announcement_id)
        return Response(s.AnnouncementSerializer(announcement).data)


@extend_schema(tags=["content"])
class FaqView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.FaqCategorySerializer(many=True)})
    def get(self, request):
        return Response(
            s.FaqCategorySerializer(selectors.faq_categories_with_entries(), many=True).data
        )


@extend_schema(tags=["content"])
class FaqSearchView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[Q_PARAMETER], responses={200: s.FaqEntrySerializer(many=True)})
    def get(self, request):
        query = (request.query_params.get("q") or "").strip()
        if not query or len(query) > 100:
            raise ValidationError({"q": [_("Type 1 to 100 characters.")]})
        results = selectors.faq_search(query=query)
        if not results:
            faq_services.faq_search_miss_record(query=query, language=selectors.current_language())
        return Response(s.FaqEntrySerializer(results, many=True).data)


@extend_schema(tags=["content"])
class FaqVoteView(APIView):
    @extend_schema(
        request=s.FaqVoteInputSerializer, responses={200: s.FaqEntrySerializer, **ERRORS}
    )
    def post(self, request, entry_id):
        data = s.FaqVoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = selectors.faq_entry_get_active(entry_id=entry_id)
        entry = faq_services.faq_vote(
            user=request.user, entry=entry, helpful=data.validated_data["helpful"]
        )
        return Response(s.FaqEntrySerializer(entry).data)


# --- events -------------------------------------------------------------------------------------


@extend_schema(tags=["content"])
class EventListView(APIView):
    @extend_schema(responses={200: s.EventSerializer(many=True)})
    def get(self, request):
        today = selectors.event_today_for_user(user=request.user)
        return Response(
            s.EventSerializer(selectors.event_list_running(on=today)[:50], many=True).data
        )


@extend_schema(tags=["content"])
class EventDetailView(APIView):
    @extend_schema(responses={200: s.EventDetailSerializer, 404: ErrorSerializer})
    def get(self, request, slug):
        event = selectors.event_get_visible(slug=slug)
        days = selectors.attendance_days_for_user(user=request.user, event=event)
        context = {
            "today": selectors.event_today_for_user(user=request.user),
            "days": [days[d] for d in sorted(days)],
        }
        return Response(s.EventDetailSerializer(event, context=context).data)


@extend_schema(tags=["content"])
class EventCheckInView(APIView):
    @extend_schema(
        request=None,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            200: s.CheckInSerializer,
            201: s.CheckInSerializer,
            **ERRORS,
            **IDEMPOTENCY_RESPONSES,
        },
    )
    @idempotent("content.event.check_in")
    def post(self, request, slug):
        event = selectors.event_get_visible(slug=slug)
        result = event_services.event_check_in(event=event, user=request.user)
        body = {
            "created": result.created,
            "attendance": result.attendance,
            "points": sum(g.points for g in result.grants),
        }
        return Response(
            s.CheckInSerializer(body).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
