"""API schemas of the ROI model: its inputs (described from the inputs table), its results and
saved scenarios."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from crowdservice.core.schemas import PageOut, Text
from crowdservice.roi.inputs import SPEC_BY_NAME, RoiInputs, Unit
from crowdservice.roi.model import Result, SensitivityRow, Year
from crowdservice.roi.models import Scenario

UNIT_WORDS = {
    Unit.COUNT: "A number",
    Unit.PERCENT: "A percentage",
    Unit.MONEY: "An amount of money (one currency for all money inputs)",
    Unit.MINUTES: "Minutes",
}


def spec_field(name: str) -> Any:
    """A required number described from the inputs table; the range is checked by the model's
    validation, which names the field in a sentence (a 422)."""
    spec = SPEC_BY_NAME[name]
    return Field(
        ...,
        title=spec.label,
        description=f"{spec.help} {UNIT_WORDS[spec.unit]} from {spec.minimum:g} to "
        f"{spec.maximum:g}; prefilled default {spec.default:g}.",
        json_schema_extra={"minimum": spec.minimum, "maximum": spec.maximum},
    )


class RoiInputsSchema(Schema):
    """All inputs of the model. Rates are percentages (25 means 25%)."""

    monthly_demand: float = spec_field("monthly_demand")
    self_service_percent: float = spec_field("self_service_percent")
    deflection_percent: float = spec_field("deflection_percent")
    handle_minutes: float = spec_field("handle_minutes")
    agent_cost_per_hour: float = spec_field("agent_cost_per_hour")
    answer_reuse_percent: float = spec_field("answer_reuse_percent")
    minutes_saved_per_reuse: float = spec_field("minutes_saved_per_reuse")
    retained_customers_per_year: float = spec_field("retained_customers_per_year")
    value_per_retained_customer: float = spec_field("value_per_retained_customer")
    yearly_growth_percent: float = spec_field("yearly_growth_percent")
    adoption_year1_percent: float = spec_field("adoption_year1_percent")
    adoption_year2_percent: float = spec_field("adoption_year2_percent")
    adoption_year3_percent: float = spec_field("adoption_year3_percent")
    platform_cost_per_year: float = spec_field("platform_cost_per_year")
    moderator_ftes: float = spec_field("moderator_ftes")
    moderator_cost_per_year: float = spec_field("moderator_cost_per_year")
    implementation_cost: float = spec_field("implementation_cost")
    community_programs_per_year: float = spec_field("community_programs_per_year")
    risk_reputation_percent: float = spec_field("risk_reputation_percent")
    risk_implementation_percent: float = spec_field("risk_implementation_percent")
    risk_measurement_percent: float = spec_field("risk_measurement_percent")
    risk_scale_percent: float = spec_field("risk_scale_percent")
    discount_rate_percent: float = spec_field("discount_rate_percent")

    @staticmethod
    def of(inputs: RoiInputs) -> RoiInputsSchema:
        return RoiInputsSchema(**inputs.as_dict())


class CalculateIn(Schema):
    inputs: RoiInputsSchema
    sensitivity_percent: float = Field(
        20,
        description="How far the sensitivity view moves each input, down and up, in percent of "
        "its value (1 to 90).",
    )


class YearOut(Schema):
    year: int = Field(description="0 is the initial investment, before year 1 starts.")
    demand_per_month: float
    assisted_per_month: float = Field(description="Cases agents would get without the community.")
    deflected_cases: float = Field(description="Cases the community deflects in the year.")
    remaining_cases: float = Field(description="Cases still filed in the year.")
    adoption_percent: float
    deflection_benefit: float = Field(description="Risk-adjusted, like every benefit and cost.")
    agent_time_benefit: float
    csat_benefit: float
    benefits: float
    platform_cost: float
    moderator_cost: float
    implementation_cost: float
    programs_cost: float
    costs: float
    cash_flow: float = Field(description="Benefits minus costs.")
    discount_factor: float = Field(description="1 / (1 + discount rate) ^ year.")
    pv_benefits: float
    pv_costs: float
    pv_cash_flow: float

    @staticmethod
    def of(y: Year) -> YearOut:
        return YearOut(
            year=y.year, demand_per_month=y.demand_per_month,
            assisted_per_month=y.assisted_per_month, deflected_cases=y.deflected_cases,
            remaining_cases=y.remaining_cases, adoption_percent=y.adoption * 100,
            deflection_benefit=y.deflection_benefit, agent_time_benefit=y.agent_time_benefit,
            csat_benefit=y.csat_benefit, benefits=y.benefits, platform_cost=y.platform_cost,
            moderator_cost=y.moderator_cost, implementation_cost=y.implementation_cost,
            programs_cost=y.programs_cost, costs=y.costs, cash_flow=y.cash_flow,
            discount_factor=y.discount_factor, pv_benefits=y.pv_benefits, pv_costs=y.pv_costs,
            pv_cash_flow=y.pv_cash_flow,
        )  # fmt: skip


class SensitivityOut(Schema):
    input: str = Field(description="The input's name, as in `inputs`.")
    label: str
    base_value: float
    low_value: float = Field(description="The input moved down (kept within its range).")
    high_value: float
    roi_percent_at_low: float | None = Field(description="Null when the ROI is undefined.")
    roi_percent_at_high: float | None
    npv_at_low: float
    npv_at_high: float
    swing: float = Field(
        description="How far the ROI moves between the two ends, in percentage points (the "
        "NPV's swing when the ROI is undefined). Rows come biggest swing first."
    )

    @staticmethod
    def of(row: SensitivityRow, by_roi: bool) -> SensitivityOut:
        def pct(value: float | None) -> float | None:
            return None if value is None else value * 100

        return SensitivityOut(
            input=row.name, label=row.label, base_value=row.base_value,
            low_value=row.low_value, high_value=row.high_value,
            roi_percent_at_low=pct(row.roi_at_low), roi_percent_at_high=pct(row.roi_at_high),
            npv_at_low=row.npv_at_low, npv_at_high=row.npv_at_high,
            swing=row.swing * 100 if by_roi else row.swing,
        )  # fmt: skip


class ResultOut(Schema):
    roi_percent: float | None = Field(
        description="NPV / present value of the costs, in percent. Null when the costs are 0: "
        "the ROI is then undefined (see `notes`)."
    )
    npv: float = Field(description="Net present value: PV of benefits minus PV of costs.")
    pv_benefits: float
    pv_costs: float
    payback_months: float | None = Field(
        description="Months from the start of year 1 until the cumulative (undiscounted) cash "
        "flow stays at or above 0; null when it does not pay back within three years."
    )
    unadjusted_npv: float = Field(description="The NPV before risk adjustments.")
    cost_per_case: float = Field(
        description="An assisted case's cost: handle time in hours times the loaded agent cost."
    )
    years: list[YearOut] = Field(description="Year 0 (initial) to year 3.")
    cumulative_by_month: list[float] = Field(
        description="Cumulative cash flow at month 0 and at the end of months 1 to 36."
    )
    sensitivity_percent: float
    sensitivity: list[SensitivityOut] = Field(description="The tornado, biggest swing first.")
    notes: list[str] = Field(description="What to know about these results, as sentences.")

    @staticmethod
    def of(result: Result) -> ResultOut:
        by_roi = result.roi is not None
        return ResultOut(
            roi_percent=None if result.roi is None else result.roi * 100,
            npv=result.npv,
            pv_benefits=result.pv_benefits,
            pv_costs=result.pv_costs,
            payback_months=result.payback_months,
            unadjusted_npv=result.unadjusted_npv,
            cost_per_case=result.cost_per_case,
            years=[YearOut.of(y) for y in result.years],
            cumulative_by_month=list(result.cumulative_by_month),
            sensitivity_percent=result.sensitivity_percent,
            sensitivity=[SensitivityOut.of(r, by_roi) for r in result.sensitivity],
            notes=list(result.notes),
        )


class SourceOut(Schema):
    measured: bool = Field(description="True when CrowdService measured it.")
    text: str = Field(description="Where the value comes from, as a sentence.")


class PrefillOut(Schema):
    inputs: RoiInputsSchema
    sources: dict[str, SourceOut] = Field(description="For each input, where its value is from.")
    measured_days: int = Field(description="The period measured, in days (at most 90).")


class ScenarioIn(Schema):
    name: Text = Field(max_length=200, description="Unique among your scenarios.")
    shared: bool = Field(False, description="Let the rest of the support team see it (read-only).")
    inputs: RoiInputsSchema


class ScenarioPatch(Schema):
    name: Text | None = Field(None, max_length=200)
    shared: bool | None = None
    inputs: RoiInputsSchema | None = Field(None, description="All inputs, replacing the old.")


class ScenarioSummaryOut(Schema):
    id: int
    name: str
    owner: str = Field(description="The owner's username.")
    shared: bool
    can_change: bool = Field(description="Whether you may change or delete it (its owner).")
    created_at: datetime
    updated_at: datetime
    roi_percent: float | None
    npv: float
    payback_months: float | None


class ScenarioOut(ScenarioSummaryOut):
    inputs: RoiInputsSchema
    result: ResultOut


class ScenarioPageOut(PageOut):
    items: list[ScenarioSummaryOut]


def summary_fields(scenario: Scenario, result: Result, user_id: int) -> dict[str, Any]:
    return {
        "id": scenario.pk,
        "name": scenario.name,
        "owner": scenario.owner.username,
        "shared": scenario.shared,
        "can_change": scenario.owner_id == user_id,
        "created_at": scenario.created_at,
        "updated_at": scenario.updated_at,
        "roi_percent": None if result.roi is None else result.roi * 100,
        "npv": result.npv,
        "payback_months": result.payback_months,
    }
