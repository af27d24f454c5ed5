"""`{% chart_assets %}` and `{% chart config "id" %}`: Chart.js charts configured from Python.

A view builds a plain Chart.js configuration (`{"type": "line", "data": {...}, "options": {...}}`)
and the template renders it as a JSON script (escaped by `json_script`, so labels taken from user
content cannot break out of it) next to a canvas; `core/js/charts.js` draws it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script

register = template.Library()

CHART_JS_VERSION = "4.6.1"


@register.simple_tag
def chart_assets() -> str:
    """The script tags a page with charts needs (put it in the page's `extra_head` block)."""
    return format_html(
        '<script src="{}" defer></script>\n<script src="{}" defer></script>',
        static("core/vendor/chartjs/chart.umd.min.js"),
        static("core/js/charts.js"),
    )


@register.simple_tag
def chart(config: dict[str, Any], element_id: str, label: str, height: int = 260) -> str:
    """A canvas drawn from `config`; `label` describes the chart for screen readers."""
    config_id = f"{element_id}-config"
    return format_html(
        '<div class="chart" style="height:{}px">'
        '<canvas id="{}" data-chart-config="{}" role="img" aria-label="{}"></canvas></div>{}',
        int(height),
        element_id,
        config_id,
        label,
        json_script(config, config_id),
    )
