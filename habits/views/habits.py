from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import user_local_today
from core.csv import csv_response
from core.exceptions import HaruError, NotFoundError
from core.http import back, or_404, safe_next
from habits import charts, selectors, services
from habits.enums import HabitStatus, LogSource, LogStatus
from habits.forms import CheckInForm, HabitForm, PreferencesForm, VacationForm, apply_error
from habits.models import Habit
from habits.services.checkins import BACKFILL_DAYS
from habits.services.preferences import preferences_get
from habits.services.reminders import reminder_token_read


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard_for_user(user=request.user)
    featured = []
    if not board.has_habits:
        featured = selectors.template_list_featured(limit=6)
    return render(
        request,
        "habits/dashboard.html",
        {
            "board": board,
            "heatmap_svg": charts.heatmap_svg(board.heatmap, weeks=selectors.HEATMAP_WEEKS),
            "trend_svg": charts.trend_svg(board.trend),
            "featured": featured,
            "has_trend": any(p.mood is not None or p.energy is not None for p in board.trend),
        },
    )


@login_required
def habit_list(request: HttpRequest) -> HttpResponse:
    habits = list(selectors.habit_list(user=request.user))
    groups = [
        (HabitStatus.ACTIVE.label, [h for h in habits if h.status == HabitStatus.ACTIVE]),
        (HabitStatus.PAUSED.label, [h for h in habits if h.status == HabitStatus.PAUSED]),
        (HabitStatus.ARCHIVED.label, [h for h in habits if h.status == HabitStatus.ARCHIVED]),
    ]
    return render(request, "habits/habit_list.html", {"groups": groups, "count": len(habits)})


