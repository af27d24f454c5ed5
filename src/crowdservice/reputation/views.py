"""Reputation pages: a person's reputation, leaderboards, badges, privileges, findings."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crowdservice.accounts.actions import access_user
from crowdservice.core.errors import Conflict, NotFound, ValidationFailed
from crowdservice.core.web import action_errors, signin_required
from crowdservice.reputation import actions, queries
from crowdservice.reputation.abuse import open_findings
from crowdservice.reputation.access import (
    access_finding,
    is_admin,
    require_admin,
    require_finding_reviewer,
    require_user,
)
from crowdservice.reputation.forms import AdjustForm, AwardForm, ChampionForm
from crowdservice.reputation.models import AbuseFinding, Badge
from crowdservice.reputation.privileges import ladder_rows, reputation_of
from crowdservice.reputation.registry import content

TIER_ORDER = {"gold": 0, "silver": 1, "bronze": 2}
HISTORY_PAGE = 30


def parse_period(raw: str | None) -> queries.Period:
    return raw if raw in queries.PERIODS else "week"  # type: ignore[return-value]


@require_GET
@action_errors
def user_reputation(request: HttpRequest, username: str) -> HttpResponse:
    person = access_user(username)
    return _user_page(request, person.username)


def _user_page(
    request: HttpRequest,
    username: str,
    *,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    person = access_user(username)
    summary = queries.profile(person, history_size=0)
    page = Paginator(queries.history(person), HISTORY_PAGE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    admin = is_admin(request.user)
    context = {
        "person": person,
        "summary": summary,
        "page_obj": page,
        "entries": entries,
        "questions": queries.describe(entries),
        "is_admin": admin,
        "spaces": content().spaces() if admin else [],
        "badges": sorted(Badge.objects.all(), key=lambda b: (TIER_ORDER[b.tier], b.name))
        if admin
        else [],
        "adjust_form": AdjustForm(),
        "award_form": AwardForm(),
        "champion_form": ChampionForm(),
        **(forms or {}),
    }
    return render(request, "reputation/user.html", context, status=status)


def _admin_post(
    request: HttpRequest, username: str, form_name: str, form: AdjustForm | AwardForm | ChampionForm
) -> HttpResponse:
    me = require_admin(request.user)
    person = access_user(username)
    if not form.is_valid():
        return _user_page(request, username, forms={form_name: form}, status=422)
    data = form.cleaned_data
    try:
        if isinstance(form, AdjustForm):
            actions.do_adjust_reputation(
                actor=me, user=person, points=data["points"], note=data["note"]
            )
        elif isinstance(form, AwardForm):
            actions.do_award_badge(actor=me, user=person, slug=data["badge"], note=data["note"])
        else:
            actions.do_grant_champion(actor=me, user=person, space_id=data["space"])
    except (ValidationFailed, Conflict) as exc:
        form.add_action_error(exc)
        return _user_page(request, username, forms={form_name: form}, status=exc.status_code)
    return redirect(reverse("reputation:user", args=[person.username]))


@require_POST
@action_errors
@signin_required
def adjust(request: HttpRequest, username: str) -> HttpResponse:
    return _admin_post(request, username, "adjust_form", AdjustForm(request.POST))


@require_POST
@action_errors
@signin_required
def award(request: HttpRequest, username: str) -> HttpResponse:
    return _admin_post(request, username, "award_form", AwardForm(request.POST))


@require_POST
@action_errors
@signin_required
def champion(request: HttpRequest, username: str) -> HttpResponse:
    return _admin_post(request, username, "champion_form", ChampionForm(request.POST))


@require_POST
@action_errors
@signin_required
def revoke_champion(request: HttpRequest, username: str, space_id: int) -> HttpResponse:
    me = require_user(request.user)
    person = access_user(username)
    actions.do_revoke_champion(actor=me, user=person, space_id=space_id)
    return redirect(reverse("reputation:user", args=[person.username]))


@require_GET
@action_errors
def leaderboard(request: HttpRequest) -> HttpResponse:
    period = parse_period(request.GET.get("period"))
    spaces = content().spaces()
    slug = request.GET.get("space") or ""
    space = next((s for s in spaces if s.slug == slug), None)
    if slug and space is None:
        raise NotFound(f"There is no space called {slug[:60]!r}.")
    rows = queries.leaderboard(period=period, space_id=space.id if space else None)
    context = {
        "rows": rows,
        "period": period,
        "periods": queries.PERIODS,
        "spaces": spaces,
        "space": space,
    }
    return render(request, "reputation/leaderboard.html", context)


@require_GET
def badges(request: HttpRequest) -> HttpResponse:
    catalogue = sorted(queries.badge_catalogue(), key=lambda b: (TIER_ORDER[b.tier], b.name))
    return render(request, "reputation/badges.html", {"badges": catalogue})


@require_GET
@action_errors
def badge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    badge = Badge.objects.filter(slug=slug).first()
    if badge is None:
        raise NotFound(f"There is no badge called {slug[:60]!r}.")
    context = {"badge": badge, "awards": queries.recent_awards(badge)}
    return render(request, "reputation/badge.html", context)


@require_GET
def privileges(request: HttpRequest) -> HttpResponse:
    context = {"rows": ladder_rows(request.user), "mine": reputation_of(request.user)}
    return render(request, "reputation/privileges.html", context)


@require_GET
@action_errors
@signin_required
def findings(request: HttpRequest) -> HttpResponse:
    require_finding_reviewer(request.user)
    items = list(open_findings()[:100])
    return render(request, "reputation/findings.html", {"findings": items})


def _resolve(request: HttpRequest, finding_id: int, confirm: bool) -> HttpResponse:
    me = require_user(request.user)
    finding: AbuseFinding = access_finding(me, finding_id)
    if confirm:
        actions.do_confirm_finding(actor=me, finding=finding)
    else:
        actions.do_dismiss_finding(actor=me, finding=finding)
    return redirect(reverse("reputation:findings"))


@require_POST
@action_errors
@signin_required
def confirm_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _resolve(request, finding_id, confirm=True)


@require_POST
@action_errors
@signin_required
def dismiss_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    return _resolve(request, finding_id, confirm=False)
