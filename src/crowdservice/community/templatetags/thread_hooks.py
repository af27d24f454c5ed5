"""`{% thread_notices question %}`: the notices later apps registered for a thread."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from crowdservice.community.models import Question
from crowdservice.community.thread_hooks import thread_notices as render_notices

register = template.Library()


@register.simple_tag(takes_context=True)
def thread_notices(context: dict[str, Any], question: Question) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return render_notices(user, question)
