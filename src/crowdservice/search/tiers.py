"""The trust tier of a hit (search results, suggestions) as a label read at a glance."""

from __future__ import annotations

from django.conf import settings

TIER_CLASSES = {
    "kb": "badge-endorsed",
    "endorsed": "badge-endorsed",
    "community": "badge-community",
}


def tier_label(tier: str) -> str:
    """ "" for content nobody has vouched for yet: it is shown without a trust label."""
    if tier == "kb":
        return "Approved in the knowledge base"
    if tier == "endorsed":
        return f"Endorsed by the {settings.SITE_NAME} team"
    if tier == "community":
        return "Popular in the community"
    return ""
