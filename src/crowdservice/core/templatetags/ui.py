"""Small presentation helpers shared by every app's templates."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

from crowdservice.core.markdown import markdown_to_text

register = template.Library()


@register.simple_tag
def elided_pages(page: Page) -> list[int | str]:
    """Page numbers around the current one, with "…" for the gaps: 1 … 4 5 6 … 20."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


@register.filter
def excerpt(markdown: str, limit: int = 200) -> str:
    """Plain text of a markdown body, cut at a word boundary."""
    return markdown_to_text(markdown, int(limit))