@login_required
@require_http_methods(["GET", "POST"])
def habit_new(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    template = None
    if slug:
        template = or_404(selectors.template_get, slug=slug)
    if request.method == "POST":
        form = HabitForm(request.POST)
        if form.is_valid():
            try:
                habit = services.habit_create(
                    user=request.user, template=template, **form.service_kwargs()
                )
            except HaruError as error:
                apply_error(form, error)
            else:
                messages.success(
                    request, _("“%(name)s” was added. Have a good start!") % {"name": habit.name}
                )
                return redirect("habits:dashboard")
    else:
        form = HabitForm(initial=HabitForm.initial_from(template) if template else None)
    catalogue = []
    if template is None:
        catalogue = selectors.template_catalogue()
    return render(
        request,
        "habits/habit_form.html",
        {"form": form, "template": template, "catalogue": catalogue, "creating": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def habit_edit(request: HttpRequest, pk) -> HttpResponse:
    habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
    if request.method == "POST":
        form = HabitForm(request.POST)
        if form.is_valid():
            try:
                services.habit_update(habit=habit, **form.service_kwargs())
            except HaruError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("habits:detail", pk=habit.pk)
    else:
        form = HabitForm(initial=HabitForm.initial_from(habit))
    return render(request, "habits/habit_form.html", {"form": form, "habit": habit})


def _month_param(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if not 1900 <= year <= 2199:  # year 1 or 9999 overflows the previous/next month
            raise ValueError(value)
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@login_required
def habit_detail(request: HttpRequest, pk) -> HttpResponse:
    habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
    today = user_local_today(user=request.user)
    month = _month_param(request.GET.get("month"), today)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    recent = selectors.habit_recent_logs(habit=habit, limit=10)
    return render(
        request,
        "habits/habit_detail.html",
        {
            "habit": habit,
            "weeks": selectors.habit_month(
                habit=habit, year=month.year, month=month.month, today=today
            ),
            "month": month,
            "previous_month": previous,
            "next_month": following if following <= today.replace(day=1) else None,
            "stats": selectors.habit_statistics(habit=habit, today=today),
            "recent": recent,
            "today": today,
            "checkin_form": CheckInForm(initial={"on_date": today}),
            "earliest": today - timedelta(days=BACKFILL_DAYS),
            "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
    )


def _render_row(request: HttpRequest, habit: Habit) -> HttpResponse:
    """htmx: the habit's row and the summary (out of band), not the whole dashboard."""
    row = selectors.today_row_for_user(user=request.user, habit=habit)
    if row.item is None:
        return HttpResponse("")
    return render(
        request, "habits/_check_in_response.html", {"item": row.item, "summary": row.summary}
    )


@login_required
@require_http_methods(["GET", "POST"])
def habit_check_in(request: HttpRequest, pk) -> HttpResponse:
    """One-tap check-in (htmx or plain form post), and the full form with mood, note, photo.

    A valid post reads the habit once: the service checks ownership as it locks the row."""
    today = user_local_today(user=request.user)
    if request.method == "GET":
        habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
        form = CheckInForm(initial={"on_date": request.GET.get("date") or today})
        return render(
            request,
            "habits/check_in.html",
            {
                "habit": habit,
                "form": form,
                "today": today,
                "earliest": today - timedelta(days=BACKFILL_DAYS),
            },
        )
    form = CheckInForm(request.POST, request.FILES)
    if not form.is_valid() or form.cleaned_data.get("photo"):
        # Before anything is stored (the photo upload, the error page): 404 unless it is hers.
        habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            photos = []
            if data.get("photo"):
                from accounts.services import upload_create

                photos.append(
                    upload_create(
                        owner=request.user,
                        file=data["photo"],
                        context="habit_log",
                        allowed="image",
                    )
                )
            result = services.habit_check_in(
                user=request.user,
                habit_id=pk,
                on_date=data.get("on_date"),
                count=data.get("count"),
                increment=data.get("increment"),
                mood=data.get("mood"),
                energy=data.get("energy"),
                note=data.get("note") or None,
                photos=photos,
                source=LogSource.WEB,
            )
        except NotFoundError as error:
            raise Http404(str(error)) from error
        except HaruError as error:
            apply_error(form, error)
            habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
        else:
            for unlocked in result.unlocked:
                messages.success(
                    request,
                    _("Achievement unlocked: %(name)s") % {"name": unlocked.achievement.name},
                )
            if request.htmx:
                return _render_row(request, result.habit)
            if result.log is not None and result.log.status == LogStatus.DONE:
                messages.success(request, _("Checked in: %(name)s") % {"name": result.habit.name})
            return back(request, reverse("habits:dashboard"))
    if request.htmx:
        response = HttpResponse(
            "; ".join(str(e) for errors in form.errors.values() for e in errors), status=422
        )
        return response
    return render(
        request,
        "habits/check_in.html",
        {
            "habit": habit,
            "form": form,
            "today": today,
            "earliest": today - timedelta(days=BACKFILL_DAYS),
        },
        status=400,
    )


@login_required
@require_POST
def habit_undo(request: HttpRequest, pk) -> HttpResponse:
    habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
    form = CheckInForm(request.POST)
    on_date = form.cleaned_data.get("on_date") if form.is_valid() else None
    try:
        habit = services.habit_check_in_undo(habit=habit, on_date=on_date)
    except HaruError as error:
        messages.error(request, error.message)
    if request.htmx:
        return _render_row(request, habit)
    return back(request, reverse("habits:dashboard"))


@login_required
@require_POST
def habit_skip(request: HttpRequest, pk) -> HttpResponse:
    habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
    form = CheckInForm(request.POST)
    on_date = form.cleaned_data.get("on_date") if form.is_valid() else None
    try:
        services.habit_skip(habit=habit, on_date=on_date)
    except HaruError as error:
        messages.error(request, error.message)
    if request.htmx:
        return _render_row(request, habit)
    return back(request, reverse("habits:dashboard"))


@login_required
@require_POST
def habit_status(request: HttpRequest, pk) -> HttpResponse:
    habit = or_404(selectors.habit_get_for_user, user=request.user, pk=pk)
    target = {
        "pause": HabitStatus.PAUSED,
        "resume": HabitStatus.ACTIVE,
        "archive": HabitStatus.ARCHIVED,
    }.get(request.POST.get("action", ""))
    if target is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            services.habit_set_status(habit=habit, to_status=target, actor=request.user)
        except HaruError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                {
                    HabitStatus.PAUSED: _("Paused. Your streak is frozen until you resume."),
                    HabitStatus.ACTIVE: _("Welcome back! The habit is active again."),
                    HabitStatus.ARCHIVED: _("Archived. You can restore it from your habit list."),
                }[target],
            )
    return back(request, reverse("habits:detail", args=[habit.pk]))


@require_http_methods(["GET", "POST"])
def reminder_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """The link inside a reminder: one button checks the habit off for that day."""
    try:
        habit_id, day = reminder_token_read(token)
    except signing.BadSignature as error:
        raise Http404("expired or invalid link") from error
    # The signed token is the access check here (a reminder link works signed out).
    habit = or_404(selectors.habit_get_by_reminder_token_id, pk=habit_id)
    log = selectors.habit_log_on(habit=habit, day=day)
    error = None
    if request.method == "POST":
        try:
            result = services.habit_check_in(habit=habit, on_date=day, source=LogSource.REMINDER)
            log = result.log
        except HaruError as refused:
            error = refused.message
    return render(
        request,
        "habits/reminder_check_in.html",
        {
            "habit": habit,
            "day": day,
            "log": log,
            "error": error,
            "done": log is not None and log.status == LogStatus.DONE,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacations(request: HttpRequest) -> HttpResponse:
    today = user_local_today(user=request.user)
    if request.method == "POST":
        form = VacationForm(request.POST)
        if form.is_valid():
            try:
                services.vacation_create(user=request.user, **form.cleaned_data)
            except HaruError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Enjoy your time off. Your streaks are frozen."))
                return redirect("habits:vacations")
    else:
        form = VacationForm(initial={"start_date": today, "end_date": today + timedelta(days=3)})
    planned = selectors.vacation_list(user=request.user, ending_after=today - timedelta(days=60))
    return render(
        request, "habits/vacations.html", {"form": form, "vacations": planned, "today": today}
    )


@login_required
@require_POST
def vacation_delete(request: HttpRequest, pk) -> HttpResponse:
    vacation = or_404(selectors.vacation_get_for_user, user=request.user, pk=pk)
    services.vacation_delete(vacation=vacation)
    messages.success(request, _("Vacation removed."))
    return redirect("habits:vacations")


@login_required
def achievements(request: HttpRequest) -> HttpResponse:
    rows = selectors.achievements_for_user(user=request.user)
    preferences = preferences_get(user=request.user)
    return render(
        request,
        "habits/achievements.html",
        {
            "rows": rows,
            "unlocked": sum(1 for _, mine in rows if mine),
            "points": sum(mine.points_earned for _, mine in rows if mine),
            "preferences": preferences,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    preferences = preferences_get(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(safe_next(request, reverse("habits:settings")))
    else:
        form = PreferencesForm(
            initial={
                "gamification_enabled": preferences.gamification_enabled,
                "reminders_enabled": preferences.reminders_enabled,
            }
        )
    return render(request, "habits/settings.html", {"form": form})


@login_required
def export_habits(request: HttpRequest) -> StreamingHttpResponse:
    logs = selectors.habit_logs_for_export(user=request.user)
    header = [
        "date",
        "habit",
        "status",
        "count",
        "target",
        "unit",
        "mood",
        "energy",
        "note",
        "streak",
        "checked_in_at",
    ]
    return csv_response(
        "haru-habits.csv",
        header,
        (
            [
                log.local_date.isoformat(),
                log.habit.name,
                log.status,
                log.count,
                log.target_count,
                log.habit.unit,
                log.mood or "",
                log.energy or "",
                log.note or "",
                log.streak_count,
                log.completed_at.isoformat(),
            ]
            for log in logs
        ),
    )


@login_required
def export_metrics(request: HttpRequest) -> StreamingHttpResponse:
    metrics = selectors.metrics_for_export(user=request.user)
    header = ["recorded_at", "date", "metric", "value", "unit", "source", "device"]
    return csv_response(
        "haru-health-metrics.csv",
        header,
        (
            [
                m.recorded_at.isoformat(),
                m.local_date.isoformat(),
                m.metric_type,
                m.value,
                m.unit,
                m.source,
                m.source_device,
            ]
            for m in metrics
        ),
    )
