"""The ROI model: a pure three-year calculation in the spirit of Forrester's Total Economic Impact.

No database, no Django: `calculate(inputs)` turns validated inputs into yearly cash flows,
present values, NPV, ROI, payback and a sensitivity view. The formulas are written out in
docs/decisions/0009-roi-model.md; in short, for year t = 1..3:

    demand_t    = monthly_demand * (1 + growth)^(t-1)                        requests / month
    assisted_t  = demand_t * (1 - self_service)           cases agents would get without it
    deflected_t = assisted_t * deflection * adoption_t * 12                    cases / year
    remaining_t = assisted_t * 12 - deflected_t                   cases still filed / year
    cost_per_case = handle_minutes / 60 * agent_cost_per_hour

Benefits are risk-adjusted down, costs up; year 0 holds the implementation cost; cash flows are
discounted at the end of each year; ROI = NPV / PV(costs).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from crowdservice.roi.inputs import SPECS, RoiInputs

YEARS = 3
MONTHS = 12 * YEARS
DEFAULT_SENSITIVITY_PERCENT = 20.0

RiskName = Literal["reputation", "implementation", "measurement", "scale"]
# Which risks touch which line: benefits are multiplied by (1 - risk) for each risk listed,
# costs by (1 + risk).
BENEFIT_RISKS: dict[str, tuple[RiskName, ...]] = {
    "deflection": ("reputation", "measurement"),
    "agent_time": ("measurement",),
    "csat": ("reputation", "measurement"),
}
COST_RISKS: dict[str, tuple[RiskName, ...]] = {
    "platform": ("scale",),
    "moderators": ("scale",),
    "implementation": ("implementation",),
    "programs": ("scale",),
}


def _fraction(percent: float) -> float:
    return percent / 100.0


def _risks(inputs: RoiInputs) -> dict[RiskName, float]:
    return {
        "reputation": _fraction(inputs.risk_reputation_percent),
        "implementation": _fraction(inputs.risk_implementation_percent),
        "measurement": _fraction(inputs.risk_measurement_percent),
        "scale": _fraction(inputs.risk_scale_percent),
    }


def benefit_factor(inputs: RoiInputs, line: str) -> float:
    """The share of a benefit line that is kept after its risk adjustments."""
    factor, risks = 1.0, _risks(inputs)
    for risk in BENEFIT_RISKS[line]:
        factor *= 1.0 - risks[risk]
    return factor


def cost_factor(inputs: RoiInputs, line: str) -> float:
    factor, risks = 1.0, _risks(inputs)
    for risk in COST_RISKS[line]:
        factor *= 1.0 + risks[risk]
    return factor


@dataclass(frozen=True)
class Year:
    """One year of the model (year 0 is the initial investment, before year 1 starts)."""

    year: int
    demand_per_month: float
    assisted_per_month: float  # cases agents would get without the community
    deflected_cases: float  # in the year
    remaining_cases: float  # still filed in the year
    adoption: float
    # Risk-adjusted lines.
    deflection_benefit: float
    agent_time_benefit: float
    csat_benefit: float
    platform_cost: float
    moderator_cost: float
    implementation_cost: float
    programs_cost: float
    # Before risk adjustments, to show what the risks took away.
    unadjusted_benefits: float
    unadjusted_costs: float
    discount_factor: float

    @property
    def benefits(self) -> float:
        return self.deflection_benefit + self.agent_time_benefit + self.csat_benefit

    @property
    def costs(self) -> float:
        return (
            self.platform_cost
            + self.moderator_cost
            + self.implementation_cost
            + (self.programs_cost)
        )

    @property
    def cash_flow(self) -> float:
        return self.benefits - self.costs

    @property
    def pv_benefits(self) -> float:
        return self.benefits * self.discount_factor

    @property
    def pv_costs(self) -> float:
        return self.costs * self.discount_factor

    @property
    def pv_cash_flow(self) -> float:
        return self.cash_flow * self.discount_factor


@dataclass(frozen=True)
class SensitivityRow:
    """The ROI (and NPV) with one input moved down and up, the others as entered."""

    name: str
    label: str
    base_value: float
    low_value: float
    high_value: float
    roi_at_low: float | None
    roi_at_high: float | None
    npv_at_low: float
    npv_at_high: float
    swing: float  # |ROI at high - ROI at low|, or the NPV swing when the ROI is undefined


@dataclass(frozen=True)
class Result:
    inputs: RoiInputs
    cost_per_case: float
    years: tuple[Year, ...]  # year 0 to year 3
    pv_benefits: float
    pv_costs: float
    npv: float
    roi: float | None  # None when the present value of the costs is 0
    payback_months: float | None  # None when it does not pay back within three years
    cumulative_by_month: tuple[float, ...]  # month 0 (initial) to month 36, undiscounted
    unadjusted_npv: float
    notes: tuple[str, ...]
    sensitivity: tuple[SensitivityRow, ...] = ()
    sensitivity_percent: float = DEFAULT_SENSITIVITY_PERCENT

    @property
    def total_benefits(self) -> float:
        return sum(y.benefits for y in self.years)

    @property
    def total_costs(self) -> float:
        return sum(y.costs for y in self.years)

    @property
    def deflected_cases(self) -> float:
        return sum(y.deflected_cases for y in self.years)


def _year(inputs: RoiInputs, t: int, cost_per_case: float) -> Year:
    discount = 1.0 / (1.0 + _fraction(inputs.discount_rate_percent)) ** t
    if t == 0:
        implementation = inputs.implementation_cost
        return Year(
            year=0, demand_per_month=0.0, assisted_per_month=0.0, deflected_cases=0.0,
            remaining_cases=0.0, adoption=0.0, deflection_benefit=0.0, agent_time_benefit=0.0,
            csat_benefit=0.0, platform_cost=0.0, moderator_cost=0.0,
            implementation_cost=implementation * cost_factor(inputs, "implementation"),
            programs_cost=0.0, unadjusted_benefits=0.0, unadjusted_costs=implementation,
            discount_factor=discount,
        )  # fmt: skip
    adoption = _fraction(
        (inputs.adoption_year1_percent, inputs.adoption_year2_percent,
         inputs.adoption_year3_percent)[t - 1]
    )  # fmt: skip
    demand = inputs.monthly_demand * (1.0 + _fraction(inputs.yearly_growth_percent)) ** (t - 1)
    assisted = demand * (1.0 - _fraction(inputs.self_service_percent))
    deflected = assisted * _fraction(inputs.deflection_percent) * adoption * 12
    remaining = assisted * 12 - deflected
    hourly = inputs.agent_cost_per_hour
    deflection = deflected * cost_per_case
    agent_time = (
        remaining * _fraction(inputs.answer_reuse_percent) * adoption
        * inputs.minutes_saved_per_reuse / 60.0 * hourly
    )  # fmt: skip
    csat = inputs.retained_customers_per_year * inputs.value_per_retained_customer * adoption
    platform = inputs.platform_cost_per_year
    moderators = inputs.moderator_ftes * inputs.moderator_cost_per_year
    programs = inputs.community_programs_per_year
    return Year(
        year=t,
        demand_per_month=demand,
        assisted_per_month=assisted,
        deflected_cases=deflected,
        remaining_cases=remaining,
        adoption=adoption,
        deflection_benefit=deflection * benefit_factor(inputs, "deflection"),
        agent_time_benefit=agent_time * benefit_factor(inputs, "agent_time"),
        csat_benefit=csat * benefit_factor(inputs, "csat"),
        platform_cost=platform * cost_factor(inputs, "platform"),
        moderator_cost=moderators * cost_factor(inputs, "moderators"),
        implementation_cost=0.0,
        programs_cost=programs * cost_factor(inputs, "programs"),
        unadjusted_benefits=deflection + agent_time + csat,
        unadjusted_costs=platform + moderators + programs,
        discount_factor=discount,
    )


def cumulative_cash_flow(years: tuple[Year, ...]) -> tuple[float, ...]:
    """Undiscounted cumulative cash flow at month 0 (after the initial investment) and at the
    end of each month 1..36, with each year's benefits and costs spread evenly over its months."""
    running = years[0].cash_flow
    points = [running]
    for year in years[1:]:
        monthly = year.cash_flow / 12.0
        for _ in range(12):
            running += monthly
            points.append(running)
    return tuple(points)


