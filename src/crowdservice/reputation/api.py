"""API v1: reputation, its history, badges, leaderboards, privileges; admins' and moderators'
tools (adjust, award, champions, voting findings)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from crowdservice.accounts.actions import access_user
from crowdservice.accounts.api_auth import (
    AUTH_OPTIONAL,
    AUTH_REQUIRED,
    api_signed_in_user,
    api_user,
)
from crowdservice.accounts.schemas import AuthorOut
from crowdservice.core.errors import NotFound, ValidationFailed
from crowdservice.core.schemas import (
    ObjectId,
    Slug,
    Username,
    describe_errors,
    error_responses,
    paginate,
)
from crowdservice.reputation import actions, queries
from crowdservice.reputation.abuse import open_findings
from crowdservice.reputation.access import access_finding, require_finding_reviewer
from crowdservice.reputation.models import Badge
from crowdservice.reputation.privileges import ladder_rows, reputation_of
from crowdservice.reputation.registry import content
from crowdservice.reputation.schemas import (
    AdjustIn,
    AwardIn,
    BadgeAwardOut,
    BadgeOut,
    ChampionIn,
    EntryOut,
    FindingOut,
    HistoryFilters,
    HistoryPage,
    LeaderboardFilters,
    LeaderboardOut,
    LeaderOut,
    PrivilegeOut,
    PrivilegesOut,
    ReputationOut,
    TagScoreOut,
)
from crowdservice.reputation.views import TIER_ORDER

router = Router(tags=["reputation"])
READ = (401, 404, 422)
ADMIN = (400, 401, 403, 404, 409, 422)
MODERATE = (401, 404, 409, 422)


def _doc(text: str, codes: tuple[int, ...]) -> str:
    return f"{text}\n\n{describe_errors(*codes)}"


def _reputation(username: str) -> ReputationOut:
    person = access_user(username)
    summary = queries.profile(person, history_size=0)
    return ReputationOut(
        user=AuthorOut.of(person),
        total=summary.total,
        gold=summary.tier_counts["gold"],
        silver=summary.tier_counts["silver"],
        bronze=summary.tier_counts["bronze"],
        badges=[BadgeAwardOut.of(a) for a in summary.badges],
        top_tags=[TagScoreOut(name=t.name, points=t.points) for t in summary.top_tags],
        champion_of=[space.slug for space in summary.champion_of],
    )


@router.get(
    "/users/{username}/reputation",
    auth=AUTH_OPTIONAL,
    response={200: ReputationOut, **error_responses(*READ)},
    summary="A person's reputation",
    description=_doc(
        "Their reputation, badges (newest first), top tags and the spaces they champion.", READ
    ),
)
def get_reputation(request: HttpRequest, username: Username) -> ReputationOut:
    return _reputation(username)


@router.get(
    "/users/{username}/reputation/history",
    auth=AUTH_OPTIONAL,
    response={200: HistoryPage, **error_responses(*READ)},
    summary="A person's reputation history",
    description=_doc(
        "Every change of their reputation, newest first, with its reason. Changes about a "
        "deleted post show no question.",
        READ,
    ),
)
def get_history(
    request: HttpRequest, username: Username, filters: Query[HistoryFilters]
) -> HistoryPage:
    person = access_user(username)
    items, meta = paginate(queries.history(person), filters)
    questions = queries.describe(items)
    return HistoryPage(items=[EntryOut.of(e, questions) for e in items], **meta)


def _badge(b: Badge) -> BadgeOut:
    return BadgeOut(
        slug=b.slug, name=b.name, tier=b.tier, description=b.description,  # type: ignore[arg-type]
        awarded_by_rule=bool(b.rule), award_count=b.award_count,
    )  # fmt: skip


@router.get(
    "/badges",
    auth=AUTH_OPTIONAL,
    response={200: list[BadgeOut], **error_responses(401)},
    summary="All badges",
    description=_doc("Every badge, gold first, with how often it was awarded.", (401,)),
)
def list_badges(request: HttpRequest) -> list[BadgeOut]:
    catalogue = sorted(Badge.objects.all(), key=lambda b: (TIER_ORDER[b.tier], b.name))
    return [_badge(b) for b in catalogue]


@router.get(
    "/leaderboard",
    auth=AUTH_OPTIONAL,
    response={200: LeaderboardOut, **error_responses(*READ)},
    summary="The leaderboard",
    description=_doc(
        "The 20 members who earned most reputation in the last week, the last 30 days or all "
        "time, in all spaces or one.",
        READ,
    ),
)
def get_leaderboard(request: HttpRequest, filters: Query[LeaderboardFilters]) -> LeaderboardOut:
    space_id = None
    if filters.space is not None:
        found = [s for s in content().spaces() if s.slug == filters.space]
        if not found:
            raise NotFound(f"There is no space called {filters.space!r}.")
        space_id = found[0].id
    rows = queries.leaderboard(period=filters.period, space_id=space_id)
    return LeaderboardOut(
        period=filters.period,
        space=filters.space,
        items=[LeaderOut(rank=r.rank, user=AuthorOut.of(r.user), points=r.points) for r in rows],
    )


@router.get(
    "/privileges",
    auth=AUTH_OPTIONAL,
    response={200: PrivilegesOut, **error_responses(401)},
    summary="The privilege ladder",
    description=_doc("What reputation unlocks, lowest first, and which steps you have.", (401,)),
)
def get_privileges(request: HttpRequest) -> PrivilegesOut:
    user = api_user(request)
    from crowdservice.reputation.privileges import has_privilege

    return PrivilegesOut(
        reputation=reputation_of(user),
        items=[
            PrivilegeOut(
                name=str(row["name"]), threshold=int(row["threshold"]),  # type: ignore[call-overload]
                description=str(row["description"]),
                has=has_privilege(user, row["name"]),  # type: ignore[arg-type]
            )
            for row in ladder_rows(user)
        ],
    )  # fmt: skip


@router.post(
    "/users/{username}/reputation/adjustments",
    auth=AUTH_REQUIRED,
    response={200: ReputationOut, **error_responses(*ADMIN)},
    summary="Adjust a person's reputation (admins)",
    description=_doc("Add or remove points, with a reason that shows in their history.", ADMIN),
)
def adjust_reputation(request: HttpRequest, username: Username, payload: AdjustIn) -> ReputationOut:
    actor = api_signed_in_user(request)
    actions.do_adjust_reputation(
        actor=actor, user=access_user(username), points=payload.points, note=payload.note
    )
    return _reputation(username)


@router.post(
    "/users/{username}/badges",
    auth=AUTH_REQUIRED,
    response={201: BadgeAwardOut, **error_responses(*ADMIN)},
    summary="Award a badge (admins)",
    description=_doc("Award any badge by hand; a person has each badge once.", ADMIN),
)
def award_badge(
    request: HttpRequest, username: Username, payload: AwardIn
) -> Status[BadgeAwardOut]:
    actor = api_signed_in_user(request)
    award = actions.do_award_badge(
        actor=actor, user=access_user(username), slug=payload.badge, note=payload.note
    )
    return Status(201, BadgeAwardOut.of(award))


def _space_id(slug: str) -> int | None:
    found = [s for s in content().spaces() if s.slug == slug]
    return found[0].id if found else None


@router.post(
    "/users/{username}/champion",
    auth=AUTH_REQUIRED,
    response={200: ReputationOut, **error_responses(*ADMIN)},
    summary="Make someone a community champion (admins)",
    description=_doc(
        "Champions moderate in their space: they edit and delete posts there, and close and "
        "reopen questions.",
        ADMIN,
    ),
)
def grant_champion(request: HttpRequest, username: Username, payload: ChampionIn) -> ReputationOut:
    actor = api_signed_in_user(request)
    actions.do_grant_champion(
        actor=actor, user=access_user(username), space_id=_space_id(payload.space)
    )
    return _reputation(username)


@router.delete(
    "/users/{username}/champion/{space}",
    auth=AUTH_REQUIRED,
    response={200: ReputationOut, **error_responses(*ADMIN)},
    summary="End a community champion's role in a space (admins)",
    description=_doc("They keep their reputation and badges.", ADMIN),
)
def revoke_champion(request: HttpRequest, username: Username, space: Slug) -> ReputationOut:
    actor = api_signed_in_user(request)
    space_id = _space_id(space)
    if space_id is None:
        raise ValidationFailed({"space": [f"There is no space called {space!r}."]})
    actions.do_revoke_champion(actor=actor, user=access_user(username), space_id=space_id)
    return _reputation(username)


@router.get(
    "/reputation/findings",
    auth=AUTH_REQUIRED,
    response={200: list[FindingOut], **error_responses(401, 404)},
    summary="Open voting findings (moderators)",
    description=_doc(
        "Vote rings and same-address votes awaiting a moderator, newest activity first (at "
        "most 100). Anyone else gets a 404.",
        (401, 404),
    ),
)
def list_findings(request: HttpRequest) -> list[FindingOut]:
    require_finding_reviewer(api_signed_in_user(request))
    return [FindingOut.of(f) for f in open_findings()[:100]]


@router.post(
    "/reputation/findings/{finding_id}/confirm",
    auth=AUTH_REQUIRED,
    response={200: FindingOut, **error_responses(*MODERATE)},
    summary="Confirm a finding (moderators)",
    description=_doc("The votes between the accounts stop counting: their points are reversed.",
                     MODERATE),
)  # fmt: skip
def confirm_finding(request: HttpRequest, finding_id: ObjectId) -> FindingOut:
    actor = api_signed_in_user(request)
    finding = actions.do_confirm_finding(actor=actor, finding=access_finding(actor, finding_id))
    return FindingOut.of(access_finding(actor, finding.pk))


@router.post(
    "/reputation/findings/{finding_id}/dismiss",
    auth=AUTH_REQUIRED,
    response={200: FindingOut, **error_responses(*MODERATE)},
    summary="Dismiss a finding (moderators)",
    description=_doc("The votes were fine; they keep counting.", MODERATE),
)
def dismiss_finding(request: HttpRequest, finding_id: ObjectId) -> FindingOut:
    actor = api_signed_in_user(request)
    finding = actions.do_dismiss_finding(actor=actor, finding=access_finding(actor, finding_id))
    return FindingOut.of(access_finding(actor, finding.pk))
