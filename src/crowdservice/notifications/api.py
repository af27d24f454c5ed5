"""API v1: your own notifications. Nobody can list or mark anyone else's."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.core.schemas import describe_errors, error_responses, paginate
from crowdservice.notifications.actions import do_mark_read, notifications_for, unread_count
from crowdservice.notifications.schemas import (
    MarkReadIn,
    MarkReadOut,
    NotificationFilters,
    NotificationOut,
    NotificationPage,
)

router = Router(tags=["notifications"])


@router.get(
    "/notifications",
    auth=AUTH_REQUIRED,
    response={200: NotificationPage, **error_responses(401, 422)},
    summary="Your notifications",
    description="Your notifications, newest first; `unread=true` keeps the unread ones.\n\n"
    + describe_errors(401, 422),
)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> NotificationPage:
    user = api_signed_in_user(request)
    rows = notifications_for(user)
    if filters.unread:
        rows = rows.filter(read_at__isnull=True)
    items, meta = paginate(rows, filters)
    return NotificationPage(
        items=[NotificationOut.of(n) for n in items], unread_count=unread_count(user), **meta
    )


@router.post(
    "/notifications/read",
    auth=AUTH_REQUIRED,
    response={200: MarkReadOut, **error_responses(400, 401, 403, 422)},
    summary="Mark notifications as read",
    description="Mark the listed notifications as read, or all of them when `ids` is left out. "
    "Ids of notifications that are not yours are ignored.\n\n"
    + describe_errors(400, 401, 403, 422),
)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> MarkReadOut:
    user = api_signed_in_user(request)
    return MarkReadOut(marked=do_mark_read(user=user, notification_ids=payload.ids))
