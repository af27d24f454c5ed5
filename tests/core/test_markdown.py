"""Markdown is rendered by markdown-it-py, highlighted by Pygments and sanitized by nh3."""

from __future__ import annotations

import pytest

from crowdservice.core.markdown import markdown_to_text, render_markdown


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<iframe src='https://evil.example'></iframe>",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_raw_html_never_becomes_markup(source: str) -> None:
    html = render_markdown(source)
    assert "<script" not in html
    assert "<iframe" not in html
    assert "onerror=" not in html.replace("&quot;", '"').split("&lt;")[0]
    assert "<img" not in html


def test_javascript_links_are_dropped() -> None:
    html = render_markdown("[click](javascript:alert(1)) and ![i](javascript:alert(2))")
    assert "javascript:" not in html.split("[click]")[0] or 'href="javascript' not in html
    assert 'href="javascript' not in html
    assert 'src="javascript' not in html


def test_links_get_nofollow_ugc() -> None:
    html = render_markdown("See [the manual](https://example.com/manual) or https://example.org")
    assert html.count('rel="nofollow ugc"') == 2
    assert 'href="https://example.com/manual"' in html


def test_code_blocks_are_highlighted_and_escaped() -> None:
    html = render_markdown("```python\nprint('<b>hi</b>')\n```\n\n```\n$ ping 192.168.1.1\n```")
    assert '<pre><code class="language-python">' in html
    assert '<span class="nb">print</span>' in html
    assert "<b>hi</b>" not in html
    assert "ping 192.168.1.1" in html


def test_tables_and_strikethrough() -> None:
    html = render_markdown("| band | channel |\n|---|---|\n| 5 GHz | 36 |\n\n~~old~~")
    assert "<table>" in html
    assert "<td>36</td>" in html
    assert "<s>old</s>" in html


def test_plain_text_excerpt() -> None:
    text = markdown_to_text("# Title\n\nSome **bold** text " + "word " * 100, limit=60)
    assert "<" not in text
    assert "**" not in text
    assert len(text) <= 60
    assert text.endswith("…")
