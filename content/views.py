"""Pages: thin views over services and selectors (Korean first, English second)."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from billing import entitlements
from content import selectors
from content.enums import LISTENING_KINDS, CourseAccess, ItemKind
from content.selectors import current_language, translation_for
from content.services import courses as course_services
from content.services import events as event_services
from content.services import faq as faq_services
from content.services import library as library_services
from content.services import notices as notice_services
from core.analytics import SEARCH, track
from core.exceptions import HaruError
from core.http import back, or_404
from core.idempotency import idempotent_view

PAGE_SIZE = 20


def _cards(items) -> list[dict]:
    """Items with the translation in the reader's language (prefetched: no extra query)."""
    language = current_language()
    return [{"item": item, "text": translation_for(item, language)} for item in items]


def _show_error(request: HttpRequest, error: HaruError) -> None:
    messages.error(request, error.message)


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    home = selectors.library_home(user=request.user)
    sections = [
        ("newest", _cards(home["newest"])),
        ("popular", _cards(home["popular"])),
        ("meditations", _cards(home["meditations"])),
        ("guides", _cards(home["guides"])),
    ]
    language = current_language()
    continue_cards = [
        {"item": p.item, "text": translation_for(p.item, language), "progress": p}
        for p in home["continue"]
    ]
    return render(
        request,
        "content/library.html",
        {"sections": sections, "continue_cards": continue_cards, "kinds": ItemKind.choices},
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    results = selectors.item_search(query=query) if query else []
    if query:
        track(
            SEARCH,
            user_id=request.user.pk if request.user.is_authenticated else None,
            properties={"where": "library", "results": len(results)},
        )
    return render(request, "content/search.html", {"query": query, "cards": _cards(results)})


@require_GET
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ItemKind.values:
        raise Http404
    page = Paginator(selectors.item_list_published(kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "content/item_list.html",
        {"kind": ItemKind(kind), "page": page, "cards": _cards(page.object_list)},
    )


@require_GET
def item_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = or_404(selectors.item_get_published, slug=slug)
    text = translation_for(item)
    can_open = selectors.item_can_open(user=request.user, item=item)
    if can_open:
        library_services.item_record_view(item=item, user=request.user)
    upgrade_url, upgrade_label = entitlements.upgrade_link()
    user = request.user if request.user.is_authenticated else None
    return render(
        request,
        "content/item_detail.html",
        {
            "item": item,
            "text": text,
            "can_open": can_open,
            "upgrade_url": upgrade_url,
            "upgrade_label": upgrade_label,
            "upgrade_hint": entitlements.upgrade_hint(selectors.PREMIUM_FEATURE),
            "is_listening": item.kind in LISTENING_KINDS,
            "reactions": selectors.reactions_for_user(user=user, item=item),
            "progress": selectors.progress_get_for_user(user=user, item=item) if user else None,
            "related": _cards(selectors.item_list_related(item=item)),
            "absolute_url": request.build_absolute_uri(),
        },
    )


@login_required
@require_POST
def item_react(request: HttpRequest, slug: str) -> HttpResponse:
    item = or_404(selectors.item_get_published, slug=slug)
    kind = request.POST.get("kind", "")
    if kind == "share":
        library_services.item_record_share(item=item)
    else:
        try:
            library_services.reaction_set(
                user=request.user, item=item, kind=kind, on=request.POST.get("on") != "0"
            )
        except HaruError as error:
            _show_error(request, error)
    return back(request, reverse("content:item", args=[item.slug]))


@login_required
@require_POST
def item_progress(request: HttpRequest, slug: str) -> HttpResponse:
    item = or_404(selectors.item_get_published, slug=slug)
    try:
        percent = int(request.POST.get("percent", ""))
        library_services.progress_save(user=request.user, item=item, percent=percent)
    except ValueError:
        messages.error(request, _("Progress is a percentage."))
    except HaruError as error:
        _show_error(request, error)
    return back(request, reverse("content:item", args=[item.slug]))


@login_required
@require_GET
def bookmarks(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.bookmark_list_for_user(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "content/bookmarks.html", {"page": page, "cards": _cards(page.object_list)}
    )


# --- courses ------------------------------------------------------------------------------------


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    courses = list(selectors.course_list_published()[:50])
    enrolments = (
        {e.course_id: e for e in selectors.enrolment_list_for_user(user=request.user)}
        if request.user.is_authenticated
        else {}
    )
    return render(
        request,
        "content/course_list.html",
        {"rows": [(course, enrolments.get(course.pk)) for course in courses]},
    )


@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = or_404(selectors.course_get_published, slug=slug)
    lessons = selectors.course_lessons(course=course)
    enrolment = selectors.enrolment_get_for_user(user=request.user, course=course)
    done = {c.lesson_id for c in enrolment.completions.all()} if enrolment else set()
    language = current_language()
    rows = [
        {
            "lesson": lesson,
            "done": lesson.pk in done,
            "items": [
                {"item": li.item, "text": translation_for(li.item, language)}
                for li in lesson.lesson_items.all()
            ],
        }
        for lesson in lessons
    ]
    percent = round(100 * len(done) / len(lessons)) if lessons else 0
    upgrade_url, upgrade_label = entitlements.upgrade_link()
    can_join = course_services.course_can_join(user=request.user, course=course)
    if enrolment is not None and not can_join:
        enrolment = None  # a refunded purchase or a lapsed plan: the course is closed again
    return render(
        request,
        "content/course_detail.html",
        {
            "course": course,
            "rows": rows,
            "enrolment": enrolment,
            "percent": percent,
            "can_join": can_join,
            "can_buy": course.access == CourseAccess.PAID and not can_join,
            "upgrade_url": upgrade_url,
            "upgrade_label": upgrade_label,
        },
    )


@login_required
@require_POST
def course_enrol(request: HttpRequest, slug: str) -> HttpResponse:
    course = or_404(selectors.course_get_published, slug=slug)
    try:
        course_services.course_enrol(user=request.user, course=course)
        messages.success(request, _("You joined the course."))
    except HaruError as error:
        _show_error(request, error)
    return redirect("content:course", slug=course.slug)


@login_required
@require_POST
@idempotent_view("content.course.buy", fallback="content:courses")
def course_buy(request: HttpRequest, slug: str) -> HttpResponse:
    """Open billing's checkout for a paid course; the checkout brings the user back here."""
    course = or_404(selectors.course_get_published, slug=slug)
    try:
        checkout = course_services.course_purchase_start(user=request.user, course=course)
    except HaruError as error:
        _show_error(request, error)
        return redirect("content:course", slug=course.slug)
    return redirect("billing:checkout", pk=checkout.pk)


@login_required
@require_POST
def lesson_done(request: HttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    course = or_404(selectors.course_get_published, slug=slug)
    lesson = or_404(selectors.lesson_get, course=course, lesson_id=lesson_id)
    enrolment = selectors.enrolment_get_for_user(user=request.user, course=course)
    if enrolment is None:
        messages.error(request, _("Join the course first."))
        return redirect("content:course", slug=course.slug)
    enrolment = course_services.lesson_complete(enrolment=enrolment, lesson=lesson)
    if enrolment.completed_at:
        return redirect("content:certificate", slug=course.slug)
    return redirect("content:course", slug=course.slug)


@login_required
@require_GET
def certificate(request: HttpRequest, slug: str) -> HttpResponse:
    course = or_404(selectors.course_get_published, slug=slug)
    enrolment = or_404(selectors.enrolment_get_certificate, user=request.user, course=course)
    return render(request, "content/certificate.html", {"enrolment": enrolment, "course": course})


# --- notices ------------------------------------------------------------------------------------


@require_GET
def notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.announcement_list_live(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "content/notices.html", {"page": page})


@require_GET
def notice(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = or_404(selectors.announcement_get_live, announcement_id=announcement_id)
    if request.user.is_authenticated:
        notice_services.announcement_mark_seen(user=request.user, announcement=announcement)
    return render(request, "content/notice.html", {"announcement": announcement})


# --- FAQ ----------------------------------------------------------------------------------------


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    results = None
    if query:
        results = selectors.faq_search(query=query)
        if not results:
            faq_services.faq_search_miss_record(query=query, language=current_language())
    return render(
        request,
        "content/faq.html",
        {
            "query": query,
            "results": results,
            "categories": selectors.faq_categories_with_entries() if results is None else [],
        },
    )


@login_required
@require_POST
def faq_vote(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = or_404(selectors.faq_entry_get_active, entry_id=entry_id)
    faq_services.faq_vote(
        user=request.user, entry=entry, helpful=request.POST.get("helpful") == "1"
    )
    messages.success(request, _("Thank you for telling us."))
    return back(request, reverse("content:faq") + f"#faq-{entry.pk}")


# --- events -------------------------------------------------------------------------------------


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    today = selectors.event_today_for_user(user=request.user)
    return render(
        request,
        "content/events.html",
        {"events": list(selectors.event_list_running(on=today)), "today": today},
    )


def _month_grid(year: int, month: int, stamped: set[date], event) -> list[list[dict | None]]:
    weeks = []
    for week in calendar.Calendar(firstweekday=6).monthdatescalendar(year, month):
        weeks.append(
            [
                {"day": day, "stamped": day in stamped, "in_event": event.runs_on(day)}
                if day.month == month
                else None
                for day in week
            ]
        )
    return weeks


@login_required
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = or_404(selectors.event_get_visible, slug=slug)
    today = selectors.event_today_for_user(user=request.user)
    days = selectors.attendance_days_for_user(user=request.user, event=event)
    latest = days[max(days)] if days else None
    return render(
        request,
        "content/event_detail.html",
        {
            "event": event,
            "today": today,
            "checked_today": today in days,
            "open_today": event.runs_on(today),
            "weeks": _month_grid(today.year, today.month, set(days), event),
            "streak": latest.streak if latest and latest.local_date >= today.replace(day=1) else 0,
            "total": len(days),
            "rewards": list(event.rewards.all()),
        },
    )


@login_required
@require_POST
def event_check_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = or_404(selectors.event_get_visible, slug=slug)
    try:
        result = event_services.event_check_in(event=event, user=request.user)
        if result.created:
            points = sum(g.points for g in result.grants)
            if points:
                messages.success(
                    request, _("Stamped! You earned %(points)d points.") % {"points": points}
                )
            else:
                messages.success(request, _("Stamped!"))
        else:
            messages.info(request, _("You already checked in today."))
    except HaruError as error:
        _show_error(request, error)
    return redirect("content:event", slug=event.slug)
