"""Diary pages: thin views over services and selectors."""

from __future__ import annotations

import calendar
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import user_local_today
from core.exceptions import HaruError
from core.http import or_404

from . import charts, selectors, services
from .enums import Mood, PeriodType, SlipStatus
from .forms import AttachmentForm, EntryForm, SearchForm, apply_error
from .models import Entry
from .periods import parse_month

PAGE_SIZE = 20


def _entry_or_404(request: HttpRequest, entry_id: int, *, include_trash: bool = False) -> Entry:
    return or_404(
        selectors.entry_get_for_user,
        user=request.user,
        entry_id=entry_id,
        include_trash=include_trash,
    )


def safety_context(saved: services.EntrySaved | None) -> dict:
    """What the crisis/concern panel needs, straight from the save (no worker involved)."""
    if saved is None or saved.assessment.level == "none":
        return {}
    from coaching.safety import resources_for

    resources = tuple(saved.assessment.resources) or resources_for(get_language() or "ko")
    return {"safety_level": saved.assessment.level, "safety_resources": resources}


def _base_context(request: HttpRequest) -> dict:
    return {"slip_status": selectors.slip_status_for(user=request.user), "moods": Mood}


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    month = parse_month(request.GET.get("month"))
    tag = (request.GET.get("tag") or "")[:30]
    qs = selectors.entry_list(user=request.user, month=month, tag=tag)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.entries_open(user=request.user, entries=page.object_list)
    draft = selectors.draft_get(user=request.user, entry=None)
    return render(
        request,
        "diaries/list.html",
        {
            **_base_context(request),
            "page": page,
            "entries": entries,
            "month": month,
            "tag": tag,
            "draft": draft,
            "search_form": SearchForm(),
        },
    )


@login_required
@require_GET
def entry_calendar(request: HttpRequest) -> HttpResponse:
    today = user_local_today(user=request.user)
    month = parse_month(request.GET.get("month")) or today.replace(day=1)
    nxt = (month + datetime.timedelta(days=32)).replace(day=1)
    prev = (month - datetime.timedelta(days=1)).replace(day=1)
    days = selectors.calendar_moods(user=request.user, first=month, end=nxt)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append(
            [
                {
                    "day": day,
                    "in_month": day.month == month.month,
                    "info": days.get(day),
                    "today": day == today,
                }
                for day in week
            ]
        )
    return render(
        request,
        "diaries/calendar.html",
        {
            **_base_context(request),
            "month": month,
            "weeks": weeks,
            "next": nxt if nxt <= today else None,
            "prev": prev,
            "written": len(days),
        },
    )


