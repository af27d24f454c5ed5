"""Template tags that let lower layers' pages (the accounts profile) show reputation."""

from __future__ import annotations

from typing import Any

from django import template

from crowdservice.accounts.models import User
from crowdservice.reputation.privileges import ladder
from crowdservice.reputation.queries import profile

register = template.Library()


@register.inclusion_tag("reputation/includes/profile_panel.html")
def reputation_panel(person: User) -> dict[str, Any]:
    return {"summary": profile(person, history_size=0)}


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def privilege_threshold(name: str) -> int:
    """The reputation a step of the ladder needs (`{{ "edit"|privilege_threshold }}`)."""
    return ladder().get(name, 0)
