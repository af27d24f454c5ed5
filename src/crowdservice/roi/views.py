"""The ROI pages: the calculator (results follow the inputs through htmx), saving a scenario,
the list of scenarios, comparing two or three, and deleting one.

The calculator is a GET form: calculating writes nothing, and without JavaScript its button
shows the same results. Saving posts the inputs of the results on screen (hidden fields that
htmx refreshes with every result), so what is saved is what was shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crowdservice.accounts.models import User
from crowdservice.core.errors import ValidationFailed
from crowdservice.core.htmx import is_htmx
from crowdservice.core.web import action_errors, signin_required
from crowdservice.roi.access import can_change, require_roi_user, visible_scenarios
from crowdservice.roi.actions import (
    access_scenario,
    access_scenario_to_change,
    check_sensitivity,
    do_delete_scenario,
    do_save_scenario,
    do_update_scenario,
    run_model,
    scenario_result,
)
from crowdservice.roi.forms import UNIT_SUFFIX, InputsForm, SaveForm
from crowdservice.roi.inputs import SPECS, Group, InputSpec, inputs_from_stored
from crowdservice.roi.model import Result
from crowdservice.roi.models import Scenario
from crowdservice.roi.presenters import (
    COLORS,
    GROUP_TITLES,
    input_value,
    money,
    payback,
    percent,
    results_context,
)
from crowdservice.roi.queries import Prefill, Source, prefill

LIST_LIMIT = 200
COMPARE_MIN, COMPARE_MAX = 2, 3


def field_text(value: float) -> str:
    """A number as a person would type it: 3000, 33.3, 0.5."""
    return format(round(value, 4), "f").rstrip("0").rstrip(".") or "0"


def _scenario_param(user: User, raw: str | None) -> Scenario | None:
    if not raw:
        return None
    return access_scenario(user, int(raw) if raw.isdigit() and len(raw) < 19 else 0)


@dataclass(frozen=True)
class FieldRow:
    field: Any  # a BoundField
    spec: InputSpec
    unit: str
    source: Source | None


def _groups(form: InputsForm, filled: Prefill | None) -> list[tuple[str, str, list[FieldRow]]]:
    groups = []
    for group in Group:
        rows = [
            FieldRow(
                field=form[spec.name],
                spec=spec,
                unit=UNIT_SUFFIX[spec.unit],
                source=filled.sources.get(spec.name) if filled else None,
            )
            for spec in SPECS
            if spec.group == group
        ]
        groups.append((group.value, GROUP_TITLES[group], rows))
    return groups


def _calculate(data: Mapping[str, Any], form: InputsForm) -> Result | None:
    form.is_valid()
    errors: dict[str, list[str]] = {}
    sensitivity = 20.0
    try:
        sensitivity = check_sensitivity(data.get("sensitivity_percent"))
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        result = run_model(data, sensitivity)
    except ValidationFailed as exc:
        errors.update(exc.errors)
        result = None
    if errors:
        form.add_action_error(ValidationFailed(errors))
        return None
    return result


def _render_calculator(
    request: HttpRequest,
    me: User,
    data: Mapping[str, Any],
    *,
    scenario: Scenario | None,
    save_form: SaveForm | None = None,
    status: int = 200,
    filled: Prefill | None = None,
) -> HttpResponse:
    form = InputsForm(data)
    result = _calculate(data, form)
    owner = scenario is not None and can_change(me, scenario)
    # "Save changes" keeps the scenario shared unless the owner unticks the box.
    shared = bool(scenario and owner and scenario.shared)
    context: dict[str, Any] = {
        "form": form,
        "scenario": scenario,
        "can_change": owner,
        "save_form": save_form or SaveForm(initial={"name": "", "shared": shared}),
        "saved_inputs": result.inputs.as_dict() if result else None,
        "error_summary": [
            (name, form.fields[name].label if name in form.fields else name, messages_)
            for name, messages_ in form.errors.items()
        ],
        "spec_names": [spec.name for spec in SPECS],
        **(results_context(result) if result else {}),
    }
    if result is None and status < 400:
        status = 422  # the inputs need fixing: the page says which, next to each field
    if is_htmx(request) and request.method == "GET":
        return render(request, "roi/partials/results_update.html", context, status=status)
    filled = filled or prefill()
    context["groups"] = _groups(form, filled)
    context["measured_days"] = filled.measured.days
    return render(request, "roi/calculator.html", context, status=status)


@require_GET
@action_errors
@signin_required
def calculator(request: HttpRequest) -> HttpResponse:
    me = require_roi_user(request.user)
    scenario = _scenario_param(me, request.GET.get("scenario"))
    data: Mapping[str, Any]
    filled = None
    if any(spec.name in request.GET for spec in SPECS):
        data = request.GET
    elif scenario is not None:
        stored = inputs_from_stored(scenario.inputs).as_dict()
        data = {k: field_text(v) for k, v in stored.items()} | {"sensitivity_percent": "20"}
    else:
        filled = prefill()
        start = filled.inputs.as_dict()
        data = {k: field_text(v) for k, v in start.items()} | {"sensitivity_percent": "20"}
    return _render_calculator(request, me, data, scenario=scenario, filled=filled)


def _save_fields(request: HttpRequest) -> tuple[SaveForm, str, bool]:
    form = SaveForm(request.POST)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return form, str(cleaned.get("name") or ""), bool(cleaned.get("shared"))


@require_POST
@action_errors
@signin_required
def save(request: HttpRequest) -> HttpResponse:
    me = require_roi_user(request.user)
    form, name, shared = _save_fields(request)
    try:
        scenario = do_save_scenario(owner=me, name=name, inputs=request.POST, shared=shared)
    except ValidationFailed as exc:
        form.add_action_error(exc)
        return _render_calculator(request, me, request.POST, scenario=None, save_form=form,
                                  status=422)  # fmt: skip
    messages.success(request, f"Saved “{scenario.name}”.")
    return redirect(f"{reverse('roi:calculator')}?scenario={scenario.pk}")


@require_POST
@action_errors
@signin_required
def update(request: HttpRequest, scenario_id: int) -> HttpResponse:
    me = require_roi_user(request.user)
    scenario = access_scenario_to_change(me, scenario_id)
    form, name, shared = _save_fields(request)
    try:
        scenario = do_update_scenario(
            actor=me, scenario=scenario, name=name or scenario.name, inputs=request.POST,
            shared=shared,
        )  # fmt: skip
    except ValidationFailed as exc:
        form.add_action_error(exc)
        return _render_calculator(request, me, request.POST, scenario=scenario, save_form=form,
                                  status=422)  # fmt: skip
    messages.success(request, f"Saved your changes to “{scenario.name}”.")
    return redirect(f"{reverse('roi:calculator')}?scenario={scenario.pk}")


@require_POST
@action_errors
@signin_required
def delete(request: HttpRequest, scenario_id: int) -> HttpResponse:
    me = require_roi_user(request.user)
    scenario = access_scenario_to_change(me, scenario_id)
    do_delete_scenario(actor=me, scenario=scenario)
    messages.success(request, f"Deleted “{scenario.name}”.")
    return redirect("roi:scenarios")


@require_GET
@action_errors
@signin_required
def scenario_page(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = access_scenario(request.user, scenario_id)
    return redirect(f"{reverse('roi:calculator')}?scenario={scenario.pk}")


@dataclass(frozen=True)
class ScenarioRow:
    scenario: Scenario
    roi: str
    npv: str
    payback: str
    can_change: bool


@require_GET
@action_errors
@signin_required
def scenarios(request: HttpRequest) -> HttpResponse:
    me = require_roi_user(request.user)
    rows = []
    for scenario in visible_scenarios(me).select_related("owner")[:LIST_LIMIT]:
        result = scenario_result(scenario, with_sensitivity=False)
        rows.append(
            ScenarioRow(
                scenario=scenario, roi=percent(result.roi), npv=money(result.npv),
                payback=payback(result.payback_months), can_change=can_change(me, scenario),
            )
        )  # fmt: skip
    return render(request, "roi/scenarios.html", {"rows": rows, "limit": LIST_LIMIT})


def _compare_ids(raw: list[str]) -> list[int]:
    ids = list(dict.fromkeys(int(v) for v in raw if v.isdigit() and len(v) < 19))
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise ValidationFailed(
            {"ids": [f"Choose two or three scenarios to compare (you chose {len(ids)})."]}
        )
    return ids


@require_GET
@action_errors
@signin_required
def compare(request: HttpRequest) -> HttpResponse:
    me = require_roi_user(request.user)
    ids = _compare_ids(request.GET.getlist("ids"))
    found = {s.pk: s for s in visible_scenarios(me).select_related("owner").filter(pk__in=ids)}
    chosen = [access_scenario(me, i) if i not in found else found[i] for i in ids]
    results = [scenario_result(s, with_sensitivity=False) for s in chosen]
    headline = [
        ("ROI", [percent(r.roi) for r in results]),
        ("Net present value", [money(r.npv) for r in results]),
        ("Payback", [payback(r.payback_months) for r in results]),
        ("Present value of benefits", [money(r.pv_benefits) for r in results]),
        ("Present value of costs", [money(r.pv_costs) for r in results]),
        ("NPV before risk adjustments", [money(r.unadjusted_npv) for r in results]),
        ("Cases deflected over 3 years", [f"{r.deflected_cases:,.0f}" for r in results]),
    ]
    inputs = []
    for spec in SPECS:
        values = [getattr(r.inputs, spec.name) for r in results]
        inputs.append((spec.label, [input_value(spec, v) for v in values], len(set(values)) > 1))
    chart = {
        "type": "bar",
        "data": {
            "labels": [s.name for s in chosen],
            "datasets": [
                {"label": "PV of benefits", "data": [round(r.pv_benefits) for r in results],
                 "backgroundColor": COLORS["benefits"]},
                {"label": "PV of costs", "data": [round(r.pv_costs) for r in results],
                 "backgroundColor": COLORS["costs"]},
                {"label": "NPV", "data": [round(r.npv) for r in results],
                 "backgroundColor": COLORS["high"]},
            ],
        },
        "options": {"plugins": {"legend": {"position": "bottom"}}},
    }  # fmt: skip
    context = {"scenarios": chosen, "headline": headline, "inputs": inputs, "chart": chart}
    return render(request, "roi/compare.html", context)
