"""The insights pages: an overview, one page per dashboard (with CSV export of each table) and a
printable report of all three. Staff only; the filters live in the query string, so every view
of a dashboard is a link, and the filter form swaps the dashboard in place with htmx (or reloads
the page without JavaScript)."""

from __future__ import annotations

import csv
import dataclasses
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crowdservice.community.models import Space
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required
from crowdservice.insights.access import require_insights_viewer
from crowdservice.insights.dashboards import DASHBOARDS, Dashboard, Table, headlines
from crowdservice.insights.filters import PRESETS, Filters, parse_filters
from crowdservice.insights.queries import first_data_day

TITLES = {"community": "Community health", "support": "Support", "deflection": "Deflection"}


def _form_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "presets": PRESETS,
        "spaces": list(Space.objects.order_by("position", "name").values_list("slug", "name")),
        "params": request.GET,
    }


def _filters_or_errors(request: HttpRequest) -> tuple[Filters | None, dict[str, list[str]]]:
    try:
        filters = parse_filters(request.GET)
    except ValidationFailed as exc:
        return None, exc.errors
    first = first_data_day()
    if first is not None and filters.start < first:
        notice = f"The roll-ups start on {first}; earlier days show no activity."
        filters = dataclasses.replace(filters, notices=(*filters.notices, notice))
    return filters, {}


def _csv(dashboard: Dashboard, table: Table) -> HttpResponse:
    f = dashboard.filters
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    space = f"-{f.space_slug}" if f.space_slug else ""
    name = f"insights-{dashboard.key}-{table.key}-{f.start}-{f.end}{space}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(table.csv_header())
    for row in table.csv_rows():
        writer.writerow([_cell(v) for v in row])
    return response


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is quoted with a '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _render_dashboard(request: HttpRequest, key: str) -> HttpResponse:
    filters, errors = _filters_or_errors(request)
    dashboard = DASHBOARDS[key](filters) if filters is not None else None
    if dashboard is not None and request.GET.get("format") == "csv":
        table = dashboard.table(request.GET.get("table", ""))
        if table is None:
            names = ", ".join(p.table.key for p in dashboard.panels)
            raise NotFound(f"This dashboard has no table by that name; it has: {names}.")
        return _csv(dashboard, table)
    context = {
        **_form_context(request),
        "key": key,
        "title": TITLES[key],
        "dashboard": dashboard,
        "filters": filters,
        "errors": errors,
    }
    template = (
        "insights/partials/dashboard_body.html" if is_htmx(request) else "insights/dashboard.html"
    )
    return render(request, template, context, status=422 if errors else 200)


def _dashboard_view(key: str) -> Any:
    @require_GET
    @action_errors
    @signin_required
    def view(request: HttpRequest) -> HttpResponse:
        require_insights_viewer(request.user)
        return _render_dashboard(request, key)

    view.__name__ = f"{key}_dashboard"
    return view


community = _dashboard_view("community")
support = _dashboard_view("support")
deflection = _dashboard_view("deflection")


@require_GET
@action_errors
@signin_required
def overview(request: HttpRequest) -> HttpResponse:
    require_insights_viewer(request.user)
    filters, errors = _filters_or_errors(request)
    dashboards = headlines(filters) if filters else []
    context = {
        **_form_context(request),
        "key": "overview",
        "filters": filters,
        "errors": errors,
        "dashboards": dashboards,
    }
    template = (
        "insights/partials/overview_body.html" if is_htmx(request) else "insights/overview.html"
    )
    return render(request, template, context, status=422 if errors else 200)


@require_GET
@action_errors
@signin_required
def report(request: HttpRequest) -> HttpResponse:
    """All three dashboards on one page, laid out for printing."""
    require_insights_viewer(request.user)
    filters, errors = _filters_or_errors(request)
    dashboards = [build(filters) for build in DASHBOARDS.values()] if filters else []
    context = {
        **_form_context(request),
        "key": "report",
        "filters": filters,
        "errors": errors,
        "dashboards": dashboards,
    }
    return render(request, "insights/report.html", context, status=422 if errors else 200)