def payback_months(cumulative: tuple[float, ...]) -> float | None:
    """When the cumulative cash flow turns non-negative for good, in months from the start of
    year 1 (interpolated within the month, since a month's flow accrues evenly); 0 when it is
    never negative; None when it is still negative at the end of month 36."""
    if cumulative[-1] < 0:
        return None
    last_negative = max((m for m, value in enumerate(cumulative) if value < 0), default=None)
    if last_negative is None:
        return 0.0
    before, after = cumulative[last_negative], cumulative[last_negative + 1]
    return last_negative + (-before) / (after - before)


def _core(inputs: RoiInputs) -> Result:
    cost_per_case = inputs.handle_minutes / 60.0 * inputs.agent_cost_per_hour
    years = tuple(_year(inputs, t, cost_per_case) for t in range(YEARS + 1))
    pv_benefits = sum(y.pv_benefits for y in years)
    pv_costs = sum(y.pv_costs for y in years)
    npv = pv_benefits - pv_costs
    roi = npv / pv_costs if pv_costs > 0 else None
    cumulative = cumulative_cash_flow(years)
    unadjusted_npv = sum(
        (y.unadjusted_benefits - y.unadjusted_costs) * y.discount_factor for y in years
    )
    return Result(
        inputs=inputs,
        cost_per_case=cost_per_case,
        years=years,
        pv_benefits=pv_benefits,
        pv_costs=pv_costs,
        npv=npv,
        roi=roi,
        payback_months=payback_months(cumulative),
        cumulative_by_month=cumulative,
        unadjusted_npv=unadjusted_npv,
        notes=_notes(inputs, pv_costs, pv_benefits),
    )


