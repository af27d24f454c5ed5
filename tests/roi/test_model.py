"""The ROI model by itself: a worked example checked by hand, properties, sensitivity, bad input.

No database: `model.calculate` is pure.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from crowdservice.core.errors import ValidationFailed
from crowdservice.roi.inputs import SPECS, RoiInputs, check_inputs, default_inputs
from crowdservice.roi.model import calculate, cumulative_cash_flow, payback_months

# The worked example of the issue: a team with 3,000 support requests a month, a third of them
# already self-served, whose community deflects another 20% (or 30%) of the rest.
WORKED = {
    "monthly_demand": 3000,
    "self_service_percent": 100 / 3,  # 3,000 * (1 - 1/3) = 2,000 assisted cases a month
    "deflection_percent": 20,
    "handle_minutes": 30,  # 30 min at 50 an hour: an assisted case costs 25
    "agent_cost_per_hour": 50,
    "answer_reuse_percent": 10,  # 10% of remaining cases save 6 minutes = 5 of agent time
    "minutes_saved_per_reuse": 6,
    "retained_customers_per_year": 0,  # no CSAT benefit in this example
    "value_per_retained_customer": 0,
    "yearly_growth_percent": 0,
    "adoption_year1_percent": 50,
    "adoption_year2_percent": 100,
    "adoption_year3_percent": 100,
    "platform_cost_per_year": 12_000,
    "moderator_ftes": 0.5,  # half a moderator at 60,000 = 30,000 a year
    "moderator_cost_per_year": 60_000,
    "implementation_cost": 30_000,
    "community_programs_per_year": 6_000,
    "risk_reputation_percent": 10,
    "risk_implementation_percent": 20,
    "risk_measurement_percent": 10,
    "risk_scale_percent": 0,
    "discount_rate_percent": 10,
}
CENT = 0.01


def worked(**changes: float) -> RoiInputs:
    return check_inputs({**WORKED, **changes})


def test_worked_example_with_20_percent_deflection() -> None:
    result = calculate(worked())
    y0, y1, y2, y3 = result.years
    assert result.cost_per_case == pytest.approx(25)

    # Year 1, adoption 50%:
    #   deflected = 2,000 cases/month * 20% * 50% * 12 = 2,400 cases
    #   deflection benefit = 2,400 * 25 = 60,000, less reputation 10% and measurement 10%:
    #     60,000 * 0.9 * 0.9 = 48,600
    #   remaining = 24,000 - 2,400 = 21,600 cases; reused answers: 21,600 * 10% * 50% = 1,080
    #     cases * 6 min = 6,480 min = 108 h * 50 = 5,400, less measurement 10% = 4,860
    assert y1.deflected_cases == pytest.approx(2400)
    assert y1.deflection_benefit == pytest.approx(48_600)
    assert y1.agent_time_benefit == pytest.approx(4_860)
    assert y1.benefits == pytest.approx(53_460)
    # Years 2 and 3, full adoption: 4,800 deflected * 25 * 0.81 = 97,200;
    #   remaining 19,200 * 10% * 6 min = 192 h * 50 = 9,600 * 0.9 = 8,640; total 105,840
    assert y2.deflected_cases == pytest.approx(4800)
    assert y2.benefits == pytest.approx(105_840)
    assert y3.benefits == pytest.approx(105_840)
    # Costs: year 0 implementation 30,000 + 20% implementation risk = 36,000;
    #   each year 12,000 platform + 30,000 moderators + 6,000 programs = 48,000 (no scale risk)
    assert y0.costs == pytest.approx(36_000)
    assert [y.costs for y in (y1, y2, y3)] == pytest.approx([48_000] * 3)
    # Present values at 10%, end of year:
    #   benefits 53,460/1.1 + 105,840/1.21 + 105,840/1.331
    #          = 48,600 + 87,471.07 + 79,519.16 = 215,590.23
    #   costs    36,000 + 48,000/1.1 + 48,000/1.21 + 48,000/1.331
    #          = 36,000 + 43,636.36 + 39,669.42 + 36,063.11 = 155,368.90
    assert result.pv_benefits == pytest.approx(215_590.23, abs=CENT)
    assert result.pv_costs == pytest.approx(155_368.90, abs=CENT)
    assert result.npv == pytest.approx(60_221.34, abs=CENT)  # 215,590.23 - 155,368.90
    assert result.roi == pytest.approx(60_221.34 / 155_368.90, abs=1e-6)  # 38.8%
    # Payback: -36,000 at the start; year 1 adds 5,460 (455 a month) → -30,540 after month 12;
    #   year 2 adds 57,840 (4,820 a month): 30,540 / 4,820 = 6.34 months → 18.34 months
    assert result.payback_months == pytest.approx(12 + 30_540 / 4_820)
    assert result.notes == ()


def test_worked_example_with_30_percent_deflection() -> None:
    result = calculate(worked(deflection_percent=30))
    _, y1, y2, _ = result.years
    # Year 1: 2,000 * 30% * 50% * 12 = 3,600 deflected * 25 * 0.81 = 72,900;
    #   remaining 20,400 * 10% * 50% * 6 min = 102 h * 50 * 0.9 = 4,590; total 77,490
    assert y1.deflected_cases == pytest.approx(3600)
    assert y1.benefits == pytest.approx(77_490)
    # Years 2-3: 7,200 * 25 * 0.81 = 145,800; 16,800 * 10% * 6 min = 168 h * 50 * 0.9 = 7,560
    assert y2.benefits == pytest.approx(153_360)
    # PV benefits 77,490/1.1 + 153,360/1.21 + 153,360/1.331
    #   = 70,445.45 + 126,743.80 + 115,221.64 = 312,410.89; the costs are as with 20%
    assert result.pv_benefits == pytest.approx(312_410.89, abs=CENT)
    assert result.npv == pytest.approx(312_410.89 - 155_368.90, abs=CENT)  # 157,041.99
    assert result.roi == pytest.approx(157_041.99 / 155_368.90, abs=1e-6)  # 101.1%
    # -36,000 + (77,490 - 48,000) = -6,510 after year 1; year 2 adds 105,360 (8,780 a month)
    assert result.payback_months == pytest.approx(12 + 6_510 / 8_780)


def test_growth_and_the_optional_csat_benefit() -> None:
    result = calculate(
        worked(
            yearly_growth_percent=10, retained_customers_per_year=20,
            value_per_retained_customer=1_000, adoption_year1_percent=100,
        )
    )  # fmt: skip
    _, y1, y2, y3 = result.years
    # Demand 3,000, 3,300, 3,630 a month; assisted two thirds of it.
    assert [y.assisted_per_month for y in (y1, y2, y3)] == pytest.approx([2000, 2200, 2420])
    assert y3.deflected_cases == pytest.approx(2420 * 0.2 * 12)
    # 20 customers * 1,000, less reputation and measurement risk (0.81) = 16,200 a year.
    assert y1.csat_benefit == pytest.approx(16_200)


def test_risk_adjustments_lower_the_npv_below_the_unadjusted_one() -> None:
    result = calculate(worked())
    no_risk = calculate(
        worked(risk_reputation_percent=0, risk_implementation_percent=0,
               risk_measurement_percent=0, risk_scale_percent=0)
    )  # fmt: skip
    assert no_risk.npv == pytest.approx(no_risk.unadjusted_npv)
    assert result.unadjusted_npv == pytest.approx(no_risk.npv)
    assert result.npv < no_risk.npv


@pytest.mark.parametrize("rate", [0, 5, 10, 20, 25, 30, 50, 80])
def test_more_deflection_never_lowers_the_roi(rate: float) -> None:
    for base in (worked(), default_inputs(), worked(answer_reuse_percent=100)):
        lower = calculate(replace(base, deflection_percent=rate))
        higher = calculate(replace(base, deflection_percent=rate + 10))
        assert lower.roi is not None
        assert higher.roi is not None
        assert higher.roi >= lower.roi
        assert higher.npv >= lower.npv


def test_a_higher_discount_rate_lowers_the_npv_of_a_positive_stream() -> None:
    # No implementation cost and benefits above costs every year: every cash flow is positive.
    base = worked(implementation_cost=0, deflection_percent=30)
    assert all(y.cash_flow >= 0 for y in calculate(base).years)
    npvs = [calculate(replace(base, discount_rate_percent=r)).npv for r in (0, 5, 10, 20, 50)]
    assert npvs == sorted(npvs, reverse=True)
    assert len(set(npvs)) == len(npvs)


@pytest.mark.parametrize(
    ("rate", "implementation"),
    list(itertools.product([0, 10, 20, 30, 60], [0, 30_000, 400_000])),
)
def test_payback_is_consistent_with_the_cumulative_cash_flow(
    rate: float, implementation: float
) -> None:
    result = calculate(worked(deflection_percent=rate, implementation_cost=implementation))
    cumulative = result.cumulative_by_month
    assert len(cumulative) == 37
    assert cumulative[-1] == pytest.approx(sum(y.cash_flow for y in result.years))
    if result.payback_months is None:
        assert cumulative[-1] < 0
        return
    month = result.payback_months
    assert 0 <= month <= 36
    whole = int(month)
    # Negative just before the payback month, non-negative from then on.
    assert all(value >= -1e-6 for value in cumulative[whole + 1 :])
    if month > 0:
        assert cumulative[whole] < 0 or month == whole


def test_payback_edge_cases() -> None:
    assert payback_months((0.0, 1.0, 2.0)) == 0.0
    assert payback_months((-10.0, -5.0, 5.0)) == pytest.approx(1.5)
    assert payback_months((-10.0, -5.0, -1.0)) is None
    # Negative again after a first break-even: payback is when it stays non-negative.
    assert payback_months((-10.0, 2.0, -2.0, 2.0)) == pytest.approx(2.5)


def test_cumulative_cash_flow_spreads_each_year_evenly() -> None:
    years = calculate(worked()).years
    cumulative = cumulative_cash_flow(years)
    assert cumulative[0] == pytest.approx(-36_000)
    assert cumulative[1] == pytest.approx(-36_000 + 5_460 / 12)
    assert cumulative[12] == pytest.approx(-30_540)


def test_sensitivity_is_a_tornado_sorted_by_swing() -> None:
    result = calculate(worked(), sensitivity_percent=20)
    rows = result.sensitivity
    assert {r.name for r in rows} == {s.name for s in SPECS}
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)
    by_name = {r.name: r for r in rows}
    # Deflection 20% ± 20% is 16% and 24%; more deflection, more ROI.
    deflection = by_name["deflection_percent"]
    assert (deflection.low_value, deflection.high_value) == pytest.approx((16, 24))
    assert deflection.roi_at_low == pytest.approx(
        calculate(worked(deflection_percent=16)).roi, abs=1e-9
    )
    assert deflection.roi_at_high == pytest.approx(
        calculate(worked(deflection_percent=24)).roi, abs=1e-9
    )
    assert deflection.roi_at_high > deflection.roi_at_low  # type: ignore[operator]
    # Demand, handle time and agent cost move the main benefit as much as deflection does,
    # so they lead; inputs that are 0 (CSAT, scale risk) cannot move anything.
    top = {r.name for r in rows[:4]}
    assert top == {"monthly_demand", "deflection_percent", "handle_minutes", "agent_cost_per_hour"}
    assert by_name["risk_scale_percent"].swing == 0
    assert by_name["retained_customers_per_year"].swing == 0
    # Percentages stay within 0-100 when moved: 100% adoption goes to 80% and stays at 100%.
    adoption = by_name["adoption_year3_percent"]
    assert (adoption.low_value, adoption.high_value) == pytest.approx((80, 100))


def test_zero_demand_is_valid_and_explained() -> None:
    result = calculate(worked(monthly_demand=0))
    assert result.pv_benefits == 0
    assert result.roi is not None
    assert result.roi == pytest.approx(-1)
    assert result.payback_months is None
    assert any("no support demand" in note for note in result.notes)


def test_no_costs_means_the_roi_is_undefined_not_a_division_by_zero() -> None:
    free = worked(
        platform_cost_per_year=0, moderator_ftes=0, implementation_cost=0,
        community_programs_per_year=0,
    )  # fmt: skip
    result = calculate(free)
    assert result.pv_costs == 0
    assert result.roi is None
    assert result.npv == pytest.approx(result.pv_benefits)
    assert result.payback_months == 0
    assert any("undefined" in note for note in result.notes)
    # The tornado then orders by NPV, still without dividing by zero.
    assert all(r.roi_at_low is None and r.roi_at_high is None for r in result.sensitivity)
    assert result.sensitivity[0].swing > 0
    nothing = calculate(replace(free, monthly_demand=0))
    assert nothing.roi is None
    assert nothing.npv == 0
    assert nothing.payback_months == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("platform_cost_per_year", -5, "cannot be negative"),
        ("implementation_cost", "-1", "cannot be negative"),
        ("deflection_percent", 120, "from 0 to 100"),
        ("self_service_percent", -3, "from 0 to 100"),
        ("discount_rate_percent", 150, "from 0 to 100"),
        ("monthly_demand", "lots", "must be a number"),
        ("monthly_demand", "", "Enter a value"),
        ("monthly_demand", None, "Enter a value"),
        ("handle_minutes", float("nan"), "finite"),
        ("agent_cost_per_hour", float("inf"), "finite"),
        ("moderator_ftes", True, "must be a number"),
        ("yearly_growth_percent", -95, "between -90% and 500%"),
        ("minutes_saved_per_reuse", 45, "cannot save more time than a case takes"),
    ],
)
def test_bad_input_names_the_field(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        check_inputs({**WORKED, field: value})
    assert list(raised.value.errors) == [field]
    assert message in raised.value.errors[field][0]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as raised:
        check_inputs({"monthly_demand": -1, "deflection_percent": 200})
    errors = raised.value.errors
    assert set(errors) == {s.name for s in SPECS}
    assert "from 0 to 100" in errors["deflection_percent"][0]


def test_numbers_typed_by_people_are_understood() -> None:
    inputs = check_inputs({**WORKED, "monthly_demand": "3,000", "deflection_percent": " 20 % "})
    assert inputs.monthly_demand == 3000
    assert inputs.deflection_percent == 20
