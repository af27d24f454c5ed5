"""API schemas of notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from crowdservice.accounts.schemas import AuthorOut
from crowdservice.core.schemas import ObjectId, PageIn, PageOut, Text
from crowdservice.notifications.models import Notification

MAX_MARK_IDS = 500


class NotificationFilters(PageIn):
    unread: bool = Field(False, description="Only notifications you have not read yet.")


class NotificationOut(Schema):
    id: int
    verb: str = Field(description="What happened, e.g. `answer.created` or `comment.created`.")
    title: str
    url: str = Field(description="Where to look, as a path on this site.")
    actor: AuthorOut | None
    created_at: datetime
    read_at: datetime | None
    is_read: bool

    @staticmethod
    def of(notification: Notification) -> NotificationOut:
        return NotificationOut(
            id=notification.pk,
            verb=notification.verb,
            title=notification.title,
            url=notification.url,
            actor=AuthorOut.maybe(notification.actor),
            created_at=notification.created_at,
            read_at=notification.read_at,
            is_read=notification.read_at is not None,
        )


class NotificationPage(PageOut):
    unread_count: int = Field(description="How many of your notifications are unread in all.")
    items: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[ObjectId] | None = Field(
        None,
        max_length=MAX_MARK_IDS,
        description="The notifications to mark as read (at most 500); leave out or null for all.",
    )


class MarkReadOut(Schema):
    marked: int = Field(description="How many unread notifications are now read.")


class KindSettingOut(Schema):
    kind: str
    label: str
    description: str
    in_app: bool
    email: bool


class NotificationSettingsOut(Schema):
    email_mode: str = Field(description="`immediate`, `daily` (a digest each morning) or `off`.")
    kinds: list[KindSettingOut]


class NotificationSettingsIn(Schema):
    email_mode: Literal["immediate", "daily", "off"]
    muted_kinds: list[Text] = Field(
        default_factory=list, max_length=50, description="Kinds you don't want at all."
    )
    email_muted_kinds: list[Text] = Field(
        default_factory=list, max_length=50, description="Kinds you don't want by email."
    )
