"""Template tags for the moderators' pages: what waits for them in the apps next door."""

from __future__ import annotations

from django import template

from crowdservice.reputation.abuse import open_findings

register = template.Library()


@register.simple_tag
def open_findings_count() -> int:
    """Open voting-fraud findings (reputation), for the moderation navigation: one query."""
    return open_findings().count()
