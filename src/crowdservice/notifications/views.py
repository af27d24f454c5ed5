"""A person's own notifications; nobody can list or mark anyone else's."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from crowdservice.accounts.models import User
from crowdservice.core.errors import NotAuthenticated
from crowdservice.core.web import action_errors, safe_url, signin_required
from crowdservice.notifications.actions import (
    access_notification,
    do_mark_read,
    notifications_for,
    unread_count,
)

PER_PAGE = 30


def _me(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not request.user.is_authenticated:
        raise NotAuthenticated("Sign in to see your notifications.")
    return request.user


@require_GET
@action_errors
@signin_required
def notification_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    page = Paginator(notifications_for(me), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        # Only links within this site: a notification's url is a path such as /questions/1/x/.
        "items": [(n, safe_url(request, n.url) or "") for n in page.object_list],
        "unread": unread_count(me),
    }
    return render(request, "notifications/list.html", context)


@require_POST
@action_errors
@signin_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = do_mark_read(user=_me(request))
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:list")


@require_GET
@action_errors
@signin_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way (as Discourse does)."""
    me = _me(request)
    notification = access_notification(me, notification_id)
    do_mark_read(user=me, notification_ids=[notification.pk])
    return redirect(safe_url(request, notification.url) or "notifications:list")
