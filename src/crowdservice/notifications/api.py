"""API v1: your own notifications. Nobody can list or mark anyone else's."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.accounts.models import User
from crowdservice.core.schemas import describe_errors, error_responses, paginate
from crowdservice.notifications.actions import (
    do_mark_read,
    do_update_settings,
    notifications_for,
    settings_for,
    unread_count,
)
from crowdservice.notifications.kinds import kinds_for
from crowdservice.notifications.models import NotificationSettings
from crowdservice.notifications.schemas import (
    KindSettingOut,
    MarkReadIn,
    MarkReadOut,
    NotificationFilters,
    NotificationOut,
    NotificationPage,
    NotificationSettingsIn,
    NotificationSettingsOut,
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


def _settings_out(user: User, prefs: NotificationSettings) -> NotificationSettingsOut:
    return NotificationSettingsOut(
        email_mode=prefs.email_mode,
        kinds=[
            KindSettingOut(
                kind=k.key,
                label=k.label,
                description=k.description,
                in_app=k.key not in (prefs.muted_kinds or []),
                email=k.key not in (prefs.email_muted_kinds or []),
            )
            for k in kinds_for(user)
        ],
    )


@router.get(
    "/me/notification-settings",
    auth=AUTH_REQUIRED,
    response={200: NotificationSettingsOut, **error_responses(401)},
    summary="Your notification settings",
    description="How you hear of each kind of notification you can receive, in the app and by "
    "email (staff see staff-only kinds such as hot topics).\n\n" + describe_errors(401),
)
def get_settings(request: HttpRequest) -> NotificationSettingsOut:
    user = api_signed_in_user(request)
    return _settings_out(user, settings_for(user))


@router.put(
    "/me/notification-settings",
    auth=AUTH_REQUIRED,
    response={200: NotificationSettingsOut, **error_responses(400, 401, 403, 422)},
    summary="Change your notification settings",
    description="Email right away, as a daily digest or never; kinds you don't want at all, "
    "and kinds you don't want by email.\n\n" + describe_errors(400, 401, 403, 422),
)
def put_settings(request: HttpRequest, payload: NotificationSettingsIn) -> NotificationSettingsOut:
    user = api_signed_in_user(request)
    prefs = do_update_settings(
        user=user,
        email_mode=payload.email_mode,
        muted_kinds=payload.muted_kinds,
        email_muted_kinds=payload.email_muted_kinds,
    )
    return _settings_out(user, prefs)
