"""The ROI API: calculation, prefill, scenarios; who may do what; bad input; query budgets."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.core.models import Event
from crowdservice.roi.inputs import SPECS, check_inputs
from crowdservice.roi.model import calculate
from crowdservice.roi.models import Scenario
from tests.api.helpers import ApiClient, assert_error
from tests.roi.test_model import WORKED

pytestmark = pytest.mark.django_db
Api = Callable[..., ApiClient]


def test_calculate_returns_the_models_numbers(api: Api, agent: User) -> None:
    response = api(agent).post("/roi/calculate", {"inputs": WORKED})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = calculate(check_inputs(WORKED))
    assert body["npv"] == pytest.approx(60_221.34, abs=0.01)
    assert body["roi_percent"] == pytest.approx(expected.roi * 100)  # type: ignore[operator]
    assert body["payback_months"] == pytest.approx(expected.payback_months)
    assert [y["year"] for y in body["years"]] == [0, 1, 2, 3]
    assert body["years"][1]["deflected_cases"] == pytest.approx(2400)
    assert len(body["cumulative_by_month"]) == 37
    swings = [row["swing"] for row in body["sensitivity"]]
    assert swings == sorted(swings, reverse=True)
    assert {row["input"] for row in body["sensitivity"]} == {s.name for s in SPECS}
    assert body["notes"] == []


def test_more_sensitivity_means_wider_swings(api: Api, agent: User) -> None:
    narrow = api(agent).post("/roi/calculate", {"inputs": WORKED, "sensitivity_percent": 10})
    wide = api(agent).post("/roi/calculate", {"inputs": WORKED, "sensitivity_percent": 50})
    assert narrow.json()["sensitivity"][0]["swing"] < wide.json()["sensitivity"][0]["swing"]


def test_no_costs_gives_an_undefined_roi_not_an_error(api: Api, agent: User) -> None:
    free = {
        **WORKED, "platform_cost_per_year": 0, "moderator_ftes": 0, "implementation_cost": 0,
        "community_programs_per_year": 0, "monthly_demand": 0,
    }  # fmt: skip
    body = api(agent).post("/roi/calculate", {"inputs": free}).json()
    assert body["roi_percent"] is None
    assert body["npv"] == 0
    assert any("undefined" in note for note in body["notes"])
    assert any("no support demand" in note for note in body["notes"])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"platform_cost_per_year": -1000}, "inputs.platform_cost_per_year", "cannot be negative"),
        ({"deflection_percent": 130}, "inputs.deflection_percent", "from 0 to 100"),
        ({"discount_rate_percent": 250}, "inputs.discount_rate_percent", "from 0 to 100"),
        ({"monthly_demand": 1e300}, "inputs.monthly_demand", "far beyond"),
        ({"minutes_saved_per_reuse": 31}, "inputs.minutes_saved_per_reuse", "cannot save more"),
        ({"monthly_demand": "many"}, "inputs.monthly_demand", "valid number"),
    ],
)
def test_bad_inputs_are_422_with_field_messages(
    api: Api, agent: User, change: dict[str, Any], field: str, words: str
) -> None:
    response = api(agent).post("/roi/calculate", {"inputs": {**WORKED, **change}})
    body = assert_error(response, 422, "validation_error")
    assert list(body["fields"]) == [field]
    assert words in body["fields"][field][0]


def test_missing_inputs_are_each_named(api: Api, agent: User) -> None:
    partial = {k: v for k, v in WORKED.items() if k not in ("handle_minutes", "deflection_percent")}
    body = assert_error(api(agent).post("/roi/calculate", {"inputs": partial}), 422)
    assert set(body["fields"]) == {"inputs.handle_minutes", "inputs.deflection_percent"}
    assert_error(api(agent).post("/roi/calculate", {}), 422)


def test_nan_and_infinity_are_refused(api: Api, agent: User) -> None:
    raw = json.dumps({"inputs": WORKED}).replace('"monthly_demand": 3000', '"monthly_demand": NaN')
    body = assert_error(api(agent).post("/roi/calculate", raw=raw), 422)
    assert "finite" in body["fields"]["inputs.monthly_demand"][0]


def test_an_absurd_sensitivity_is_refused(api: Api, agent: User) -> None:
    response = api(agent).post("/roi/calculate", {"inputs": WORKED, "sensitivity_percent": 100})
    assert "sensitivity_percent" in assert_error(response, 422)["fields"]


def test_prefill_comes_with_its_sources(api: Api, moderator: User) -> None:
    body = api(moderator).get("/roi/prefill").json()
    assert set(body["inputs"]) == {s.name for s in SPECS}
    assert set(body["sources"]) == {s.name for s in SPECS}
    assert body["sources"]["handle_minutes"]["measured"] is False
    assert body["measured_days"] == 90
    # What it returns can be sent back as it is.
    assert api(moderator).post("/roi/calculate", {"inputs": body["inputs"]}).status_code == 200


@pytest.mark.parametrize("route", ["/roi/prefill", "/roi/scenarios"])
def test_customers_and_anonymous_cannot_read(api: Api, customer: User, route: str) -> None:
    assert_error(api(None).get(route), 401)
    assert_error(api(customer).get(route), 403)


def test_customers_cannot_calculate(api: Api, customer: User) -> None:
    assert_error(api(customer).post("/roi/calculate", {"inputs": WORKED}), 403)
    assert_error(api(None).post("/roi/calculate", {"inputs": WORKED}), 401)


def test_scenario_lifecycle_records_events(api: Api, agent: User) -> None:
    client = api(agent, token=True)
    created = client.post("/roi/scenarios", {"name": "  Worked   example ", "inputs": WORKED})
    assert created.status_code == 201, created.content
    scenario = created.json()
    assert scenario["name"] == "Worked example"
    assert scenario["shared"] is False
    assert scenario["can_change"] is True
    assert scenario["result"]["npv"] == pytest.approx(60_221.34, abs=0.01)
    sid = scenario["id"]
    patched = client.patch(
        f"/roi/scenarios/{sid}",
        {"shared": True, "inputs": {**WORKED, "deflection_percent": 30}},
    )
    assert patched.status_code == 200
    assert patched.json()["shared"] is True
    assert patched.json()["name"] == "Worked example"
    assert patched.json()["npv"] == pytest.approx(157_041.99, abs=0.01)
    assert client.get(f"/roi/scenarios/{sid}").json()["inputs"]["deflection_percent"] == 30
    assert client.delete(f"/roi/scenarios/{sid}").status_code == 204
    assert not Scenario.objects.exists()
    verbs = list(Event.objects.filter(actor=agent).values_list("verb", flat=True).order_by("id"))
    assert verbs[-3:] == ["roi.scenario_saved", "roi.scenario_updated", "roi.scenario_deleted"]


def test_names_are_unique_per_owner(api: Api, agent: User, admin_user: User) -> None:
    assert api(agent).post("/roi/scenarios", {"name": "Base", "inputs": WORKED}).status_code == 201
    body = assert_error(api(agent).post("/roi/scenarios", {"name": "Base", "inputs": WORKED}), 422)
    assert "already have a scenario" in body["fields"]["name"][0]
    assert_error(api(agent).post("/roi/scenarios", {"name": "  ", "inputs": WORKED}), 422)
    # Someone else may use the same name.
    assert (
        api(admin_user).post("/roi/scenarios", {"name": "Base", "inputs": WORKED}).status_code
        == 201
    )


def test_a_scenario_with_bad_inputs_is_not_saved(api: Api, agent: User) -> None:
    bad = {**WORKED, "implementation_cost": -1}
    body = assert_error(api(agent).post("/roi/scenarios", {"name": "Bad", "inputs": bad}), 422)
    assert list(body["fields"]) == ["inputs.implementation_cost"]
    assert not Scenario.objects.exists()


def test_private_scenarios_are_private_and_shared_ones_read_only(
    api: Api, agent: User, admin_user: User, save_scenario: Callable[..., Scenario]
) -> None:
    private = save_scenario(agent, "Mine only")
    shared = save_scenario(agent, "For the team", shared=True)
    other = api(admin_user)
    assert_error(other.get(f"/roi/scenarios/{private.pk}"), 404)
    assert_error(other.patch(f"/roi/scenarios/{private.pk}", {"name": "Taken"}), 404)
    assert_error(other.delete(f"/roi/scenarios/{private.pk}"), 404)
    assert other.get(f"/roi/scenarios/{shared.pk}").json()["can_change"] is False
    assert_error(other.patch(f"/roi/scenarios/{shared.pk}", {"name": "Taken"}), 403)
    assert_error(other.delete(f"/roi/scenarios/{shared.pk}"), 403)
    listed = other.get("/roi/scenarios").json()
    assert [item["name"] for item in listed["items"]] == ["For the team"]
    assert {i["name"] for i in api(agent).get("/roi/scenarios").json()["items"]} == {
        "Mine only", "For the team",
    }  # fmt: skip


def test_a_scenario_saved_before_an_input_existed_still_opens(
    api: Api, agent: User, save_scenario: Callable[..., Scenario]
) -> None:
    scenario = save_scenario(agent)
    old = dict(scenario.inputs)
    del old["risk_scale_percent"]
    Scenario.objects.filter(pk=scenario.pk).update(inputs=old)
    body = api(agent).get(f"/roi/scenarios/{scenario.pk}").json()
    assert body["inputs"]["risk_scale_percent"] == 10  # the input's default
    # Values a later version no longer allows are brought into range, not refused.
    Scenario.objects.filter(pk=scenario.pk).update(
        inputs={**old, "deflection_percent": 130, "handle_minutes": "x", "monthly_demand": None}
    )
    body = api(agent).get(f"/roi/scenarios/{scenario.pk}").json()
    assert body["inputs"]["deflection_percent"] == 100
    assert body["inputs"]["handle_minutes"] == 25  # the default
    assert body["inputs"]["monthly_demand"] == 3000
    assert api(agent).get("/roi/scenarios").status_code == 200


def test_the_scenario_list_costs_a_fixed_number_of_queries(
    api: Api, agent: User, save_scenario: Callable[..., Scenario]
) -> None:
    client = api(agent, token=True)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/roi/scenarios").status_code == 200
        return len(queries)

    save_scenario(agent, "One")
    count()  # warm up: the token's last use is recorded once
    few = count()
    for n in range(8):
        save_scenario(agent, f"Scenario {n}", deflection_percent=n * 5)
    assert count() == few <= 4
