"""API v1: the insights dashboards' numbers, for the support and community team only."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.core.schemas import describe_errors, error_responses
from crowdservice.insights.access import require_insights_viewer
from crowdservice.insights.filters import Filters, parse_filters
from crowdservice.insights.queries import (
    community_report,
    deflection_report,
    support_report,
)
from crowdservice.insights.schemas import (
    AgentOut,
    CommunityDayOut,
    CommunityOut,
    ContributorsOut,
    DeflectionDayOut,
    DeflectionOut,
    GapOut,
    InsightsIn,
    RangeOut,
    SupportDayOut,
    SupportOut,
)

router = Router(tags=["insights"])
ERRORS = (401, 403, 404, 422)


def _doc(text: str) -> str:
    return (
        f"{text} Staff only (agents, moderators, editors, admins). Rates are 0-1 fractions and "
        "durations seconds; both are null when there is nothing to measure.\n\n"
        "- **404**: `space` names no space.\n" + describe_errors(401, 403, 422)
    )


def _filters(request: HttpRequest, params: InsightsIn) -> Filters:
    require_insights_viewer(api_signed_in_user(request))
    return parse_filters(params.dict())


def _range(f: Filters, has_data: bool) -> RangeOut:
    return RangeOut(
        start=f.start,
        end=f.end,
        space=f.space_slug or None,
        notices=list(f.notices),
        has_data=has_data,
    )


@router.get(
    "/insights/community",
    auth=AUTH_REQUIRED,
    response={200: CommunityOut, **error_responses(*ERRORS)},
    summary="Community health",
    description=_doc(
        "Questions, answers and replies per day; the share of questions answered (by the "
        "community or by staff) and the median time to a first answer, counted on the day each "
        "question was asked; active, new and returning contributors; answer concentration."
    ),
)
def community(request: HttpRequest, params: Query[InsightsIn]) -> CommunityOut:
    r = community_report(_filters(request, params))
    c = r.contributors
    return CommunityOut(
        range=_range(r.filters, r.has_data),
        questions=r.total("questions"),
        answers=r.total("answers"),
        comments=r.total("comments"),
        flags=r.total("flags"),
        answered_share=r.answered_share,
        answered_by_community_share=r.community_share,
        answered_by_staff_share=r.staff_share,
        median_first_answer_seconds=r.median_first_answer,
        contributors=ContributorsOut(
            active=c.active,
            new=c.new,
            returning=c.returning,
            answerers=c.answerers,
            top1_share=c.top1_share,
            top10_share=c.top10_share,
        ),
        days=[
            CommunityDayOut(
                day=d.day,
                questions=d.questions,
                answers=d.answers,
                comments=d.comments,
                accepted=d.accepted,
                flags=d.flags,
                asked=d.asked,
                answered=d.answered,
                answered_by_staff=d.answered_by_staff,
                median_first_answer_seconds=d.median_first_answer,
            )
            for d in r.days
        ],
    )


@router.get(
    "/insights/support",
    auth=AUTH_REQUIRED,
    response={200: SupportOut, **error_responses(*ERRORS)},
    summary="Support",
    description=_doc(
        "Cases by channel, first-response and resolution times, backlog, SLA attainment, "
        "reopen rate, CSAT, cases and customers per agent, agents' recorded work time and "
        "handle time per solved case, escalations from the community and resolutions "
        "published back."
    ),
)
def support(request: HttpRequest, params: Query[InsightsIn]) -> SupportOut:
    r = support_report(_filters(request, params))
    return SupportOut(
        range=_range(r.filters, r.has_data),
        cases=r.total("cases"),
        median_first_response_seconds=r.median_first_response,
        median_resolution_seconds=r.median_resolution,
        backlog=r.backlog,
        sla_attainment=r.sla_attainment,
        reopen_rate=r.reopen_rate,
        csat_average=r.csat_average,
        csat_satisfied_share=r.csat_satisfied_share,
        escalations=r.total("escalations"),
        publications=r.total("publications"),
        cases_per_agent=r.cases_per_agent,
        customers_per_agent=r.customers_per_agent,
        time_worked_seconds=r.time_worked,
        handle_cases=r.handle_cases,
        handle_time_seconds=r.handle_time,
        agents=[
            AgentOut(
                agent_id=a.agent_id,
                name=a.name,
                cases=a.cases,
                customers=a.customers,
                time_worked_seconds=a.time_worked,
                cases_worked=a.work_cases,
                time_per_case_seconds=a.time_per_case,
            )
            for a in r.agents
        ],
        days=[
            SupportDayOut(
                day=d.day,
                cases=d.cases,
                by_channel=d.by_channel,
                first_responses=d.first_responses,
                median_first_response_seconds=d.median_first_response,
                resolved=d.resolved,
                resolved_within_sla=d.resolved_within_sla,
                median_resolution_seconds=d.median_resolution,
                reopened=d.reopened,
                backlog=d.backlog,
                csat_ratings=d.csat_ratings,
                csat_average=d.csat_average,
                escalations=d.escalations,
                publications=d.publications,
                time_worked_seconds=d.time_worked,
                handle_cases=d.handle_cases,
                handle_time_seconds=d.handle_time,
            )
            for d in r.days
        ],
    )


@router.get(
    "/insights/deflection",
    auth=AUTH_REQUIRED,
    response={200: DeflectionOut, **error_responses(*ERRORS)},
    summary="Deflection and self-service",
    description=_doc(
        "Deflection rate (the deflection report's definition: self-solved or abandoned after "
        "opening a suggestion, of the sessions shown suggestions), the self-service score "
        "(sessions that searched per case filed), help-center helpfulness and content gaps."
    ),
)
def deflection(request: HttpRequest, params: Query[InsightsIn]) -> DeflectionOut:
    r = deflection_report(_filters(request, params))
    return DeflectionOut(
        range=_range(r.filters, r.has_data),
        sessions=r.total.sessions,
        deflected=r.total.deflected,
        deflection_rate=r.total.rate,
        self_service_score=r.self_service_score,
        kb_helpful_share=r.kb_helpful_share,
        gaps=[
            GapOut(
                words=g.query_key,
                example=g.example,
                filed=g.filed,
                filed_without_results=g.without_results,
            )
            for g in r.gaps
        ],
        days=[
            DeflectionDayOut(
                day=d.day,
                sessions=d.rates.sessions,
                self_solved=d.rates.self_solved,
                abandoned=d.rates.abandoned,
                filed_anyway=d.rates.filed_anyway,
                deflection_rate=d.rates.rate,
                searched=d.searched,
                cases=d.cases,
                self_service_score=d.self_service_score,
                kb_helpful=d.kb_helpful,
                kb_not_helpful=d.kb_not_helpful,
            )
            for d in r.days
        ],
    )
