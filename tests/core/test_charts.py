"""The chart template tags: the configuration is embedded safely and the library is ours."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.template import Context, Template


def render(config: dict[str, object], label: str = "Questions per day") -> str:
    template = Template('{% load charts %}{% chart config "daily" label %}')
    return template.render(Context({"config": config, "label": label}))


def test_chart_embeds_its_configuration_as_json_next_to_a_labelled_canvas() -> None:
    config = {"type": "line", "data": {"labels": ["1 Dec"], "datasets": [{"data": [3]}]}}
    html = render(config)
    assert 'data-chart-config="daily-config"' in html
    assert 'aria-label="Questions per day"' in html
    match = re.search(r'<script id="daily-config" type="application/json">(.*?)</script>', html)
    assert match is not None
    assert json.loads(match.group(1)) == config


def test_user_text_in_a_chart_cannot_close_the_script_or_the_attribute() -> None:
    hostile = '</script><script>alert(1)</script>"'
    html = render({"type": "bar", "data": {"labels": [hostile]}}, label=hostile)
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 1


def test_chart_library_is_served_from_our_own_static_files() -> None:
    template = Template("{% load charts %}{% chart_assets %}")
    html = template.render(Context())
    assert "/static/core/vendor/chartjs/chart.umd.min.js" in html
    assert 'src="/static/core/vendor/' in html  # our origin, not a CDN
    path = finders.find("core/vendor/chartjs/chart.umd.min.js")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    assert "Chart.js v4.6.1" in source[:200]
    assert "sourceMappingURL" not in source
