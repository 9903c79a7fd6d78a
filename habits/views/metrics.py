from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import user_local_today
from core.exceptions import HaruError
from core.http import or_404
from habits import charts, selectors, services
from habits.enums import IntegrationProvider
from habits.forms import GoalForm, MetricForm, apply_error
from habits.metric_types import METRICS

SPARK_DAYS = 30


@login_required
@require_http_methods(["GET", "POST"])
def metrics(request: HttpRequest) -> HttpResponse:
    today = user_local_today(user=request.user)
    form = MetricForm(prefix="m")
    goal_form = GoalForm(prefix="g")
    if request.method == "POST" and "m-metric_type" in request.POST:
        form = MetricForm(request.POST, prefix="m")
        if form.is_valid():
            try:
                metric = services.metric_record(user=request.user, **form.cleaned_data)
            except HaruError as error:
                apply_error(form, error)
            else:
                messages.success(
                    request,
                    _("Saved %(metric)s: %(value)s %(unit)s")
                    % {
                        "metric": metric.spec.label,
                        "value": metric.value.normalize(),
                        "unit": metric.unit,
                    },
                )
                return redirect("habits:metrics")
    elif request.method == "POST":
        goal_form = GoalForm(request.POST, prefix="g")
        if goal_form.is_valid():
            try:
                services.goal_set(user=request.user, start_date=today, **goal_form.cleaned_data)
            except HaruError as error:
                apply_error(goal_form, error)
            else:
                messages.success(request, _("Goal saved."))
                return redirect("habits:metrics")

    start = today - timedelta(days=SPARK_DAYS - 1)
    series = selectors.metric_daily_series_all(
        user=request.user, start=start, end=today + timedelta(days=1)
    )
    values = selectors.metric_day_values(user=request.user, day=today, metric_types=series)
    cards = []
    for key, points in series.items():
        spec = METRICS[key]
        cards.append(
            {
                "spec": spec,
                "today": values.get(key),
                "latest": points[-1][1] if points else None,
                "svg": charts.sparkline_svg(points, label=str(spec.label)),
            }
        )
    return render(
        request,
        "habits/metrics.html",
        {
            "form": form,
            "goal_form": goal_form,
            "cards": cards,
            "goals": selectors.goal_progress(user=request.user, today=today),
            "recent": selectors.metric_list(user=request.user)[:15],
            "units": {key: spec.unit for key, spec in METRICS.items()},
            "integrations": selectors.integration_list(user=request.user),
            "providers": IntegrationProvider.choices,
        },
    )


@login_required
@require_POST
def goal_end(request: HttpRequest, pk) -> HttpResponse:
    goal = or_404(selectors.goal_get_for_user, user=request.user, pk=pk)
    services.goal_deactivate(goal=goal)
    messages.success(request, _("Goal ended."))
    return redirect("habits:metrics")


@login_required
@require_POST
def integration_disconnect(request: HttpRequest, provider: str) -> HttpResponse:
    try:
        services.integration_disconnect(user=request.user, provider=provider)
    except HaruError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Disconnected. Data already synced stays in Haru."))
    return redirect("habits:metrics")
