"""Practitioners' read side: the directory, profiles, and bookings as each person may see them.

Object access goes through ``*_get_for_user`` functions, which raise ``DoesNotExist`` for an
object the user may not see (views turn that into a 404 with ``core.http.or_404``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.db.models import (
    Exists,
    F,
    FloatField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.exceptions import NotFoundError
from practitioners.enums import OCCUPYING_STATUSES, ApplicationStatus, BookingStatus, SeatStatus
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

if TYPE_CHECKING:
    from accounts.models import User


_M = TypeVar("_M", bound=Model)


def _get(queryset: QuerySet[_M], **lookup) -> _M:
    """The one row the lookup names within ``queryset``; NotFoundError (404) otherwise,
    also for a malformed id."""
    try:
        found = queryset.filter(**lookup).first()
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise NotFoundError(f"{queryset.model._meta.verbose_name} not found")
    return found


@dataclass
class DirectoryFilters:
    q: str = ""
    specialization: str = ""  # slug
    category: str = ""  # slug
    type: str = ""
    language: str = ""
    session_type: str = ""
    price_max: int | None = None
    price_min: int | None = None
    rating_min: float | None = None
    available_within_days: int | None = None
    verified_only: bool = False
    sort: str = "relevance"  # relevance | rating | price | experience
    extra: dict = field(default_factory=dict)


def _directory_base() -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(status=ApplicationStatus.APPROVED, is_listed=True)


def practitioner_directory(*, filters: DirectoryFilters) -> QuerySet[Practitioner]:
    """Approved, listed practitioners matching ``filters``, best first.

    Search: English full text (stemmed, weighted names > headline > bio) and trigram word
    similarity over the Korean/English search text (Korean has no stemmer in PostgreSQL, and
    trigrams also forgive typos in names). The rank mixes both, then rating and reviews.
    Available within N days: the practitioner has weekly hours or an open date override, no
    closed-all-day override covering every day, and is not fully booked — approximated in SQL
    by "has an active rule or an open override in the window"; the profile's slot list is exact.
    """
    qs = _directory_base()
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.language:
        qs = qs.filter(languages__contains=[filters.language])
    if filters.session_type:
        qs = qs.filter(session_types__contains=[filters.session_type])
    if filters.specialization:
        qs = qs.filter(
            Exists(
                PractitionerSpecialization.objects.filter(
                    practitioner=OuterRef("pk"), specialization__slug=filters.specialization
                )
            )
        )
    if filters.category:
        qs = qs.filter(
            Exists(
                PractitionerSpecialization.objects.filter(
                    practitioner=OuterRef("pk"), specialization__category__slug=filters.category
                )
            )
        )
    if filters.price_max is not None:
        qs = qs.filter(
            Exists(
                Service.objects.filter(
                    practitioner=OuterRef("pk"), is_active=True, price__lte=filters.price_max
                )
            )
        )
    if filters.price_min is not None:
        qs = qs.filter(
            Exists(
                Service.objects.filter(
                    practitioner=OuterRef("pk"), is_active=True, price__gte=filters.price_min
                )
            )
        )
    if filters.rating_min is not None:
        qs = qs.filter(rating_average__gte=filters.rating_min, rating_count__gt=0)
    if filters.verified_only:
        qs = qs.filter(is_verified=True)
    if filters.available_within_days:
        today = timezone.localdate()
        until = today + timedelta(days=filters.available_within_days)
        qs = qs.filter(
            Exists(Service.objects.filter(practitioner=OuterRef("pk"), is_active=True))
        ).filter(
            Exists(AvailabilityRule.objects.filter(practitioner=OuterRef("pk"), is_active=True))
            | Exists(
                DateOverride.objects.filter(
                    practitioner=OuterRef("pk"),
                    is_unavailable=False,
                    date__gte=today,
                    date__lte=until,
                )
            )
        )
    q = filters.q.strip()
    if q:
        query = SearchQuery(q, config="english", search_type="websearch")
        qs = qs.annotate(
            text_rank=Coalesce(SearchRank(F("search_vector"), query), Value(0.0)),
            trigram=TrigramWordSimilarity(q.lower(), "search_text"),
        ).filter(
            # each branch can use an index: GIN over the vector, GIN trigram for %> and LIKE
            Q(search_vector=query)
            | Q(search_text__trigram_word_similar=q.lower())
            | Q(search_text__contains=q.lower())
        )
        qs = qs.annotate(
            relevance=Greatest(F("text_rank"), F("trigram"), output_field=FloatField())
        )
    else:
        qs = qs.annotate(relevance=Value(0.0, output_field=FloatField()))
    order = {
        "rating": ("-rating_average", "-rating_count", "display_name"),
        "price": ("fee_min", "display_name"),
        "experience": ("-years_experience", "display_name"),
    }.get(
        filters.sort,
        ("-relevance", "-is_verified", "-rating_average", "-review_count", "display_name"),
    )
    return qs.order_by(*order)


def directory_page_prefetch(qs: QuerySet[Practitioner]) -> QuerySet[Practitioner]:
    """What a directory card shows, in a fixed number of queries."""
    return qs.select_related("photo").prefetch_related(
        Prefetch(
            "specialization_links",
            queryset=PractitionerSpecialization.objects.select_related("specialization").order_by(
                "specialization__sort_order"
            ),
        ),
        Prefetch("services", queryset=Service.objects.filter(is_active=True)),
    )


def practitioner_get_public(*, slug: str) -> Practitioner:
    return _get(directory_page_prefetch(_directory_base()), slug=slug)


def practitioner_get_for_user(*, user: User) -> Practitioner:
    """The signed-in user's own practitioner profile (any status)."""
    return _get(Practitioner.objects.all(), user=user)


