"""The ROI model's inputs: one table that drives validation, the calculator form, the API's
descriptions, the stored scenarios and the sensitivity view.

Every input is a number. Rates are percentages (0-100) in forms, the API and stored scenarios;
the calculation (`model.py`) turns them into fractions. Money is in the company's own currency:
the model never converts, so all money inputs must use the same one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum

from crowdservice.core.errors import ValidationFailed


class Group(StrEnum):
    BENEFITS = "benefits"
    COSTS = "costs"
    RISKS = "risks"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    MINUTES = "minutes"


@dataclass(frozen=True)
class InputSpec:
    name: str
    label: str
    group: Group
    unit: Unit
    default: float
    minimum: float
    maximum: float
    help: str
    # Shown in the form when nothing measures it: what to do with the default.
    default_note: str = "edit it to your own figure"


MONEY_MAX = 1_000_000_000_000.0  # a trillion: far above any support budget, far below overflow

SPECS: tuple[InputSpec, ...] = (
    # Benefits: how much support demand there is, how much of it the community takes away,
    # what an assisted case costs, and what else the community saves.
    InputSpec(
        "monthly_demand", "Support demand per month", Group.BENEFITS, Unit.COUNT,
        3000, 0, 100_000_000,
        "Every support request customers bring in a month, however it ends up solved "
        "(self-service, community or an agent), before the community deflects any.",
    ),
    InputSpec(
        "self_service_percent", "Already self-served", Group.BENEFITS, Unit.PERCENT,
        33.3, 0, 100,
        "The share of that demand customers already solve themselves without the community "
        "(help center, FAQ, status page). The rest would become assisted cases.",
    ),
    InputSpec(
        "deflection_percent", "Community deflection rate", Group.BENEFITS, Unit.PERCENT,
        25, 0, 100,
        "Of the demand not already self-served, the share the community answers so that no case "
        "is filed.",
    ),
    InputSpec(
        "handle_minutes", "Agent minutes per assisted case", Group.BENEFITS, Unit.MINUTES,
        25, 0, 1440,
        "All agent time one case takes, over all its replies, until it is solved.",
    ),
    InputSpec(
        "agent_cost_per_hour", "Loaded agent cost per hour", Group.BENEFITS, Unit.MONEY,
        48, 0, 100_000,
        "Salary, benefits, tools, management and office per productive agent hour. With the "
        "handle time it gives the cost of an assisted case.",
    ),
    InputSpec(
        "answer_reuse_percent", "Cases helped by an existing answer", Group.BENEFITS,
        Unit.PERCENT, 15, 0, 100,
        "Of the cases still filed, the share where the agent reuses a help-center article or "
        "community answer instead of writing one.",
    ),
    InputSpec(
        "minutes_saved_per_reuse", "Agent minutes saved per reused answer", Group.BENEFITS,
        Unit.MINUTES, 5, 0, 1440,
        "How much shorter such a case is. At most the handle time.",
    ),
    InputSpec(
        "retained_customers_per_year", "Customers kept per year (optional)", Group.BENEFITS,
        Unit.COUNT, 0, 0, 100_000_000,
        "Optional CSAT benefit: customers who would have left without the community's faster "
        "answers. Leave 0 unless you have evidence (a churn study, a CSAT-to-retention model).",
        default_note="the CSAT benefit counts only once you enter your own evidence",
    ),
    InputSpec(
        "value_per_retained_customer", "Value of a kept customer (optional)", Group.BENEFITS,
        Unit.MONEY, 0, 0, MONEY_MAX,
        "Optional CSAT benefit: the margin one kept customer brings in a year.",
        default_note="the CSAT benefit counts only once you enter your own evidence",
    ),
    InputSpec(
        "yearly_growth_percent", "Demand growth per year", Group.BENEFITS, Unit.PERCENT,
        5, -90, 500,
        "How much support demand grows (or, negative, shrinks) each year; year 1 uses the "
        "demand above.",
    ),
    InputSpec(
        "adoption_year1_percent", "Adoption in year 1", Group.BENEFITS, Unit.PERCENT,
        50, 0, 100,
        "Ramp-up: the share of the full benefits reached in year 1, while the community grows.",
    ),
    InputSpec(
        "adoption_year2_percent", "Adoption in year 2", Group.BENEFITS, Unit.PERCENT,
        85, 0, 100, "The share of the full benefits reached in year 2.",
    ),
    InputSpec(
        "adoption_year3_percent", "Adoption in year 3", Group.BENEFITS, Unit.PERCENT,
        100, 0, 100, "The share of the full benefits reached in year 3.",
    ),
    # Costs.
    InputSpec(
        "platform_cost_per_year", "Platform per year", Group.COSTS, Unit.MONEY,
        24_000, 0, MONEY_MAX,
        "Hosting, support contract and upkeep of the platform.",
    ),
    InputSpec(
        "moderator_ftes", "Community moderators (full-time equivalents)", Group.COSTS,
        Unit.COUNT, 1, 0, 100_000,
        "Staff time spent moderating and managing the community, in full-time people.",
    ),
    InputSpec(
        "moderator_cost_per_year", "Loaded cost of a moderator per year", Group.COSTS,
        Unit.MONEY, 65_000, 0, MONEY_MAX,
        "Salary, benefits and overhead of one full-time moderator.",
    ),
    InputSpec(
        "implementation_cost", "Implementation (once, before year 1)", Group.COSTS, Unit.MONEY,
        40_000, 0, MONEY_MAX,
        "Set-up, integration, migration, training and launch, paid up front.",
    ),
    InputSpec(
        "community_programs_per_year", "Community programs per year", Group.COSTS, Unit.MONEY,
        10_000, 0, MONEY_MAX,
        "Champions program, rewards, events and content campaigns.",
    ),
    # Risks: how much to distrust each estimate, as Forrester's TEI does.
    InputSpec(
        "risk_reputation_percent", "Reputation risk", Group.RISKS, Unit.PERCENT, 10, 0, 100,
        "Wrong or rude community answers send people back to support or away: reduces the "
        "deflection and CSAT benefits.",
    ),
    InputSpec(
        "risk_implementation_percent", "Implementation risk", Group.RISKS, Unit.PERCENT,
        15, 0, 100,
        "Set-up takes longer or costs more than planned: increases the implementation cost.",
    ),
    InputSpec(
        "risk_measurement_percent", "Measurement risk", Group.RISKS, Unit.PERCENT, 15, 0, 100,
        "Deflection and time saved are estimated, not counted case by case: reduces every "
        "benefit.",
    ),
    InputSpec(
        "risk_scale_percent", "Scale risk", Group.RISKS, Unit.PERCENT, 10, 0, 100,
        "A growing community needs more moderation, platform and programs than planned: "
        "increases the yearly costs.",
    ),
    InputSpec(
        "discount_rate_percent", "Discount rate", Group.RISKS, Unit.PERCENT, 10, 0, 100,
        "What money costs your company per year; future cash flows are worth less by this much "
        "a year. Forrester's TEI uses 10%.",
    ),
)  # fmt: skip

SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


@dataclass(frozen=True)
class RoiInputs:
    """Validated inputs, in the units of the table above (rates as percentages)."""

    monthly_demand: float
    self_service_percent: float
    deflection_percent: float
    handle_minutes: float
    agent_cost_per_hour: float
    answer_reuse_percent: float
    minutes_saved_per_reuse: float
    retained_customers_per_year: float
    value_per_retained_customer: float
    yearly_growth_percent: float
    adoption_year1_percent: float
    adoption_year2_percent: float
    adoption_year3_percent: float
    platform_cost_per_year: float
    moderator_ftes: float
    moderator_cost_per_year: float
    implementation_cost: float
    community_programs_per_year: float
    risk_reputation_percent: float
    risk_implementation_percent: float
    risk_measurement_percent: float
    risk_scale_percent: float
    discount_rate_percent: float

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


INPUT_NAMES = tuple(f.name for f in fields(RoiInputs))
assert set(INPUT_NAMES) == set(SPEC_BY_NAME), "every input needs a spec, every spec an input"


def default_inputs() -> RoiInputs:
    return RoiInputs(**{spec.name: spec.default for spec in SPECS})


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def _range_message(spec: InputSpec, value: float) -> str:
    if spec.unit == Unit.PERCENT:
        if spec.minimum == 0 and spec.maximum == 100:
            return f"{spec.label} is a percentage: enter a number from 0 to 100."
        return (
            f"{spec.label} must be between {spec.minimum:g}% and {spec.maximum:g}%; "
            "enter a percentage in that range."
        )
    if value < spec.minimum and spec.minimum == 0:
        return f"{spec.label} cannot be negative: enter 0 or more."
    return (
        f"{spec.label} must be between {_amount(spec.minimum)} and {_amount(spec.maximum)}; "
        "that is far beyond any real figure."
    )


def parse_number(spec: InputSpec, raw: object) -> tuple[float | None, str | None]:
    """The value of one input, or why it is not acceptable."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, f"Enter a value for {spec.label.lower()}."
    if isinstance(raw, bool):
        return None, f"{spec.label} must be a number."
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace(",", "").removesuffix("%").strip()
        try:
            value = float(text)
        except ValueError:
            return None, f"{spec.label} must be a number, like {spec.default:g}."
    else:
        return None, f"{spec.label} must be a number."
    if not math.isfinite(value):
        return None, f"{spec.label} must be a finite number."
    if value < spec.minimum or value > spec.maximum:
        return None, _range_message(spec, value)
    return value, None


