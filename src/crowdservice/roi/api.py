"""API v1 of the ROI model: the prefilled inputs, a calculation, and saved scenarios.

For the support team only (agents, moderators, editors, admins): customers get a 403. A
scenario is private to its owner unless shared; someone else's private scenario is a 404, and
only the owner changes or deletes a shared one (a 403 for the others).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest
from ninja import Query, Router, Status

from crowdservice.accounts.api_auth import AUTH_REQUIRED, api_signed_in_user
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.schemas import ObjectId, PageIn, describe_errors, error_responses, paginate
from crowdservice.roi import actions
from crowdservice.roi.access import require_roi_user, visible_scenarios
from crowdservice.roi.inputs import check_inputs
from crowdservice.roi.models import Scenario
from crowdservice.roi.queries import prefill
from crowdservice.roi.schemas import (
    CalculateIn,
    PrefillOut,
    ResultOut,
    RoiInputsSchema,
    ScenarioIn,
    ScenarioOut,
    ScenarioPageOut,
    ScenarioPatch,
    SourceOut,
    summary_fields,
)

router = Router(tags=["roi"])
READ = (401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)


def _doc(text: str, codes: tuple[int, ...]) -> str:
    return f"{text}\n\n{describe_errors(*codes)}"


def _inputs(schema: RoiInputsSchema, prefix: str = "inputs.") -> Mapping[str, object]:
    """The inputs, checked now so that errors name the field as the caller sent it."""
    raw = schema.dict()
    try:
        check_inputs(raw)
    except ValidationFailed as exc:
        raise ValidationFailed({prefix + k: v for k, v in exc.errors.items()}) from exc
    return raw


def _scenario_out(user_id: int, scenario: Scenario) -> ScenarioOut:
    result = actions.scenario_result(scenario)
    return ScenarioOut(
        **summary_fields(scenario, result, user_id),
        inputs=RoiInputsSchema.of(result.inputs),
        result=ResultOut.of(result),
    )


@router.get(
    "/roi/prefill",
    auth=AUTH_REQUIRED,
    response={200: PrefillOut, **error_responses(401, 403)},
    summary="Inputs prefilled from measured data",
    description=_doc(
        "The inputs the calculator starts from: case volume, deflection rate and answer reuse "
        "measured over the last 90 days, documented defaults for the rest, and for each input "
        "a sentence saying which.",
        (401, 403),
    ),
)
def get_prefill(request: HttpRequest) -> PrefillOut:
    require_roi_user(api_signed_in_user(request))
    filled = prefill()
    return PrefillOut(
        inputs=RoiInputsSchema.of(filled.inputs),
        sources={k: SourceOut(measured=s.measured, text=s.text) for k, s in filled.sources.items()},
        measured_days=filled.measured.days,
    )


@router.post(
    "/roi/calculate",
    auth=AUTH_REQUIRED,
    response={200: ResultOut, **error_responses(400, 401, 403, 422)},
    summary="Calculate the ROI",
    description=_doc(
        "Three years of risk-adjusted benefits and costs for the inputs given: ROI, NPV, "
        "payback and the sensitivity of the ROI to each input. Saves nothing. Every input is "
        "required (start from `GET /roi/prefill`); each one out of range is named in `fields`.",
        (400, 401, 403, 422),
    ),
)
def calculate(request: HttpRequest, payload: CalculateIn) -> ResultOut:
    require_roi_user(api_signed_in_user(request))
    sensitivity = actions.check_sensitivity(payload.sensitivity_percent)
    return ResultOut.of(actions.run_model(_inputs(payload.inputs), sensitivity))


@router.get(
    "/roi/scenarios",
    auth=AUTH_REQUIRED,
    response={200: ScenarioPageOut, **error_responses(401, 403, 422)},
    summary="List scenarios",
    description=_doc(
        "Your scenarios and those your colleagues shared, most recently changed first, each "
        "with its headline results.",
        (401, 403, 422),
    ),
)
def list_scenarios(request: HttpRequest, params: Query[PageIn]) -> dict[str, object]:
    me = require_roi_user(api_signed_in_user(request))
    rows = visible_scenarios(me).select_related("owner")
    items, meta = paginate(rows, params)
    out = []
    for scenario in items:
        result = actions.scenario_result(scenario, with_sensitivity=False)
        out.append(summary_fields(scenario, result, me.pk))
    return {"items": out, **meta}


@router.post(
    "/roi/scenarios",
    auth=AUTH_REQUIRED,
    response={201: ScenarioOut, **error_responses(*WRITE)},
    summary="Save a scenario",
    description=_doc("Save inputs under a name, private unless `shared`.", WRITE),
)
def create_scenario(request: HttpRequest, payload: ScenarioIn) -> Status[ScenarioOut]:
    me = api_signed_in_user(request)
    scenario = actions.do_save_scenario(
        owner=me, name=payload.name, inputs=_inputs(payload.inputs), shared=payload.shared
    )
    return Status(201, _scenario_out(me.pk, scenario))


@router.get(
    "/roi/scenarios/{scenario_id}",
    auth=AUTH_REQUIRED,
    response={200: ScenarioOut, **error_responses(*READ)},
    summary="Get a scenario",
    description=_doc("A scenario's inputs and its results, recalculated now.", READ),
)
def get_scenario(request: HttpRequest, scenario_id: ObjectId) -> ScenarioOut:
    me = api_signed_in_user(request)
    return _scenario_out(me.pk, actions.access_scenario(me, scenario_id))


@router.patch(
    "/roi/scenarios/{scenario_id}",
    auth=AUTH_REQUIRED,
    response={200: ScenarioOut, **error_responses(*WRITE)},
    summary="Change a scenario",
    description=_doc("Rename, share or unshare it, or replace its inputs. Owner only.", WRITE),
)
def patch_scenario(
    request: HttpRequest, scenario_id: ObjectId, payload: ScenarioPatch
) -> ScenarioOut:
    me = api_signed_in_user(request)
    scenario = actions.access_scenario_to_change(me, scenario_id)
    updated = actions.do_update_scenario(
        actor=me,
        scenario=scenario,
        name=payload.name,
        shared=payload.shared,
        inputs=None if payload.inputs is None else _inputs(payload.inputs),
    )
    return _scenario_out(me.pk, updated)


@router.delete(
    "/roi/scenarios/{scenario_id}",
    auth=AUTH_REQUIRED,
    response={204: None, **error_responses(401, 403, 404, 422)},
    summary="Delete a scenario",
    description=_doc("Owner only.", (401, 403, 404, 422)),
)
def delete_scenario(request: HttpRequest, scenario_id: ObjectId) -> Status[None]:
    me = api_signed_in_user(request)
    actions.do_delete_scenario(
        actor=me, scenario=actions.access_scenario_to_change(me, scenario_id)
    )
    return Status(204, None)
