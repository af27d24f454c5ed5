"""Calculating and saving ROI scenarios: the only code that writes the ROI app's tables.

`run_model` validates raw inputs (from a form, the API or a stored scenario) and calculates;
the `do_*` functions save, change and delete scenarios, each recording its event in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.core.errors import Forbidden, NotFound, ValidationFailed
from crowdservice.core.events import record_event
from crowdservice.roi.access import AnyUser, can_change, require_roi_user, visible_scenarios
from crowdservice.roi.inputs import RoiInputs, check_inputs, inputs_from_stored
from crowdservice.roi.model import DEFAULT_SENSITIVITY_PERCENT, Result, calculate
from crowdservice.roi.models import Scenario

MAX_NAME = 100
SENSITIVITY_CHOICES = (10.0, 20.0, 30.0, 50.0)


def check_sensitivity(raw: object) -> float:
    """The ± percentage of the sensitivity view: 1 to 90 (at 100 an input would drop to 0)."""
    if raw is None or raw == "":
        return DEFAULT_SENSITIVITY_PERCENT
    try:
        value = float(str(raw))
    except ValueError:
        value = -1.0
    if not 1 <= value <= 90:
        raise ValidationFailed(
            {"sensitivity_percent": ["Move the inputs by 1% to 90% in the sensitivity view."]}
        )
    return value


def run_model(
    raw: Mapping[str, object], sensitivity_percent: float = DEFAULT_SENSITIVITY_PERCENT
) -> Result:
    return calculate(check_inputs(raw), sensitivity_percent)


def scenario_result(scenario: Scenario, *, with_sensitivity: bool = True) -> Result:
    inputs = inputs_from_stored(scenario.inputs)
    return calculate(inputs, DEFAULT_SENSITIVITY_PERCENT if with_sensitivity else None)


def access_scenario(user: AnyUser, scenario_id: int) -> Scenario:
    require_roi_user(user)
    found = visible_scenarios(user).select_related("owner").filter(pk=scenario_id).first()
    if found is None:
        raise NotFound(f"Scenario {scenario_id} does not exist, or it is someone else's.")
    return found


def access_scenario_to_change(user: AnyUser, scenario_id: int) -> Scenario:
    scenario = access_scenario(user, scenario_id)
    if not can_change(user, scenario):
        raise Forbidden(
            f"Only {scenario.owner.public_name} can change or delete “{scenario.name}”, their "
            "scenario. Save a copy of your own instead."
        )
    return scenario


def check_name(owner: User, name: str, *, exclude_id: int | None = None) -> str:
    cleaned = " ".join(name.split())
    problem = None
    if not cleaned:
        problem = "Give the scenario a name, like “Community with 25% deflection”."
    elif len(cleaned) > MAX_NAME:
        problem = f"Keep the name to {MAX_NAME} characters (it has {len(cleaned)})."
    elif "\x00" in cleaned:
        problem = "The name may not contain NUL characters."
    else:
        taken = Scenario.objects.filter(owner=owner, name=cleaned)
        if exclude_id is not None:
            taken = taken.exclude(pk=exclude_id)
        if taken.exists():
            problem = f"You already have a scenario called “{cleaned}”; choose another name."
    if problem:
        raise ValidationFailed({"name": [problem]})
    return cleaned


def _duplicate_name(name: str) -> ValidationFailed:
    # The unique constraint caught a concurrent save with the same name.
    return ValidationFailed(
        {"name": [f"You already have a scenario called “{name}”; choose another name."]}
    )


def do_save_scenario(
    *, owner: AnyUser, name: str, inputs: Mapping[str, object], shared: bool = False
) -> Scenario:
    me = require_roi_user(owner)
    checked: RoiInputs | None = None
    errors: dict[str, list[str]] = {}
    try:
        checked = check_inputs(inputs)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        cleaned = check_name(me, name)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors or checked is None:
        raise ValidationFailed(errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            scenario = Scenario.objects.create(
                owner=me, name=cleaned, shared=shared, inputs=checked.as_dict(),
                created_at=now, updated_at=now,
            )  # fmt: skip
            record_event(
                actor=me,
                verb="roi.scenario_saved",
                target=scenario,
                payload={"name": cleaned, "shared": shared},
            )
    except IntegrityError as exc:
        raise _duplicate_name(cleaned) from exc
    return scenario


def do_update_scenario(
    *,
    actor: AnyUser,
    scenario: Scenario,
    name: str | None = None,
    inputs: Mapping[str, object] | None = None,
    shared: bool | None = None,
) -> Scenario:
    """Change what is given; the others stay. Only the owner may."""
    me = require_roi_user(actor)
    if not can_change(me, scenario):
        raise Forbidden("Only the scenario's owner can change it.")
    errors: dict[str, list[str]] = {}
    fields: dict[str, object] = {}
    if inputs is not None:
        try:
            fields["inputs"] = check_inputs(inputs).as_dict()
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if name is not None:
        try:
            fields["name"] = check_name(me, name, exclude_id=scenario.pk)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    if shared is not None:
        fields["shared"] = shared
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
            for field, value in fields.items():
                setattr(locked, field, value)
            locked.updated_at = timezone.now()
            locked.save(update_fields=[*fields, "updated_at"])
            record_event(
                actor=me,
                verb="roi.scenario_updated",
                target=locked,
                payload={"name": locked.name, "shared": locked.shared, "changed": sorted(fields)},
            )
    except IntegrityError as exc:
        raise _duplicate_name(str(fields.get("name", scenario.name))) from exc
    except Scenario.DoesNotExist as exc:
        raise NotFound("That scenario was deleted meanwhile.") from exc
    locked.owner = scenario.owner
    return locked


def do_delete_scenario(*, actor: AnyUser, scenario: Scenario) -> None:
    me = require_roi_user(actor)
    if not can_change(me, scenario):
        raise Forbidden("Only the scenario's owner can delete it.")
    with transaction.atomic():
        record_event(
            actor=me,
            verb="roi.scenario_deleted",
            target=scenario,
            payload={"name": scenario.name, "inputs": scenario.inputs},
        )
        Scenario.objects.filter(pk=scenario.pk).delete()
