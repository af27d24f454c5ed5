"""The header's notification bell: one cheap count per page for a signed-in person."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from crowdservice.accounts.models import User
from crowdservice.notifications.actions import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: User | AnonymousUser) -> int:
    if not isinstance(user, User) or not user.is_authenticated:
        return 0
    return unread_count(user)