def check_inputs(raw: Mapping[str, object]) -> RoiInputs:
    """Every input validated at once: a `ValidationFailed` names each field that is wrong."""
    errors: dict[str, list[str]] = {}
    values: dict[str, float] = {}
    for spec in SPECS:
        value, problem = parse_number(spec, raw.get(spec.name))
        if problem is not None:
            errors[spec.name] = [problem]
        elif value is not None:
            values[spec.name] = value
    saved, handle = values.get("minutes_saved_per_reuse"), values.get("handle_minutes")
    if saved is not None and handle is not None and saved > handle:
        errors["minutes_saved_per_reuse"] = [
            f"A reused answer cannot save more time than a case takes ({handle:g} minutes); "
            "lower it or raise the handle time."
        ]
    if errors:
        raise ValidationFailed(errors)
    return RoiInputs(**values)


def inputs_from_stored(stored: Mapping[str, object]) -> RoiInputs:
    """A saved scenario's inputs, never refused: an input added to the model after it was saved
    takes its default, and a value a later version no longer allows is brought into range, so
    old scenarios keep opening (their inputs show what is used)."""
    values: dict[str, float] = {}
    for spec in SPECS:
        raw = stored.get(spec.name, spec.default)
        number = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None
        if number is None or not math.isfinite(number):
            number = spec.default
        values[spec.name] = min(max(number, spec.minimum), spec.maximum)
    values["minutes_saved_per_reuse"] = min(
        values["minutes_saved_per_reuse"], values["handle_minutes"]
    )
    return RoiInputs(**values)
