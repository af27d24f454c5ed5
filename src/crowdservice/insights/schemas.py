"""API schemas of the insights dashboards: the same numbers as the pages, per day and in total.

Rates are fractions from 0 to 1 and durations are seconds; both are null when there is nothing
to measure (no question asked, no case resolved...), never a division by zero.
"""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema


class InsightsIn(Schema):
    start: str = Field(
        "", max_length=20, description="First UTC day, YYYY-MM-DD (default: 29 days before `end`)."
    )
    end: str = Field(
        "",
        max_length=20,
        description="Last UTC day, YYYY-MM-DD (default: today; a future day is cut to today).",
    )
    days: str = Field(
        "", max_length=4, description="A preset instead of `start`: 7, 30 or 90 days up to `end`."
    )
    space: str = Field("", max_length=60, description="A space's slug or id; empty for all spaces.")


class RangeOut(Schema):
    start: date
    end: date
    space: str | None = Field(description="The space's slug, or null for all spaces.")
    notices: list[str] = Field(
        description="What was changed in the request, e.g. a future end cut to today."
    )
    has_data: bool = Field(description="False when nothing happened in the range (and space).")


class CommunityDayOut(Schema):
    day: date
    questions: int = Field(description="Questions asked that day.")
    answers: int
    comments: int = Field(description="Replies (comments) on questions and answers.")
    accepted: int = Field(description="Answers accepted by the asker.")
    flags: int = Field(description="Posts flagged by members.")
    asked: int = Field(description="Questions asked that day (the cohort of the next fields).")
    answered: int = Field(description="Of those, answered since by someone other than the asker.")
    answered_by_staff: int = Field(description="Of those, first answered by a member of staff.")
    median_first_answer_seconds: float | None


class ContributorsOut(Schema):
    active: int = Field(description="People who posted a question, answer or comment.")
    new: int = Field(description="Active people with no post before the range.")
    returning: int = Field(description="Active people who had posted before the range.")
    answerers: int = Field(description="People who wrote at least one answer.")
    top1_share: float | None = Field(
        description="Share of answers written by the top 1% of answerers."
    )
    top10_share: float | None = Field(
        description="Share of answers written by the top 10% of answerers."
    )


class CommunityOut(Schema):
    range: RangeOut
    questions: int
    answers: int
    comments: int
    flags: int
    answered_share: float | None = Field(
        description="Questions asked in the range that got an answer, as a share."
    )
    answered_by_community_share: float | None = Field(
        description="Of the answered questions, the share first answered by a member."
    )
    answered_by_staff_share: float | None = Field(
        description="Of the answered questions, the share first answered by staff."
    )
    median_first_answer_seconds: float | None = Field(
        description="Median time to the first answer (±9%, from log-spaced buckets)."
    )
    contributors: ContributorsOut
    days: list[CommunityDayOut]


class SupportDayOut(Schema):
    day: date
    cases: int
    by_channel: dict[str, int] = Field(
        description="New cases by channel: web, email, api, community."
    )
    first_responses: int
    median_first_response_seconds: float | None
    resolved: int = Field(
        description="Cases solved or closed that day (from an unresolved status)."
    )
    resolved_within_sla: int = Field(
        description="Of those, cases that never breached an SLA target."
    )
    median_resolution_seconds: float | None
    reopened: int
    backlog: int = Field(description="Unresolved cases at the end of the day.")
    csat_ratings: int
    csat_average: float | None = Field(description="Average satisfaction rating, 1 to 5.")
    escalations: int = Field(description="Community questions escalated to cases.")
    publications: int = Field(
        description="Case resolutions published back to the community or help center."
    )
    time_worked_seconds: int | None = Field(
        description="Agents' work time recorded on the case page that day; null when none "
        "was recorded (not measured)."
    )
    handle_cases: int = Field(
        description="Cases solved or closed that day (by their current solved time, merged "
        "duplicates left out) that have recorded work time."
    )
    handle_time_seconds: float | None = Field(
        description="All the recorded work time of those cases, per case; null when there are none."
    )


class AgentOut(Schema):
    agent_id: int
    name: str
    cases: int = Field(description="Distinct cases the agent replied to publicly.")
    customers: int = Field(description="Distinct customers of those cases.")
    time_worked_seconds: int | None = Field(
        description="Work time the agent recorded on the case page in the range (exact, never "
        "sampled); null when none was recorded (not measured)."
    )
    cases_worked: int = Field(description="Distinct cases the agent recorded work time on.")
    time_per_case_seconds: float | None = Field(
        description="time_worked_seconds / cases_worked; null when none was recorded."
    )


class SupportOut(Schema):
    range: RangeOut
    cases: int
    median_first_response_seconds: float | None
    median_resolution_seconds: float | None
    backlog: int = Field(description="Unresolved cases at the end of the range.")
    sla_attainment: float | None = Field(
        description="Share of resolved cases that never breached an SLA target."
    )
    reopen_rate: float | None = Field(description="Reopened cases per resolved case.")
    csat_average: float | None
    csat_satisfied_share: float | None = Field(description="Share of ratings of 4 or 5.")
    escalations: int
    publications: int
    cases_per_agent: float | None
    customers_per_agent: float | None
    time_worked_seconds: int | None = Field(
        description="Agents' work time recorded on the case page in the range (time outside "
        "it is not seen); null when none was recorded (not measured)."
    )
    handle_cases: int = Field(
        description="Cases solved or closed in the range (merged duplicates left out) that "
        "have recorded work time: the ROI calculator's definition."
    )
    handle_time_seconds: float | None = Field(
        description="Average handle time per solved case: all the recorded work time of the "
        "handle_cases, per case; null when there are none (not measured)."
    )
    agents: list[AgentOut]
    days: list[SupportDayOut]


class DeflectionDayOut(Schema):
    day: date
    sessions: int = Field(description="Sessions shown suggestions, by the day they started.")
    self_solved: int
    abandoned: int = Field(description="Opened a suggestion, then left without filing.")
    filed_anyway: int
    deflection_rate: float | None = Field(description="(self_solved + abandoned) / sessions.")
    searched: int = Field(description="Sessions that searched at least once.")
    cases: int = Field(description="Cases filed that day.")
    self_service_score: float | None = Field(description="searched / cases.")
    kb_helpful: int
    kb_not_helpful: int


class GapOut(Schema):
    words: str = Field(description="The normalized words the sessions are grouped by.")
    example: str = Field(description="One query as typed.")
    filed: int
    filed_without_results: int


class DeflectionOut(Schema):
    range: RangeOut
    sessions: int
    deflected: int
    deflection_rate: float | None
    self_service_score: float | None = Field(description="Sessions that searched per case filed.")
    kb_helpful_share: float | None = Field(
        description="Share of 'Was this helpful?' answers that said yes."
    )
    gaps: list[GapOut]
    days: list[DeflectionDayOut]
