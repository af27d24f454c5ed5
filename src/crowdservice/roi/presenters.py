"""What the ROI pages show: formatted figures, the tables and the Chart.js configurations built
from a `model.Result`. Every chart's numbers are also in a table next to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crowdservice.roi.inputs import SPECS, Group, InputSpec, Unit
from crowdservice.roi.model import BENEFIT_RISKS, COST_RISKS, Result, Year

MINUS = "\u2212"
TORNADO_ROWS = 10
COLORS = {
    "benefits": "#1f7a4d",
    "costs": "#b3261e",
    "cumulative": "#1f2937",
    "low": "#b3261e",
    "high": "#1f5fbf",
}
YEAR_LABELS = ("Initial", "Year 1", "Year 2", "Year 3")
LINE_LABELS = {
    "deflection": "deflected cases",
    "agent_time": "agent time saved",
    "csat": "CSAT (kept customers)",
    "platform": "platform",
    "moderators": "moderators",
    "implementation": "implementation",
    "programs": "community programs",
}


def money(value: float) -> str:
    text = f"{abs(value):,.0f}"
    return f"{MINUS}{text}" if round(value) < 0 else text


def number(value: float, digits: int = 0) -> str:
    text = f"{abs(value):,.{digits}f}"
    return f"{MINUS}{text}" if round(value, digits) < 0 else text


def percent(ratio: float | None) -> str:
    """A ratio (0.388) as a percentage ("38.8%"); "undefined" for None."""
    return "undefined" if ratio is None else f"{number(ratio * 100, 1)}%"


def payback(months: float | None) -> str:
    if months is None:
        return "Not within 3 years"
    if months == 0:
        return "Immediately (nothing spent up front)"
    return f"{months:.1f} months"


def input_value(spec: InputSpec, value: float) -> str:
    if spec.unit == Unit.PERCENT:
        return f"{value:g}%"
    if spec.unit == Unit.MINUTES:
        return f"{value:g} min"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]
    strong: bool = False


def _line_rows(result: Result) -> list[Row]:
    years = result.years

    def row(label: str, values: list[float], strong: bool = False) -> Row:
        pv = sum(v * y.discount_factor for v, y in zip(values, years, strict=True))
        return Row(label, [*(money(v) for v in values), money(sum(values)), money(pv)], strong)

    def line(attr: str) -> list[float]:
        return [float(getattr(y, attr)) for y in years]

    return [
        row("Benefit: deflected cases", line("deflection_benefit")),
        row("Benefit: agent time saved", line("agent_time_benefit")),
        row("Benefit: CSAT (kept customers)", line("csat_benefit")),
        row("Total benefits", [y.benefits for y in years], strong=True),
        row("Cost: platform", line("platform_cost")),
        row("Cost: moderators", line("moderator_cost")),
        row("Cost: implementation", line("implementation_cost")),
        row("Cost: community programs", line("programs_cost")),
        row("Total costs", [y.costs for y in years], strong=True),
        row("Cash flow", [y.cash_flow for y in years], strong=True),
        # The chart's line: where the running total stands at the end of each year.
        Row(
            "Cumulative cash flow",
            [money(result.cumulative_by_month[12 * y.year]) for y in years] + ["", ""],
        ),
    ]


def _volume_rows(years: tuple[Year, ...]) -> list[Row]:
    active = years[1:]
    return [
        Row("Support demand per month", [number(y.demand_per_month) for y in active]),
        Row("Cases agents would get per month", [number(y.assisted_per_month) for y in active]),
        Row("Adoption", [f"{y.adoption * 100:g}%" for y in active]),
        Row("Cases deflected in the year", [number(y.deflected_cases) for y in active]),
        Row("Cases still filed in the year", [number(y.remaining_cases) for y in active]),
    ]


def cash_flow_chart(result: Result) -> dict[str, Any]:
    years = result.years
    cumulative = [round(result.cumulative_by_month[0])] + [
        round(result.cumulative_by_month[12 * y.year]) for y in years[1:]
    ]
    return {
        "type": "bar",
        "data": {
            "labels": list(YEAR_LABELS),
            "datasets": [
                {
                    "label": "Benefits",
                    "data": [round(y.benefits) for y in years],
                    "backgroundColor": COLORS["benefits"],
                },
                {
                    "label": "Costs",
                    "data": [-round(y.costs) for y in years],
                    "backgroundColor": COLORS["costs"],
                },
                {
                    "type": "line",
                    "label": "Cumulative cash flow",
                    "data": cumulative,
                    "borderColor": COLORS["cumulative"],
                    "backgroundColor": COLORS["cumulative"],
                },
            ],
        },
        "options": {
            "plugins": {"legend": {"position": "bottom"}},
            "scales": {"y": {"title": {"display": True, "text": "Risk-adjusted, undiscounted"}}},
        },
    }


@dataclass(frozen=True)
class TornadoRow:
    label: str
    low_value: str
    high_value: str
    at_low: str
    at_high: str
    swing: str


def tornado(result: Result) -> tuple[dict[str, Any], list[TornadoRow], str]:
    """The tornado chart, its table and what it measures (ROI, or NPV when the ROI is
    undefined)."""
    by_roi = result.roi is not None
    specs = {s.name: s for s in SPECS}
    measure = "ROI (%)" if by_roi else "NPV"
    base = round(result.roi * 100, 1) if result.roi is not None else round(result.npv)

    def value(roi: float | None, npv: float) -> float:
        return round(roi * 100, 1) if by_roi and roi is not None else round(npv)

    rows = []
    shown = result.sensitivity[:TORNADO_ROWS]
    for r in result.sensitivity:
        spec = specs[r.name]
        rows.append(
            TornadoRow(
                label=r.label,
                low_value=input_value(spec, r.low_value),
                high_value=input_value(spec, r.high_value),
                at_low=percent(r.roi_at_low) if by_roi else money(r.npv_at_low),
                at_high=percent(r.roi_at_high) if by_roi else money(r.npv_at_high),
                swing=f"{number(r.swing * 100, 1)} points" if by_roi else money(r.swing),
            )
        )
    step = f"{result.sensitivity_percent:g}%"
    config = {
        "type": "bar",
        "data": {
            "labels": [r.label for r in shown],
            "datasets": [
                {
                    "label": f"Input {step} lower",
                    "data": [[base, value(r.roi_at_low, r.npv_at_low)] for r in shown],
                    "backgroundColor": COLORS["low"],
                    "grouped": False,
                },
                {
                    "label": f"Input {step} higher",
                    "data": [[base, value(r.roi_at_high, r.npv_at_high)] for r in shown],
                    "backgroundColor": COLORS["high"],
                    "grouped": False,
                },
            ],
        },
        "options": {
            "indexAxis": "y",
            "plugins": {"legend": {"position": "bottom"}},
            # Bars float from the base figure: zero need not be on the axis.
            "scales": {"x": {"beginAtZero": False, "title": {"display": True, "text": measure}}},
        },
    }
    return config, rows, measure


@dataclass(frozen=True)
class RiskRow:
    label: str
    value: str
    applies_to: str


def risk_rows(result: Result) -> list[RiskRow]:
    inputs = result.inputs
    rows = []
    for risk in ("reputation", "implementation", "measurement", "scale"):
        benefits = [LINE_LABELS[line] for line, risks in BENEFIT_RISKS.items() if risk in risks]
        costs = [LINE_LABELS[line] for line, risks in COST_RISKS.items() if risk in risks]
        parts = []
        if benefits:
            parts.append("lowers " + ", ".join(benefits))
        if costs:
            parts.append("raises " + ", ".join(costs))
        value = getattr(inputs, f"risk_{risk}_percent")
        rows.append(RiskRow(f"{risk.capitalize()} risk", f"{value:g}%", "; ".join(parts)))
    return rows


def results_context(result: Result) -> dict[str, Any]:
    tornado_config, tornado_rows, tornado_measure = tornado(result)
    return {
        "result": result,
        "roi": percent(result.roi),
        "roi_negative": result.roi is not None and result.roi < 0,
        "npv": money(result.npv),
        "pv_benefits": money(result.pv_benefits),
        "pv_costs": money(result.pv_costs),
        "payback": payback(result.payback_months),
        "unadjusted_npv": money(result.unadjusted_npv),
        "risk_cost": money(result.unadjusted_npv - result.npv),
        "cost_per_case": f"{result.cost_per_case:,.2f}",
        "year_labels": YEAR_LABELS,
        "line_rows": _line_rows(result),
        "volume_rows": _volume_rows(result.years),
        "discount_factors": [f"{y.discount_factor:.4f}" for y in result.years],
        "cash_flow_chart": cash_flow_chart(result),
        "tornado_chart": tornado_config,
        "tornado_rows": tornado_rows,
        "tornado_measure": tornado_measure,
        "risk_rows": risk_rows(result),
    }


GROUP_TITLES = {
    Group.BENEFITS: "Benefits: demand, deflection and what a case costs",
    Group.COSTS: "Costs",
    Group.RISKS: "Risks and discounting",
}
