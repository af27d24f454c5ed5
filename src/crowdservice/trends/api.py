"""API v1: hot-topic alerts for the support team (`/trends/...`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.core.schemas import ObjectId, describe_errors, error_responses, paginate
from crowdservice.trends.access import require_trends_viewer
from crowdservice.trends.actions import access_alert, do_acknowledge, do_resolve
from crowdservice.trends.queries import alerts_for
from crowdservice.trends.schemas import AlertOut, AlertPage, AlertsIn

router = Router(tags=["trends"])
READ = (401, 403, 422)
WRITE = (401, 403, 404, 409, 422)


@router.get(
    "/alerts",
    auth=AUTH_REQUIRED,
    response={200: AlertPage, **error_responses(*READ)},
    summary="Hot-topic alerts",
    description=(
        "Tags and phrases far more common than their own baseline, newest first: by default "
        "the active ones (open or acknowledged). Staff only (agents, moderators, editors, "
        "admins); examples from cases are included for agents and admins only.\n\n"
        + describe_errors(*READ)
    ),
)
def list_alerts(request: HttpRequest, params: Query[AlertsIn]) -> AlertPage:
    user = require_trends_viewer(api_signed_in_user(request))
    items, meta = paginate(alerts_for(user, params.status), params)
    return AlertPage(items=[AlertOut.of(alert, user) for alert in items], **meta)


@router.post(
    "/alerts/{alert_id}/acknowledge",
    auth=AUTH_REQUIRED,
    response={200: AlertOut, **error_responses(*WRITE)},
    summary="Acknowledge a hot-topic alert",
    description=(
        "Say that someone is looking into it. Acknowledging twice changes nothing; a resolved "
        "alert cannot be acknowledged (409). Staff only.\n\n" + describe_errors(*WRITE)
    ),
)
def acknowledge(request: HttpRequest, alert_id: ObjectId) -> AlertOut:
    user = require_trends_viewer(api_signed_in_user(request))
    alert = do_acknowledge(actor=user, alert=access_alert(user, alert_id))
    return AlertOut.of(alert, user)


@router.post(
    "/alerts/{alert_id}/resolve",
    auth=AUTH_REQUIRED,
    response={200: AlertOut, **error_responses(*WRITE)},
    summary="Resolve a hot-topic alert",
    description=(
        "Say that it is dealt with: it leaves the active list, and the same spike does not "
        "alert again until the cool-down is over. An open or acknowledged alert can be "
        "resolved; one already resolved cannot (409). Staff only.\n\n" + describe_errors(*WRITE)
    ),
)
def resolve(request: HttpRequest, alert_id: ObjectId) -> AlertOut:
    user = require_trends_viewer(api_signed_in_user(request))
    alert = do_resolve(actor=user, alert=access_alert(user, alert_id))
    return AlertOut.of(alert, user)
