"""A person's own notifications; nobody can list or mark anyone else's."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crowdservice.accounts.models import User
from crowdservice.core.errors import NotAuthenticated, NotFound, ValidationFailed
from crowdservice.core.web import action_errors, safe_url, signin_required
from crowdservice.notifications.actions import (
    access_notification,
    do_mark_read,
    do_unsubscribe,
    do_update_settings,
    notifications_for,
    settings_for,
    unread_count,
)
from crowdservice.notifications.email import read_unsubscribe_token
from crowdservice.notifications.kinds import kind_label, kinds_for
from crowdservice.notifications.models import EmailMode

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


@require_http_methods(["GET", "POST"])
@action_errors
@signin_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Per kind: in the app and by email; and email right away, daily or never."""
    me = _me(request)
    error = ""
    if request.method == "POST":
        # Only the kinds shown to this person: a crafted field for any other is ignored.
        kinds = [k.key for k in kinds_for(me)]
        try:
            do_update_settings(
                user=me,
                email_mode=request.POST.get("email_mode", ""),
                muted_kinds=[k for k in kinds if not request.POST.get(f"app_{k}")],
                email_muted_kinds=[k for k in kinds if not request.POST.get(f"email_{k}")],
            )
        except ValidationFailed as exc:
            error = exc.message
        else:
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:settings")
    prefs = settings_for(me)
    rows = [
        (k, k.key not in (prefs.muted_kinds or []), k.key not in (prefs.email_muted_kinds or []))
        for k in kinds_for(me)
    ]
    context = {
        "prefs": prefs,
        "rows": rows,
        "modes": EmailMode.choices,
        "error": error,
        "section": "notifications",
    }
    return render(request, "notifications/settings.html", context, status=422 if error else 200)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token is the proof
@require_http_methods(["GET", "POST"])
@action_errors
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation button (link scanners must not unsubscribe anyone); POST, from
    that button or a mail client's one-click, unsubscribes without signing in."""
    try:
        user_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise NotFound(
            "This unsubscribe link is not valid; change your settings instead."
        ) from None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("This unsubscribe link is not valid; change your settings instead.")
    what = f"“{kind_label(kind)}” emails" if kind else "all email notifications"
    done = False
    if request.method == "POST":
        do_unsubscribe(user=user, kind=kind)
        done = True
    return render(request, "notifications/unsubscribe.html", {"what": what, "done": done})
