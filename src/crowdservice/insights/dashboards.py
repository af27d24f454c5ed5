"""The dashboards as pages show them: headline numbers, and panels of a chart (a Chart.js
configuration built here) with the table of the same numbers, which is also the CSV export."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from crowdservice.insights.filters import Filters
from crowdservice.insights.queries import (
    CHANNELS,
    CommunityReport,
    DeflectionReport,
    SupportReport,
    community_report,
    deflection_report,
    support_report,
)

# Colours that keep a 3:1 contrast on white and stay apart for the common colour blindnesses.
PALETTE = ("#2563eb", "#d97706", "#059669", "#9333ea", "#dc2626", "#4b5563")
DASH = "—"

Cell = str | int | float | date | None


def pct(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


def number(value: float | None, digits: int = 1) -> str:
    return DASH if value is None else f"{value:,.{digits}f}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return DASH
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = seconds / 60
    if minutes < 90:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


NOT_MEASURED = "Not measured"


def worked(seconds: float | None) -> str:
    """Recorded work time: None means none was recorded, which is not the same as 0."""
    return NOT_MEASURED if seconds is None else duration(seconds)


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


FORMATS: dict[str, Callable[[Any], str]] = {
    "text": lambda v: DASH if v is None else str(v),
    "int": lambda v: DASH if v is None else f"{v:,}",
    "pct": pct,
    "num": number,
    "dur": duration,
    "work": worked,
    "day": lambda v: v.isoformat(),
}


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "int"  # a key of FORMATS
    csv_name: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "day")


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    empty: str = "No data in this range."

    def display_rows(self) -> list[list[str]]:
        return [
            [FORMATS[c.kind](v) for c, v in zip(self.columns, row, strict=True)]
            for row in self.rows
        ]

    def body_html(self) -> SafeString:
        """The table's rows as HTML, built here rather than in a template loop: a 90-day
        dashboard has a few thousand cells, and the template engine was a third of its time."""
        return mark_safe(  # noqa: S308 - every cell is escaped just above
            "\n".join(
                '<tr><th scope="row">'
                + escape(row[0])
                + "</th>"
                + "".join(f'<td class="num">{escape(cell)}</td>' for cell in row[1:])
                + "</tr>"
                for row in self.display_rows()
            )
        )

    def csv_header(self) -> list[str]:
        return [c.csv_name or c.title.lower().replace(" ", "_") for c in self.columns]

    def csv_rows(self) -> list[list[Cell]]:
        """Raw numbers (rates as 0-1 fractions, durations in seconds), blanks for "no value"."""
        return [
            ["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row]
            for row in self.rows
        ]


@dataclass
class Panel:
    key: str
    title: str
    description: str
    table: Table
    chart: dict[str, Any] | None = None
    chart_label: str = ""


@dataclass(frozen=True)
class Stat:
    label: str
    value: str
    note: str = ""


@dataclass
class Dashboard:
    key: str
    title: str
    lead: str
    filters: Filters
    has_data: bool
    stats: list[Stat]
    panels: list[Panel] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((p.table for p in self.panels if p.table.key == key), None)


def _dataset(
    label: str, data: Sequence[float | int | None], i: int, **extra: Any
) -> dict[str, Any]:
    return {
        "label": label,
        "data": list(data),
        "borderColor": PALETTE[i % len(PALETTE)],
        "backgroundColor": PALETTE[i % len(PALETTE)],
        **extra,
    }


def line_chart(
    labels: list[str], series: list[tuple[str, Sequence[float | int | None]]], y_title: str
) -> dict[str, Any]:
    return {
        "type": "line",
        "data": {
            "labels": labels,
            "datasets": [
                _dataset(name, data, i, tension=0.2, pointRadius=2, spanGaps=True)
                for i, (name, data) in enumerate(series)
            ],
        },
        "options": {
            "interaction": {"mode": "index", "intersect": False},
            "plugins": {"legend": {"position": "bottom"}},
            "scales": {"y": {"beginAtZero": True, "title": {"display": True, "text": y_title}}},
        },
    }


def bar_chart(
    labels: list[str],
    series: list[tuple[str, Sequence[float | int | None]]],
    y_title: str,
    *,
    stacked: bool = False,
    horizontal: bool = False,
) -> dict[str, Any]:
    value_axis, label_axis = ("x", "y") if horizontal else ("y", "x")
    return {
        "type": "bar",
        "data": {
            "labels": labels,
            "datasets": [_dataset(n, d, i) for i, (n, d) in enumerate(series)],
        },
        "options": {
            "indexAxis": label_axis if horizontal else "x",
            "interaction": {"mode": "index", "intersect": False},
            "plugins": {"legend": {"position": "bottom", "display": len(series) > 1}},
            "scales": {
                label_axis: {"stacked": stacked},
                value_axis: {
                    "stacked": stacked,
                    "beginAtZero": True,
                    "title": {"display": True, "text": y_title},
                },
            },
        },
    }


def _labels(days: list[date]) -> list[str]:
    return [f"{d:%b} {d.day}" for d in days]


# --- Community ------------------------------------------------------------------------------


def community_dashboard(f: Filters, report: CommunityReport | None = None) -> Dashboard:
    r = report or community_report(f)
    c = r.contributors
    approx = "≈" if c.sample > 1 else ""
    sampled = f" (estimated from 1 member in {c.sample})" if c.sample > 1 else ""
    days = [d.day for d in r.days]
    labels = _labels(days)
    stats = [
        Stat("New questions", f"{r.total('questions'):,}"),
        Stat("Answers", f"{r.total('answers'):,}"),
        Stat("Replies (comments)", f"{r.total('comments'):,}"),
        Stat("Share answered", pct(r.answered_share), "of the questions asked in the range"),
        Stat("Answered by the community", pct(r.community_share), "first answer from a member"),
        Stat("Answered by staff", pct(r.staff_share), "first answer from staff"),
        Stat("Median time to first answer", duration(r.median_first_answer)),
        Stat(
            "Active contributors",
            f"{approx}{c.active:,}",
            f"{c.new:,} new, {approx}{c.returning:,} returning{sampled}",
        ),
        Stat(
            "Answers by the top 1%",
            pct(c.top1_share),
            f"of {approx}{c.answerers:,} people who answered{sampled}",
        ),
        Stat("Answers by the top 10%", pct(c.top10_share)),
        Stat("Flags", f"{r.total('flags'):,}"),
    ]
    activity = Table(
        "activity",
        "Activity per day",
        [
            Column("Day", "day"),
            Column("Questions"),
            Column("Answers"),
            Column("Comments"),
            Column("Accepted answers", csv_name="accepted"),
            Column("Flags"),
        ],
        [[d.day, d.questions, d.answers, d.comments, d.accepted, d.flags] for d in r.days],
    )
    answered = Table(
        "answered",
        "Questions by the day they were asked",
        [
            Column("Day asked", "day", "day"),
            Column("Asked"),
            Column("Answered by the community", csv_name="answered_by_community"),
            Column("Answered by staff", csv_name="answered_by_staff"),
            Column("Unanswered"),
            Column("Share answered", "pct", "share_answered"),
            Column("Median time to first answer", "dur", "median_first_answer_seconds"),
        ],
        [
            [
                d.day,
                d.asked,
                d.answered_by_community,
                d.answered_by_staff,
                d.asked - d.answered,
                d.answered_share,
                d.median_first_answer,
            ]
            for d in r.days
        ],
    )
    people = Table(
        "contributors",
        "Contributors",
        [
            Column("Measure", "text"),
            Column("People", csv_name="people"),
            Column("Share of answers", "pct", "share_of_answers"),
        ],
        [
            ["Active contributors", c.active, None],
            ["New contributors (no post before the range)", c.new, None],
            ["Returning contributors (posted before the range)", c.returning, None],
            ["People who answered", c.answerers, None],
            [
                "Top 1% of those who answered",
                max(1, -(-c.answerers // 100)) if c.answerers else 0,
                c.top1_share,
            ],
            [
                "Top 10% of those who answered",
                max(1, -(-c.answerers // 10)) if c.answerers else 0,
                c.top10_share,
            ],
        ],
    )
    spaces = Table(
        "spaces",
        "By space",
        [
            Column("Space", "text"),
            Column("Questions"),
            Column("Answers"),
            Column("Comments"),
            Column("Share answered", "pct", "share_answered"),
        ],
        [[s.name, s.questions, s.answers, s.comments, s.answered_share] for s in r.by_space],
    )
    return Dashboard(
        key="community",
        title="Community health",
        lead="Questions, answers and replies; how many questions get answered, by whom and how fast; who contributes.",  # noqa: E501
        filters=f,
        has_data=r.has_data,
        stats=stats,
        panels=[
            Panel(
                "activity",
                "Activity per day",
                "New questions, answers and replies (comments) each day.",
                activity,
                line_chart(
                    labels,
                    [
                        ("Questions", [d.questions for d in r.days]),
                        ("Answers", [d.answers for d in r.days]),
                        ("Comments", [d.comments for d in r.days]),
                    ],
                    "Posts",
                ),
                "Line chart of questions, answers and comments per day; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "answered",
                "Were questions answered?",
                "Each question counts on the day it was asked: answered first by a member, by staff, or not yet. Answers by the asker do not count.",  # noqa: E501
                answered,
                bar_chart(
                    labels,
                    [
                        ("By the community", [d.answered_by_community for d in r.days]),
                        ("By staff", [d.answered_by_staff for d in r.days]),
                        ("Unanswered", [d.asked - d.answered for d in r.days]),
                    ],
                    "Questions",
                    stacked=True,
                ),
                "Stacked bar chart of questions per day by who answered first; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "contributors",
                "Contributors",
                "People who posted a question, answer or comment in the range; the top 1% and 10% are of the people who answered, by number of answers.",  # noqa: E501
                people,
                bar_chart(["New", "Returning"], [("Contributors", [c.new, c.returning])], "People"),
                "Bar chart of new and returning contributors; the numbers are in the table below.",
            ),
            Panel(
                "spaces",
                "By space",
                "The same counts per space.",
                spaces,
                bar_chart(
                    [s.name for s in r.by_space[:15]],
                    [
                        ("Questions", [s.questions for s in r.by_space[:15]]),
                        ("Answers", [s.answers for s in r.by_space[:15]]),
                    ],
                    "Posts",
                    horizontal=True,
                ),
                "Bar chart of questions and answers per space; the numbers are in the table below.",
            ),
        ],
    )


# --- Support --------------------------------------------------------------------------------


def support_dashboard(f: Filters, report: SupportReport | None = None) -> Dashboard:
    r = report or support_report(f)
    labels = _labels([d.day for d in r.days])
    stats = [
        Stat("Cases", f"{r.total('cases'):,}"),
        Stat("Median first response", duration(r.median_first_response)),
        Stat("Median resolution time", duration(r.median_resolution)),
        Stat("Backlog", f"{r.backlog:,}", "unresolved at the end of the range"),
        Stat("SLA attainment", pct(r.sla_attainment), "resolved without a breach"),
        Stat("Reopen rate", pct(r.reopen_rate), "reopened per resolved"),
        Stat(
            "CSAT", number(r.csat_average), f"average of 5; {pct(r.csat_satisfied_share)} satisfied"
        ),
        Stat(
            "Cases per agent",
            number(r.cases_per_agent),
            f"{number(r.customers_per_agent)} customers",
        ),
        Stat("Time worked", worked(r.time_worked), "recorded by agents on the case page"),
        Stat(
            "Handle time per solved case",
            worked(r.handle_time),
            f"average over {r.handle_cases:,} solved cases with recorded time",
        ),
        Stat("Escalations from the community", f"{r.total('escalations'):,}"),
        Stat(
            "Published back",
            f"{r.total('publications'):,}",
            "resolutions sent to the community or help center",
        ),
    ]
    channel_names = {"web": "Web form", "email": "Email", "api": "API", "community": "Community"}
    by_channel = Table(
        "channels",
        "Cases per day by channel",
        [
            Column("Day", "day"),
            *(Column(channel_names[c], csv_name=c) for c in CHANNELS),
            Column("Total"),
        ],
        [[d.day, *(d.by_channel[c] for c in CHANNELS), d.cases] for d in r.days],
    )
    times = Table(
        "times",
        "Response and resolution times per day",
        [
            Column("Day", "day"),
            Column("First responses", csv_name="first_responses"),
            Column("Median first response", "dur", "median_first_response_seconds"),
            Column("Resolved"),
            Column("Median resolution", "dur", "median_resolution_seconds"),
            Column("SLA attainment", "pct", "sla_attainment"),
            Column("Reopened"),
            Column("Backlog"),
        ],
        [
            [
                d.day,
                d.first_responses,
                d.median_first_response,
                d.resolved,
                d.median_resolution,
                d.sla_attainment,
                d.reopened,
                d.backlog,
            ]
            for d in r.days
        ],
    )
    satisfaction = Table(
        "satisfaction",
        "Satisfaction and the community",
        [
            Column("Day", "day"),
            Column("CSAT ratings", csv_name="csat_ratings"),
            Column("Average CSAT", "num", "csat_average"),
            Column("Escalations from the community", csv_name="escalations"),
            Column("Published back", csv_name="publications"),
        ],
        [[d.day, d.csat_ratings, d.csat_average, d.escalations, d.publications] for d in r.days],
    )
    handle = Table(
        "handle",
        "Handle time per day",
        [
            Column("Day", "day"),
            Column("Time worked", "dur", "time_worked_seconds"),
            Column("Solved with recorded time", csv_name="handle_cases"),
            Column("Handle time per solved case", "dur", "handle_time_seconds"),
        ],
        [[d.day, d.time_worked, d.handle_cases, d.handle_time] for d in r.days],
    )
    agents = Table(
        "agents",
        "Cases, customers and time worked per agent",
        [
            Column("Agent", "text"),
            Column("Cases"),
            Column("Customers"),
            Column("Time worked", "work", "time_worked_seconds"),
            Column("Cases worked", csv_name="cases_worked"),
            Column("Time per case worked", "work", "time_per_case_seconds"),
        ],
        [
            [a.name, a.cases, a.customers, a.time_worked, a.work_cases, a.time_per_case]
            for a in r.agents
        ],
        empty="No agent replied to or worked on a case in this range.",
    )
    top_agents = r.agents[:20]
    return Dashboard(
        key="support",
        title="Support",
        lead="Cases by channel, how fast they are answered and resolved, the backlog, SLAs, satisfaction and the agents' load.",  # noqa: E501
        filters=f,
        has_data=r.has_data,
        stats=stats,
        panels=[
            Panel(
                "channels",
                "Cases by channel",
                "New cases each day, by the channel they came in through.",
                by_channel,
                bar_chart(
                    labels,
                    [(channel_names[c], [d.by_channel[c] for d in r.days]) for c in CHANNELS],
                    "Cases",
                    stacked=True,
                ),
                "Stacked bar chart of new cases per day by channel; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "times",
                "Response times and backlog",
                "Medians of the first responses and resolutions of each day (in hours), and the unresolved cases at the end of each day. SLA attainment is the share of resolved cases that never breached a target.",  # noqa: E501
                times,
                line_chart(
                    labels,
                    [
                        (
                            "Median first response (h)",
                            [hours(d.median_first_response) for d in r.days],
                        ),
                        ("Median resolution (h)", [hours(d.median_resolution) for d in r.days]),
                        ("Backlog (cases)", [d.backlog for d in r.days]),
                    ],
                    "Hours / cases",
                ),
                "Line chart of median response and resolution hours and the backlog per day; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "satisfaction",
                "Satisfaction and the community",
                "CSAT ratings given each day (1 to 5), questions escalated from the community, and resolutions published back.",  # noqa: E501
                satisfaction,
                bar_chart(
                    labels,
                    [
                        ("Escalations", [d.escalations for d in r.days]),
                        ("Published back", [d.publications for d in r.days]),
                    ],
                    "Cases",
                ),
                "Bar chart of escalations and publications per day; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "handle",
                "Handle time",
                "Agents' work time recorded on the case page each day (time outside it is not "
                "seen), and the average recorded time of the cases solved that day that have "
                "any (all their recorded time, as in the ROI calculator). A dash: nothing "
                "recorded or solved.",
                handle,
                bar_chart(
                    labels, [("Hours worked", [hours(d.time_worked) for d in r.days])], "Hours"
                )
                if r.time_worked
                else None,
                "Bar chart of hours worked per day; the numbers are in the table below.",
            ),
            Panel(
                "agents",
                "Agents",
                "Distinct cases each agent replied to publicly in the range, and their distinct "
                "customers"
                + (
                    f" (estimated from 1 customer in {r.agent_sample})"
                    if r.agent_sample > 1
                    else ""
                )
                + "; the time each recorded on the case page, the distinct cases they recorded "
                "it on, and the average per case (exact).",
                agents,
                bar_chart(
                    [a.name for a in top_agents],
                    [
                        ("Cases", [a.cases for a in top_agents]),
                        ("Customers", [a.customers for a in top_agents]),
                    ],
                    "Cases",
                    horizontal=True,
                )
                if top_agents
                else None,
                "Bar chart of cases and customers per agent; the numbers are in the table below.",
            ),
        ],
    )


# --- Deflection -----------------------------------------------------------------------------


def deflection_dashboard(f: Filters, report: DeflectionReport | None = None) -> Dashboard:
    r = report or deflection_report(f)
    labels = _labels([d.day for d in r.days])
    stats = [
        Stat("Deflection rate", pct(r.total.rate), "sessions shown suggestions that did not file"),
        Stat("Sessions shown suggestions", f"{r.total.sessions:,}"),
        Stat("Self-solved", f"{r.total.self_solved:,}"),
        Stat("Abandoned after reading", f"{r.total.abandoned:,}"),
        Stat("Filed anyway", f"{r.total.filed_anyway:,}"),
        Stat(
            "Self-service score",
            number(r.self_service_score, 2),
            "searching sessions per case filed",
        ),
        Stat(
            "Help-center helpfulness", pct(r.kb_helpful_share), "“Was this helpful?” answered yes"
        ),
        Stat("Content gaps", f"{len(r.gaps):,}", "subjects filed without a useful suggestion"),
    ]
    rates = Table(
        "rates",
        "Deflection per day",
        [
            Column("Day", "day"),
            Column("Sessions shown suggestions", csv_name="sessions_shown_suggestions"),
            Column("Self-solved", csv_name="self_solved"),
            Column("Abandoned"),
            Column("Filed anyway", csv_name="filed_anyway"),
            Column("Undecided"),
            Column("Deflection rate", "pct", "deflection_rate"),
        ],
        [
            [
                d.day,
                d.rates.sessions,
                d.rates.self_solved,
                d.rates.abandoned,
                d.rates.filed_anyway,
                d.rates.undecided,
                d.rates.rate,
            ]
            for d in r.days
        ],
    )
    score = Table(
        "self_service",
        "Self-service per day",
        [
            Column("Day", "day"),
            Column("Sessions that searched", csv_name="searched_sessions"),
            Column("Cases filed", csv_name="cases"),
            Column("Self-service score", "num", "self_service_score"),
            Column("Helpful", csv_name="kb_helpful"),
            Column("Not helpful", csv_name="kb_not_helpful"),
            Column("Helpful share", "pct", "kb_helpful_share"),
        ],
        [
            [
                d.day,
                d.searched,
                d.cases,
                d.self_service_score,
                d.kb_helpful,
                d.kb_not_helpful,
                d.kb_helpful_share,
            ]
            for d in r.days
        ],
    )
    gaps = Table(
        "gaps",
        "Content gaps",
        [
            Column("What they asked", "text", "example_query"),
            Column("Words", "text", "words"),
            Column("Filed"),
            Column("Nothing found", csv_name="filed_without_results"),
        ],
        [[g.example, g.query_key, g.filed, g.without_results] for g in r.gaps],
        empty="No content gaps in this range.",
    )
    top_gaps = r.gaps[:10]
    return Dashboard(
        key="deflection",
        title="Deflection and self-service",
        lead="How often suggested answers save people from filing, how much self-service there is per case, whether help-center articles help, and what is missing.",  # noqa: E501
        filters=f,
        has_data=r.has_data or bool(r.gaps),
        stats=stats,
        panels=[
            Panel(
                "rates",
                "Deflection",
                "Sessions shown suggestions, by the day they started, and what came of them. Deflected means self-solved or abandoned after opening a suggestion (the deflection report's definition).",  # noqa: E501
                rates,
                bar_chart(
                    labels,
                    [
                        ("Self-solved", [d.rates.self_solved for d in r.days]),
                        ("Abandoned", [d.rates.abandoned for d in r.days]),
                        ("Filed anyway", [d.rates.filed_anyway for d in r.days]),
                        ("Undecided", [d.rates.undecided for d in r.days]),
                    ],
                    "Sessions",
                    stacked=True,
                ),
                "Stacked bar chart of deflection session outcomes per day; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "self_service",
                "Self-service and help-center helpfulness",
                "Sessions that searched before filing, per case filed, and the help center's “Was this helpful?” answers.",  # noqa: E501
                score,
                line_chart(
                    labels,
                    [
                        ("Self-service score", [d.self_service_score for d in r.days]),
                        ("Helpful share (0-1)", [d.kb_helpful_share for d in r.days]),
                    ],
                    "Score / share",
                ),
                "Line chart of the self-service score and the helpful share per day; the numbers are in the table below.",  # noqa: E501
            ),
            Panel(
                "gaps",
                "Content gaps",
                "What people asked after searching without opening a single suggestion; good candidates for an article.",  # noqa: E501
                gaps,
                bar_chart(
                    [g.query_key[:40] for g in top_gaps],
                    [("Filed", [g.filed for g in top_gaps])],
                    "Filed",
                    horizontal=True,
                )
                if top_gaps
                else None,
                "Bar chart of the most filed content gaps; the numbers are in the table below.",
            ),
        ],
    )


def headlines(f: Filters) -> list[Dashboard]:
    """The three dashboards for the overview, which shows only their first numbers: without the
    contributor, per-agent and content-gap queries those do not need."""
    return [
        community_dashboard(f, community_report(f, people=False)),
        support_dashboard(f, support_report(f, agents_too=False)),
        deflection_dashboard(f, deflection_report(f, gaps=False)),
    ]


HEADLINE_STATS = 6  # the overview's numbers per dashboard: none of them needs what it leaves out

DASHBOARDS: dict[str, Callable[[Filters], Dashboard]] = {
    "community": community_dashboard,
    "support": support_dashboard,
    "deflection": deflection_dashboard,
}
