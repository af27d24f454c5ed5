"""A registration point for later apps to show a notice on a question's thread.

The cases app registers "support is on it" here; community never imports it (the layering rule).
A notice renderer gets the viewer and the question and returns safe HTML (or ""). What every
viewer sees must only change with the question's `version` (the anonymous thread is cached under
it), so an app that changes a notice bumps the version in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import SafeString, mark_safe

from crowdservice.accounts.models import User
from crowdservice.community.models import Question

ThreadNotice = Callable[[User | AnonymousUser, Question], str]

_notices: list[ThreadNotice] = []


def register_thread_notice(notice: ThreadNotice) -> None:
    if notice not in _notices:
        _notices.append(notice)


def thread_notices(user: User | AnonymousUser, question: Question) -> SafeString:
    parts = [notice(user, question) for notice in _notices]
    return mark_safe("".join(part for part in parts if part))  # noqa: S308 - renderers return escaped template output
