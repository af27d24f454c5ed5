"""Article text: sanitized HTML with heading anchors, the table of contents, diffs and links.

Markdown goes through `core.markdown` (markdown-it-py + nh3) like every post; this module adds
`id`s to the sanitized h2/h3 headings (ids we generate from the heading text, so they cannot carry
markup) for the table of contents. Diffs use Python's difflib (line-based, like `diff -u`).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.text import slugify

from crowdservice.core.markdown import markdown_to_text, render_markdown

_HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_ANCHORED = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
# Links in a body to another article: /help/articles/<id>/... (relative or on this site).
ARTICLE_LINK = re.compile(r"\]\((?:https?://[^/\s)]+)?/help/articles/(\d+)(?:/[^)\s]*)?\)")


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


def render_article(body: str) -> str:
    """Sanitized HTML with anchors on the h2 and h3 headings."""
    used: set[str] = set()

    def anchor(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        base = slugify(html.unescape(_TAGS.sub("", inner)))[:60] or "section"
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        return f'<h{level} id="{name}">{inner}</h{level}>'

    return _HEADING.sub(anchor, render_markdown(body))


def table_of_contents(article_html: str) -> list[TocEntry]:
    return [
        TocEntry(
            level=int(m.group(1)), anchor=m.group(2), text=html.unescape(_TAGS.sub("", m.group(3)))
        )
        for m in _ANCHORED.finditer(article_html)
    ]


def plain_text(body: str, limit: int = 50_000) -> str:
    return html.unescape(markdown_to_text(body, limit))


def linked_article_ids(body: str) -> set[int]:
    return {int(m.group(1)) for m in ARTICLE_LINK.finditer(body)}


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str


def diff_lines(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """The line diff of two texts with `context` unchanged lines around each change."""
    lines: list[DiffLine] = []
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(DiffLine("same", t) for t in a[i1:i2])
                continue
            lines.extend(DiffLine("removed", t) for t in a[i1:i2])
            lines.extend(DiffLine("added", t) for t in b[j1:j2])
    return lines


def unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "\n".join(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm=""
        )
    )