def specialization_list() -> QuerySet[Specialization]:
    return Specialization.objects.filter(is_active=True).select_related("category")


def service_list_public(*, practitioner: Practitioner) -> QuerySet[Service]:
    return Service.objects.filter(practitioner=practitioner, is_active=True)


def service_get_public(*, service_id) -> Service:
    return _get(
        Service.objects.select_related("practitioner").filter(
            is_active=True,
            practitioner__status=ApplicationStatus.APPROVED,
            practitioner__is_listed=True,
        ),
        pk=service_id,
    )


# --- bookings ------------------------------------------------------------------------------------


def _booking_rows() -> QuerySet[Booking]:
    return Booking.objects.select_related("service", "practitioner", "practitioner__user")


def booking_list_for_client(*, user: User, upcoming: bool | None = None) -> QuerySet[Booking]:
    """Bookings the user holds a seat in (held, confirmed or cancelled), soonest first."""
    seats = BookingParticipant.objects.filter(user=user)
    qs = _booking_rows().filter(Exists(seats.filter(booking=OuterRef("pk"))))
    qs = qs.prefetch_related(
        Prefetch("participants", queryset=seats, to_attr="my_seats"),
    )
    now = timezone.now()
    if upcoming is True:
        qs = qs.filter(
            ends_at__gte=now, status__in=[*OCCUPYING_STATUSES, BookingStatus.IN_PROGRESS]
        ).order_by("starts_at")
    elif upcoming is False:
        qs = qs.exclude(
            ends_at__gte=now, status__in=[*OCCUPYING_STATUSES, BookingStatus.IN_PROGRESS]
        ).order_by("-starts_at")
    return qs


def booking_get_for_client(*, user: User, booking_id) -> Booking:
    return _get(booking_list_for_client(user=user), pk=booking_id)


def seat_get_for_client(*, user: User, booking_id) -> BookingParticipant:
    """The user's seat in a booking, the live one first (a rebooked seat after a cancel)."""
    return _get(
        BookingParticipant.objects.select_related("booking__service", "booking__practitioner")
        .filter(user=user)
        .order_by(F("cancelled_at").asc(nulls_first=True), "-created_at"),
        booking_id=booking_id,
    )


def booking_list_for_practitioner(
    *, practitioner: Practitioner, start=None, end=None, statuses=None
) -> QuerySet[Booking]:
    qs = (
        _booking_rows()
        .filter(practitioner=practitioner)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=BookingParticipant.objects.filter(
                    status__in=[SeatStatus.HELD, SeatStatus.CONFIRMED]
                ).select_related("user"),
                to_attr="active_seats",
            )
        )
    )
    if start is not None:
        qs = qs.filter(ends_at__gt=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("starts_at")


def booking_get_for_practitioner(*, user: User, booking_id) -> Booking:
    return _get(
        booking_list_for_practitioner(practitioner=practitioner_get_for_user(user=user)),
        pk=booking_id,
    )


def booking_get_for_participant_or_practitioner(*, user: User, booking_id) -> Booking:
    """A booking its client (a seat holder) or its practitioner may see."""
    return _get(
        _booking_rows().filter(
            Q(practitioner__user=user)
            | Exists(BookingParticipant.objects.filter(booking=OuterRef("pk"), user=user))
        ),
        pk=booking_id,
    )


def reschedule_list_for_booking(*, booking: Booking) -> QuerySet[RescheduleRequest]:
    return booking.reschedule_requests.select_related("requested_by").order_by("-created_at")


def waitlist_for_user(*, user: User) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(user=user)
        .select_related("service", "practitioner")
        .order_by("-created_at")
    )


def availability_for(*, practitioner: Practitioner) -> dict:
    return {
        "rules": list(AvailabilityRule.objects.filter(practitioner=practitioner)),
        "overrides": list(
            DateOverride.objects.filter(
                practitioner=practitioner, date__gte=timezone.localdate() - timedelta(days=1)
            )
        ),
        "blocked": list(
            BlockedTime.objects.filter(practitioner=practitioner).filter(
                Q(ends_at__gte=timezone.now()) | ~Q(rrule="")
            )
        ),
    }


def verification_queue() -> QuerySet[Practitioner]:
    return Practitioner.objects.filter(
        status__in=[ApplicationStatus.APPLIED, ApplicationStatus.MORE_INFO_REQUESTED]
    ).order_by("created_at")