def _notes(inputs: RoiInputs, pv_costs: float, pv_benefits: float) -> tuple[str, ...]:
    notes: list[str] = []
    if inputs.monthly_demand == 0:
        notes.append(
            "With no support demand there are no cases to deflect, so the benefits are 0 and "
            "the return is negative (or undefined without costs)."
        )
    elif pv_benefits == 0:
        notes.append(
            "The benefits are 0: check the deflection rate, the handle time, the agent cost and "
            "the adoption."
        )
    if pv_costs == 0:
        notes.append(
            "The ROI is undefined: the costs are 0, and a return on nothing spent cannot be "
            "expressed as a percentage. Enter the platform, people and implementation costs."
        )
    return tuple(notes)


def _moved(inputs: RoiInputs, name: str, factor: float) -> tuple[RoiInputs, float]:
    spec = next(s for s in SPECS if s.name == name)
    value = getattr(inputs, name) * factor
    value = min(max(value, spec.minimum), spec.maximum)
    if name == "minutes_saved_per_reuse":
        value = min(value, inputs.handle_minutes)
    if name == "handle_minutes":
        value = max(value, inputs.minutes_saved_per_reuse)
    return replace(inputs, **{name: value}), value


def sensitivity(
    inputs: RoiInputs, base: Result, percent: float = DEFAULT_SENSITIVITY_PERCENT
) -> tuple[SensitivityRow, ...]:
    """Each input moved by ±percent of its value (kept within its allowed range), the others as
    entered; biggest swing first: the tornado."""
    rows = []
    by_roi = base.roi is not None
    for spec in SPECS:
        low_inputs, low = _moved(inputs, spec.name, 1.0 - percent / 100.0)
        high_inputs, high = _moved(inputs, spec.name, 1.0 + percent / 100.0)
        at_low, at_high = _core(low_inputs), _core(high_inputs)
        if by_roi and at_low.roi is not None and at_high.roi is not None:
            swing = abs(at_high.roi - at_low.roi)
        else:  # no ROI to compare (no costs): the NPV's swing orders the rows
            swing = abs(at_high.npv - at_low.npv)
        rows.append(
            SensitivityRow(
                name=spec.name, label=spec.label, base_value=getattr(inputs, spec.name),
                low_value=low, high_value=high, roi_at_low=at_low.roi, roi_at_high=at_high.roi,
                npv_at_low=at_low.npv, npv_at_high=at_high.npv, swing=swing,
            )
        )  # fmt: skip
    order = {spec.name: i for i, spec in enumerate(SPECS)}
    return tuple(sorted(rows, key=lambda r: (-r.swing, order[r.name])))


def calculate(
    inputs: RoiInputs, sensitivity_percent: float | None = DEFAULT_SENSITIVITY_PERCENT
) -> Result:
    """The whole model for validated inputs, with its sensitivity view (skipped for None)."""
    base = _core(inputs)
    if sensitivity_percent is None:
        return base
    return replace(
        base,
        sensitivity=sensitivity(inputs, base, sensitivity_percent),
        sensitivity_percent=sensitivity_percent,
    )
