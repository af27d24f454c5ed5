"""API schemas of cases: what goes in and out of /api/v1/cases, /queues and escalation."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from crowdservice.core.schemas import ObjectId, PageOut, Slug, Text

StatusName = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
PriorityName = Literal["low", "normal", "high", "urgent"]


class PersonOut(Schema):
    username: str
    name: str = Field(description="The public display name.")


class SlaOut(Schema):
    state: str = Field(
        description="'' (no target), ok, warning (about to breach), breached, or paused (pending "
        "the customer, with only the resolution target left: its clock stands still)."
    )
    first_response_due: datetime | None
    resolution_due: datetime | None = Field(
        description="Moves out by the working time the case waited on the customer, when it "
        "leaves pending."
    )
    paused_since: datetime | None = Field(
        description="When the resolution clock stopped (the case is pending, solved or "
        "closed); null while it runs."
    )
    paused_seconds: int = Field(
        description="Working seconds of earlier pauses, already added to resolution_due."
    )


class CaseOut(Schema):
    id: int
    subject: str
    description: str = Field(description="Markdown, as written.")
    description_html: str = Field(description="Sanitized HTML.")
    status: StatusName
    priority: PriorityName
    channel: str = Field(description="web, api, email or community.")
    space: str | None = Field(description="Slug of the product space.")
    requester: PersonOut
    organization: str | None
    assignee: PersonOut | None
    queue: str | None = Field(description="Queue slug (agents only; null for customers).")
    tags: list[str] = Field(description="Agents only; empty for customers.")
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    sla: SlaOut | None = Field(description="SLA targets and state (agents only).")
    work_seconds: int | None = Field(
        description="Agents only (null for customers): the agents' recorded work time on the "
        "case (handle time), in seconds, over all agents."
    )
    csat_score: int | None
    csat_comment: str
    merged_into: int | None
    linked_questions: list[int] = Field(description="Community questions linked to the case.")
    url: str


class CasePage(PageOut):
    items: list[CaseOut]


class CaseFilters(Schema):
    view: Literal["mine", "unassigned", "open", "breaching", "solved", "all"] = Field(
        "all",
        description="Agents: a queue view. Customers always get their own cases.",
    )
    status: StatusName | None = None
    priority: PriorityName | None = None
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(20, ge=1, le=100)


class CaseIn(Schema):
    subject: Text = Field(max_length=200)
    description: Text = Field(max_length=50_000, description="Markdown.")
    space: Slug | None = None
    priority: PriorityName = "normal"
    tags: list[Slug] = Field(default_factory=list, max_length=10)


class CasePatch(Schema):
    status: StatusName | None = None
    priority: PriorityName | None = None
    assignee: str | None = Field(
        None, description="Username of an agent; an empty string unassigns."
    )
    queue: str | None = Field(None, description="Queue slug; an empty string removes the queue.")
    tags: list[Slug] | None = Field(None, max_length=10)


class MessageIn(Schema):
    body: Text = Field(max_length=50_000, description="Markdown.")
    status: StatusName | None = Field(
        None, description="Agents: the status to set with the reply (e.g. pending, solved)."
    )
    work_seconds: int = Field(
        0,
        ge=0,
        description="Agents: seconds worked on the case for this message, recorded with it "
        "(0 records nothing; one record counts at most 4 hours). Customers leave it 0.",
    )


class AttachmentOut(Schema):
    id: int
    filename: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    kind: Literal["public", "internal"]
    author: PersonOut | None
    body: str
    body_html: str
    channel: str
    created_at: datetime
    attachments: list[AttachmentOut]


class CsatIn(Schema):
    score: int = Field(ge=1, le=5, description="1 (very unhappy) to 5 (very happy).")
    comment: Text = Field("", max_length=2000)


class MergeIn(Schema):
    target: ObjectId = Field(description="The case the duplicate is merged into.")


class QueueOut(Schema):
    slug: str
    name: str
    round_robin: bool
    open_cases: int
