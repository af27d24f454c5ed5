"""The trending page for the support team: current alerts and the terms rising now.

Acknowledge and resolve are small forms: htmx swaps the alert's card, and without JavaScript the
form posts and comes back to the page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crowdservice.accounts.models import User
from crowdservice.core.errors import ActionError
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required
from crowdservice.trends.access import require_trends_viewer
from crowdservice.trends.actions import access_alert, do_acknowledge, do_resolve
from crowdservice.trends.models import TrendAlert
from crowdservice.trends.queries import parse_at, parse_space, spaces, trending, visible_examples


@require_GET
@action_errors
@signin_required
def trending_page(request: HttpRequest) -> HttpResponse:
    require_trends_viewer(request.user)
    context: dict[str, object] = {
        "spaces": spaces(),
        "space_ref": request.GET.get("space", "")[:60],
        "at_ref": request.GET.get("at", "")[:40],
    }
    try:
        space = parse_space(request.GET.get("space"))
        at = parse_at(request.GET.get("at"))
    except ActionError as exc:
        # A bad filter is shown next to the filter, with the page's status saying so.
        context["filter_errors"] = exc.field_errors
        return render(request, "trends/page.html", context, status=exc.status_code)
    context["view"] = trending(request.user, at=at, space=space)
    return render(request, "trends/page.html", context)


def _alert_response(request: HttpRequest, alert: TrendAlert) -> HttpResponse:
    if is_htmx(request):
        alert.visible_examples = visible_examples(request.user, alert.examples)  # type: ignore[attr-defined]
        return render(request, "trends/partials/alert.html", {"alert": alert})
    return redirect(f"{reverse('trends:page')}#alert-{alert.pk}")


@require_POST
@action_errors
@signin_required
def acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    user = require_trends_viewer(request.user)
    alert = do_acknowledge(actor=user, alert=access_alert(user, alert_id))
    return _alert_response(request, alert)


@require_POST
@action_errors
@signin_required
def resolve(request: HttpRequest, alert_id: int) -> HttpResponse:
    user: User = require_trends_viewer(request.user)
    alert = do_resolve(actor=user, alert=access_alert(user, alert_id))
    return _alert_response(request, alert)
