"""The console home's data and the report pages (each with a CSV export through core.csv)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.csv import csv_response
from core.money import format_money
from ops_admin import selectors
from ops_admin.charts import sparkline
from ops_admin.kpis import KpiTile, kpi_tiles, kpis
from ops_admin.queues import work_queues
from ops_admin.services.analytics import funnel, platform_today, search_report
from ops_admin.services.logs import endpoint_stats


def format_kpi(unit: str, value: int | None) -> str:
    if value is None:
        return "—"
    if unit == "krw":
        return format_money(value, "KRW")
    if unit == "bp":
        return f"{value / 100:.1f}%"
    if unit == "micro_usd":
        return f"${value / 1_000_000:,.2f}"
    return intcomma(value)


@dataclass(frozen=True)
class TileView:
    key: str
    label: str
    value: str
    change: str
    trend: str  # "up" | "down" | "flat" | ""
    good: bool | None
    chart: str


def tile_view(tile: KpiTile) -> TileView:
    value, previous = tile.value, tile.previous
    change, trend, good = "", "", None
    if value is not None and previous is not None:
        delta = value - previous
        trend = "up" if delta > 0 else "down" if delta < 0 else "flat"
        sign = "+" if delta > 0 else "-" if delta < 0 else "±"
        if tile.kpi.unit == "bp":  # a change of a rate is in percentage points
            change = f"{sign}{abs(delta) / 100:.1f}%p"
        else:
            change = sign + format_kpi(tile.kpi.unit, abs(delta))
        if delta:
            good = (delta > 0) == tile.kpi.higher_is_better
    return TileView(
        key=tile.kpi.key,
        label=str(tile.kpi.label),
        value=format_kpi(tile.kpi.unit, value),
        change=change,
        trend=trend,
        good=good,
        chart=sparkline(tile.series, label=str(tile.kpi.label)),
    )


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    """Everything the home shows, each part a fixed number of queries (rollups, not raw rows)."""
    user = request.user
    context: dict[str, Any] = {"ops_today": platform_today()}
    if user.has_perm("ops_admin.view_dailykpi"):
        context["ops_tiles"] = [tile_view(t) for t in kpi_tiles(today=context["ops_today"])]
    if user.has_perm("ops_admin.view_apilog"):
        context["ops_endpoints"] = endpoint_stats(
            since=timezone.now() - dt.timedelta(hours=24), limit=8
        )
    if user.has_perm("ops_admin.view_errorgroup"):
        context["ops_errors"] = selectors.error_groups_open(limit=5)
    if user.has_perm("ops_admin.view_retentionrun"):
        context["ops_retention"] = selectors.retention_runs_recent(limit=6)
    context["ops_queues"] = work_queues(user)
    return context


# --- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    header: Sequence[str | Promise]
    rows: list[list[Any]]  # raw values (CSV)
    display: list[list[Any]] | None = None  # formatted values (page); defaults to rows


@dataclass(frozen=True)
class Report:
    key: str
    title: str | Promise
    group: str
    permission: str
    build: Callable[[HttpRequest], Table]
    description: str | Promise = ""
    filters: Sequence[tuple[str, Sequence[tuple[str, str | Promise]]]] = ()

    @property
    def url_name(self) -> str:
        return f"ops_report_{self.key}"

    def view(self, site: Any) -> Callable[[HttpRequest], HttpResponse]:
        def report_view(request: HttpRequest) -> HttpResponse:
            if not request.user.has_perm(self.permission):
                raise PermissionDenied
            table = self.build(request)
            if request.GET.get("format") == "csv":
                return csv_response(
                    f"haru-{self.key}-{platform_today():%Y%m%d}.csv",
                    [str(h) for h in table.header],
                    table.rows,
                )
            query = request.GET.copy()
            query["format"] = "csv"
            filters = [
                (
                    str(name),
                    [
                        (value, str(label), request.GET.get(name, options[0][0]) == value)
                        for value, label in options
                    ],
                )
                for name, options in self.filters
            ]
            return TemplateResponse(
                request,
                "ops_admin/report.html",
                {
                    **site.each_context(request),
                    "title": self.title,
                    "report": self,
                    "header": table.header,
                    "rows": table.display if table.display is not None else table.rows,
                    "csv_query": query.urlencode(),
                    "filters": filters,
                },
            )

        return report_view


def _days(request: HttpRequest, default: int = 30) -> int:
    try:
        return max(1, min(365, int(request.GET.get("days", default))))
    except ValueError:
        return default


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def kpi_history(request: HttpRequest) -> Table:
    from ops_admin.models import DailyKpi

    days = _days(request, 30)
    first = platform_today() - dt.timedelta(days=days - 1)
    registered = kpis()
    values: dict[dt.date, dict[str, int | None]] = {}
    for day, key, value in DailyKpi.objects.filter(day__gte=first).values_list(
        "day", "key", "value"
    ):
        values.setdefault(day, {})[key] = value
    header = [gettext("Day"), *[str(k.label) for k in registered]]
    ordered = sorted(values, reverse=True)
    rows = [[day.isoformat(), *[values[day].get(k.key) for k in registered]] for day in ordered]
    display = [
        [day.isoformat(), *[format_kpi(k.unit, values[day].get(k.key)) for k in registered]]
        for day in ordered
    ]
    return Table(header, rows, display)


def funnel_table(request: HttpRequest) -> Table:
    days = _days(request, 90)
    until = timezone.now()
    steps = funnel(since=until - dt.timedelta(days=days), until=until)
    header = [
        gettext("Step"),
        gettext("Users"),
        gettext("From the previous step"),
        gettext("From sign-up"),
    ]
    rows = [[s.label, s.users, s.of_previous, s.of_first] for s in steps]
    display = [
        [s.label, intcomma(s.users), _percent(s.of_previous), _percent(s.of_first)] for s in steps
    ]
    return Table(header, rows, display)


def search_table(request: HttpRequest) -> Table:
    days = _days(request, 30)
    until = timezone.now()
    found = search_report(
        since=until - dt.timedelta(days=days),
        until=until,
        zero_only=request.GET.get("zero") == "1",
    )
    header = [
        gettext("Query"),
        gettext("Where"),
        gettext("Searches"),
        gettext("No results"),
        gettext("Average results"),
    ]
    rows = [[r.query, r.scope, r.searches, r.zero_results, round(r.avg_results, 1)] for r in found]
    return Table(header, rows)


def endpoints_table(request: HttpRequest) -> Table:
    hours = {"1": 1, "24": 24, "168": 168}.get(request.GET.get("hours", "24"), 24)
    stats = endpoint_stats(since=timezone.now() - dt.timedelta(hours=hours), limit=200)
    header = [
        gettext("Method"),
        gettext("Endpoint"),
        gettext("Calls (estimated)"),
        "p50 (ms)",
        "p95 (ms)",
        gettext("Server errors"),
        gettext("Client errors"),
    ]
    rows = [
        [
            s.method,
            s.endpoint,
            s.calls,
            round(s.p50_ms),
            round(s.p95_ms),
            round(s.error_rate, 4),
            round(s.client_error_rate, 4),
        ]
        for s in stats
    ]
    display = [
        [
            s.method,
            s.endpoint,
            intcomma(s.calls),
            round(s.p50_ms),
            round(s.p95_ms),
            _percent(s.error_rate),
            _percent(s.client_error_rate),
        ]
        for s in stats
    ]
    return Table(header, rows, display)


def cohorts_table(request: HttpRequest) -> Table:
    from ops_admin.models import Cohort

    header = [gettext("Cohort"), gettext("Rules"), gettext("Members"), gettext("Refreshed at")]
    cohorts = list(Cohort.objects.order_by("name"))
    rows = [
        [c.name, c.rules, c.member_count, c.refreshed_at.isoformat() if c.refreshed_at else ""]
        for c in cohorts
    ]
    display = [
        [
            c.name,
            ", ".join(f"{k}={v}" for k, v in c.rules.items()),
            intcomma(c.member_count),
            timezone.localtime(c.refreshed_at).strftime("%Y-%m-%d %H:%M")
            if c.refreshed_at
            else "—",
        ]
        for c in cohorts
    ]
    return Table(header, rows, display)


DAY_FILTER = ("days", (("30", _("30 days")), ("7", _("7 days")), ("90", _("90 days"))))

REPORTS = [
    Report(
        key="kpis",
        title=_("KPI history"),
        group="system",
        permission="ops_admin.view_dailykpi",
        build=kpi_history,
        description=_("The daily rollup behind the home's tiles (Korean days)."),
        filters=[DAY_FILTER],
    ),
    Report(
        key="funnel",
        title=_("Funnel"),
        group="system",
        permission="ops_admin.view_dailykpi",
        build=funnel_table,
        description=_(
            "Users who signed up in the period and allow usage analytics: sign-up, first "
            "habit, 7-day streak, subscription."
        ),
        filters=[("days", (("90", _("90 days")), ("30", _("30 days")), ("365", _("1 year"))))],
    ),
    Report(
        key="cohorts",
        title=_("Cohort sizes"),
        group="system",
        permission="ops_admin.view_cohort",
        build=cohorts_table,
        description=_("Groups of users defined by rules, refreshed every night."),
    ),
    Report(
        key="search",
        title=_("Search analytics"),
        group="system",
        permission="ops_admin.view_analyticsevent",
        build=search_table,
        description=_("What people search for, and which searches find nothing."),
        filters=[DAY_FILTER, ("zero", (("", _("All queries")), ("1", _("No results only"))))],
    ),
    Report(
        key="endpoints",
        title=_("API latency and errors"),
        group="system",
        permission="ops_admin.view_apilog",
        build=endpoints_table,
        description=_("Per endpoint, from the sampled API log; errors are always logged."),
        filters=[("hours", (("24", _("24 hours")), ("1", _("1 hour")), ("168", _("7 days"))))],
    ),
]
