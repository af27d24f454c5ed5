"""API schemas of hot-topic alerts."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from crowdservice.accounts.models import User
from crowdservice.core.schemas import PageIn, PageOut
from crowdservice.trends.models import TrendAlert
from crowdservice.trends.queries import visible_examples


class AlertsIn(PageIn):
    status: str = Field(
        "active",
        max_length=20,
        description="`active` (open or acknowledged, the default), `open`, `acknowledged`, "
        "`resolved` or `all`.",
    )


class ExampleOut(Schema):
    title: str
    url: str = Field(description="The post's (or, for agents, the case's) page, as a path.")
    source: str = Field(description="`community` or `cases` (later `social`).")
    audience: str = Field(description="`public`, or `agents`: an example only agents are shown.")


class AlertOut(Schema):
    id: int
    term: str = Field(description="The tag or phrase as people read it.")
    kind: str = Field(description="`tag` or `phrase`.")
    status: str = Field(description="`open`, `acknowledged` or `resolved`.")
    window_hours: int = Field(description="The recent window of the latest detection, in hours.")
    window_end: datetime = Field(description="The end of that window (an hour, UTC).")
    observed: int = Field(description="Posts in the window that mention the term.")
    expected: float = Field(description="Posts expected from the term's own baseline share.")
    window_documents: int = Field(description="All posts in the window.")
    authors: int = Field(description="Distinct people among the observed posts.")
    p_value: float = Field(description="Binomial upper-tail p-value of the observed count.")
    q_value: float = Field(description="The p-value adjusted for all terms tested in the run "
                           "(Benjamini-Hochberg).")  # fmt: skip
    peak_observed: int
    sources: list[str]
    raised_at: datetime
    last_seen_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    examples: list[ExampleOut] = Field(
        description="Recent posts that mention it; examples from cases only for agents."
    )

    @staticmethod
    def of(alert: TrendAlert, user: User) -> AlertOut:
        return AlertOut(
            id=alert.pk, term=alert.label, kind=alert.kind, status=alert.status,
            window_hours=alert.window_hours, window_end=alert.window_end,
            observed=alert.observed, expected=round(alert.expected, 3),
            window_documents=alert.window_documents, authors=alert.authors,
            p_value=alert.p_value, q_value=alert.q_value, peak_observed=alert.peak_observed,
            sources=alert.sources, raised_at=alert.raised_at, last_seen_at=alert.last_seen_at,
            acknowledged_at=alert.acknowledged_at, resolved_at=alert.resolved_at,
            examples=[
                ExampleOut(title=e.title, url=e.url, source=e.source, audience=e.audience)
                for e in visible_examples(user, alert.examples)
            ],
        )  # fmt: skip


class AlertPage(PageOut):
    items: list[AlertOut]