@login_required
@require_GET
def entry_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    entries, page, query = [], None, ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        page = Paginator(
            selectors.entry_search(user=request.user, query=query), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        entries = selectors.entries_open(user=request.user, entries=page.object_list)
    return render(
        request,
        "diaries/search.html",
        {
            **_base_context(request),
            "search_form": form,
            "entries": entries,
            "page": page,
            "query": query,
        },
    )


def _editor(request: HttpRequest, *, entry: Entry | None) -> HttpResponse:
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if entry is None:
                    saved = services.entry_create(
                        user=request.user,
                        body=data["body"],
                        title=data["title"],
                        written_on=data["written_on"],
                        mood=data["mood"],
                        tags=data["tags"],
                        sealed=data["sealed"],
                    )
                else:
                    saved = services.entry_update(
                        user=request.user,
                        entry=entry,
                        body=data["body"],
                        title=data["title"],
                        written_on=data["written_on"],
                        mood=data["mood"],
                        tags=data["tags"],
                        sealed=data["sealed"],
                    )
            except HaruError as error:
                apply_error(form, error)
            else:
                if saved.assessment.level != "none":
                    # The panel is in this very response: nothing waits for a worker.
                    return _detail(request, entry_id=saved.entry.pk, saved=saved)
                return redirect("diaries:detail", entry_id=saved.entry.pk)
    else:
        draft = selectors.draft_get(user=request.user, entry=entry)
        today = user_local_today(user=request.user)
        if entry is not None:
            initial = {
                "title": entry.title,
                "body": entry.body,
                "mood": entry.mood,
                "written_on": entry.written_on,
                "tags": ", ".join(entry.tags),
                "sealed": entry.sealed,
            }  # type: ignore[attr-defined]
        else:
            initial = {"written_on": today}
        if draft is not None and (draft.body or draft.title):  # type: ignore[attr-defined]
            initial.update(title=draft.title, body=draft.body)  # type: ignore[attr-defined]
        form = EntryForm(initial=initial)
    return render(
        request,
        "diaries/editor.html",
        {
            **_base_context(request),
            "form": form,
            "entry": entry,
            "draft_url": reverse("diaries:draft_entry", args=[entry.pk])
            if entry
            else reverse("diaries:draft"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, entry=None)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _editor(request, entry=_entry_or_404(request, entry_id))


@login_required
@require_POST
def draft_autosave(request: HttpRequest, entry_id: int | None = None) -> HttpResponse:
    entry = _entry_or_404(request, entry_id) if entry_id else None
    services.draft_save(
        user=request.user,
        entry=entry,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "diaries/_draft_saved.html", {})
    return redirect("diaries:edit", entry_id=entry.pk) if entry else redirect("diaries:new")


def _detail(
    request: HttpRequest, *, entry_id: int, saved: services.EntrySaved | None = None
) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    analysis = selectors.analysis_latest_for_entry(user=request.user, entry=entry)
    older = [
        a
        for a in selectors.analysis_list_for_entry(user=request.user, entry=entry)
        if a.status == "done" and (analysis is None or a.pk != analysis.pk)
    ]
    return render(
        request,
        "diaries/detail.html",
        {
            **_base_context(request),
            "entry": entry,
            "analysis": analysis,
            "older_analyses": older,
            "attachment_form": AttachmentForm(),
            **safety_context(saved),
        },
    )


@login_required
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _detail(request, entry_id=entry_id)


@login_required
@require_GET
def entry_analysis(request: HttpRequest, entry_id: int) -> HttpResponse:
    """The analysis panel alone (htmx polls it until the reading is there)."""
    entry = _entry_or_404(request, entry_id)
    analysis = selectors.analysis_latest_for_entry(user=request.user, entry=entry)
    return render(
        request,
        "diaries/_analysis.html",
        {**_base_context(request), "entry": entry, "analysis": analysis},
    )


@login_required
@require_GET
def entry_history(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    versions = selectors.entry_versions(user=request.user, entry=entry)
    return render(
        request,
        "diaries/history.html",
        {**_base_context(request), "entry": entry, "versions": versions},
    )


@login_required
@require_POST
def entry_trash(request: HttpRequest, entry_id: int) -> HttpResponse:
    services.entry_trash(user=request.user, entry=_entry_or_404(request, entry_id))
    return redirect("diaries:list")


@login_required
@require_POST
def entry_restore(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id, include_trash=True)
    services.entry_restore(user=request.user, entry=entry)
    return redirect("diaries:detail", entry_id=entry.pk)


@login_required
@require_POST
def entry_attach(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                user=request.user,
                entry=entry,
                file=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except HaruError as error:
            apply_error(form, error)
    return redirect("diaries:detail", entry_id=entry.pk)


@login_required
@require_GET
def trash(request: HttpRequest) -> HttpResponse:
    qs = selectors.entry_list(user=request.user, trash=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = selectors.entries_open(user=request.user, entries=page.object_list)
    return render(
        request, "diaries/trash.html", {**_base_context(request), "page": page, "entries": entries}
    )


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.report_queryset_for_user(user=request.user).filter(entry_count__gt=0)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "diaries/reports.html",
        {**_base_context(request), "page": page, "period_types": PeriodType},
    )


@login_required
@require_POST
def report_now(request: HttpRequest) -> HttpResponse:
    period_type = request.POST.get("period_type", PeriodType.WEEKLY)
    if period_type not in PeriodType.values:
        period_type = PeriodType.WEEKLY
    report = services.report_generate_current(user=request.user, period_type=period_type)
    return redirect("diaries:report", report_id=report.pk)


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = or_404(selectors.report_get_for_user, user=request.user, report_id=report_id)
    return render(
        request,
        "diaries/report.html",
        {
            **_base_context(request),
            "report": report,
            "waveform_svg": charts.waveform_svg(
                report.stats.get("waveform", []), title=_("How your days felt")
            ),
            "emotions_svg": charts.emotion_bars_svg(report.stats.get("emotions", {})),
            "habits_svg": charts.habit_bars_svg(
                report.stats.get("habits", {}).get("by_day", []), report.stats.get("waveform", [])
            ),
            "is_slipped": selectors.slip_status_for(user=request.user) == SlipStatus.SLIPPED,
        },
    )
