"""The ROI pages: who may open them, results following the inputs (htmx and without
JavaScript), saving, comparing and deleting scenarios, bad input, and query budgets."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crowdservice.accounts.models import User
from crowdservice.cases.actions import do_open_case
from crowdservice.roi.models import Scenario
from tests.roi.test_model import WORKED
from tests.web.helpers import Browser, is_fragment, text

pytestmark = pytest.mark.django_db
CALCULATOR = "/roi/"
CALCULATOR_CEILING = 9  # measured: session, user, scenario, 5 for the prefill, notifications
FRAGMENT_CEILING = 2  # session and user: the results need no other query
LIST_CEILING = 4  # session, user, scenarios with owners, notifications
ROLES = ("agent", "moderator", "editor", "admin_user")


@pytest.fixture
def browse(as_user: Callable[[User | None], Client]) -> Callable[[User | None], Browser]:
    return lambda user: Browser(as_user(user))


def query(**changes: object) -> str:
    return CALCULATOR + "?" + urlencode({**WORKED, **changes})


def roi_shown(html: str) -> str:
    found = re.search(r'id="roi-value">([^<]+)<', html)
    assert found, "no ROI on the page"
    return found.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_staff_open_the_calculator(
    role: str, request: pytest.FixtureRequest, browse: Callable[[User | None], Browser]
) -> None:
    user = request.getfixturevalue(role)
    response = browse(user).get(CALCULATOR)
    assert response.status_code == 200
    html = text(response)
    assert "Support demand per month" in html
    assert "Not measured yet (0 solved cases with recorded work time" in html
    assert 'href="/roi/"' in html  # the navigation link
    assert roi_shown(html)


def test_customers_and_anonymous_are_kept_out(
    customer: User, browse: Callable[[User | None], Browser]
) -> None:
    assert browse(customer).get(CALCULATOR).status_code == 403
    assert browse(customer).get("/roi/scenarios/").status_code == 403
    assert 'href="/roi/"' not in text(browse(customer).get("/"))
    anonymous = browse(None).get(CALCULATOR)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_measured_inputs_say_where_they_come_from(
    agent: User, customer: User, browse: Callable[[User | None], Browser]
) -> None:
    for n in range(3):
        do_open_case(requester=customer, subject=f"Router restarts {n}", description="Hourly.")
    html = text(browse(agent).get(CALCULATOR))
    assert "Over the last 7 days: 13 cases a month" in html  # a young site: at least a week
    assert "13 cases a month" in html  # 3 cases in 7 days = 13 a month


def test_results_follow_the_inputs_as_an_htmx_fragment(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    client = browse(agent)
    at_20 = client.get(query(), htmx=True)
    at_30 = client.get(query(deflection_percent=30), htmx=True)
    assert at_20.status_code == at_30.status_code == 200
    assert is_fragment(at_20)
    assert roi_shown(text(at_20)) == "38.8%"
    assert roi_shown(text(at_30)) == "101.1%"
    # The save form's hidden inputs follow the results on screen (out of band).
    assert 'id="roi-save-inputs" hx-swap-oob="true"' in text(at_30)
    assert 'name="deflection_percent" value="30.0"' in text(at_30)
    # Without JavaScript the same query gives the whole page with the same figure.
    assert roi_shown(text(client.get(query(deflection_percent=30)))) == "101.1%"


def test_the_tables_hold_the_charts_numbers(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    html = text(browse(agent).get(query()))
    assert html.count("data-chart-config") == 2
    assert "Cash flow by year" in html
    assert "What moves the ROI most" in html
    assert "60,221" in html  # the NPV in the headline and the table
    assert "\u221236,000" in html  # year 0's cash flow, with a real minus sign
    assert "18.3 months" in html
    # The chart's cumulative line is in the table too: -36,000, then -30,540 after year 1.
    cumulative = re.search(r"Cumulative cash flow</th>(.*?)</tr>", html)
    assert cumulative
    assert re.findall(r">([^<]*)</td>", cumulative.group(1))[:2] == ["\u221236,000", "\u221230,540"]
    tornado = html[html.index('id="roi-tornado-table"') :]
    assert tornado.index("Support demand per month") < tornado.index("Reputation risk")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"platform_cost_per_year": "-5"}, "Platform per year cannot be negative"),
        ({"deflection_percent": "140"}, "is a percentage: enter a number from 0 to 100"),
        ({"discount_rate_percent": "500"}, "Discount rate is a percentage"),
        ({"monthly_demand": ""}, "Enter a value for support demand per month"),
        ({"monthly_demand": "loads"}, "must be a number"),
        ({"sensitivity_percent": "95"}, "Move the inputs by 1% to 90%"),
    ],
)
def test_bad_input_is_shown_next_to_the_field(
    agent: User, browse: Callable[[User | None], Browser], change: dict[str, str], message: str
) -> None:
    client = browse(agent)
    page = client.get(query(**change))
    assert page.status_code == 422
    assert message in text(page)
    assert "Fix the inputs marked above to save them" in text(page)
    fragment = client.get(query(**change), htmx=True)
    assert fragment.status_code == 422
    name = next(iter(change))
    oob = re.search(rf'id="id_{name}_errors" hx-swap-oob="true">(.*?)</div>', text(fragment))
    assert oob
    assert message in oob.group(1)


def test_zero_cases_and_zero_costs_are_explained_not_errors(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    free = {
        "monthly_demand": 0, "platform_cost_per_year": 0, "moderator_ftes": 0,
        "implementation_cost": 0, "community_programs_per_year": 0,
    }  # fmt: skip
    response = browse(agent).get(query(**free))
    assert response.status_code == 200
    html = text(response)
    assert roi_shown(html) == "undefined"
    assert "With no support demand there are no cases to deflect" in html
    assert "The ROI is undefined: the costs are 0" in html
    assert "What moves the NPV most" in html


def save(client: Browser, name: str, **changes: object) -> object:
    return client.post("/roi/scenarios/new/", {**WORKED, **changes, "name": name})


def test_save_open_update_and_delete_a_scenario(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    client = browse(agent)
    saved = save(client, "Twenty percent")
    assert saved.status_code == 302  # type: ignore[attr-defined]
    scenario = Scenario.objects.get()
    assert saved["Location"] == f"/roi/?scenario={scenario.pk}"  # type: ignore[index]
    page = text(client.get(saved["Location"]))  # type: ignore[index]
    assert "Saved “Twenty percent”." in page
    assert "Save changes to “Twenty percent”" in page
    assert roi_shown(page) == "38.8%"
    updated = client.post(
        f"/roi/scenarios/{scenario.pk}/update/",
        {**WORKED, "deflection_percent": 30, "name": "", "shared": "on"},
    )
    assert updated.status_code == 302
    scenario.refresh_from_db()
    assert scenario.name == "Twenty percent"  # an empty name keeps the old one
    assert scenario.shared
    assert scenario.inputs["deflection_percent"] == 30
    # Reopened, the share box is ticked, so saving changes keeps it shared.
    reopened = text(client.get(f"/roi/?scenario={scenario.pk}"))
    assert re.search(r'name="shared"[^>]*checked', reopened)
    assert client.post(f"/roi/scenarios/{scenario.pk}/delete/").status_code == 302
    assert not Scenario.objects.exists()
    assert "Deleted “Twenty percent”." in text(client.get("/roi/scenarios/"))


def test_saving_needs_a_name_and_valid_inputs(
    agent: User, browse: Callable[[User | None], Browser]
) -> None:
    client = browse(agent)
    unnamed = save(client, "")
    assert unnamed.status_code == 422  # type: ignore[attr-defined]
    assert "Give the scenario a name" in text(unnamed)  # type: ignore[arg-type]
    bad = save(client, "Broken", implementation_cost=-10)
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert "Implementation (once, before year 1) cannot be negative" in text(bad)  # type: ignore[arg-type]
    assert not Scenario.objects.exists()
    no_csrf = client.post("/roi/scenarios/new/", {**WORKED, "name": "X"}, csrf=False)
    assert no_csrf.status_code == 403
    assert not Scenario.objects.exists()


def test_others_see_shared_scenarios_only_and_cannot_change_them(
    agent: User,
    admin_user: User,
    browse: Callable[[User | None], Browser],
    save_scenario: Callable[..., Scenario],
) -> None:
    private = save_scenario(agent, "Private plan")
    shared = save_scenario(agent, "Team plan", shared=True)
    admin = browse(admin_user)
    listing = text(admin.get("/roi/scenarios/"))
    assert "Team plan" in listing
    assert "Private plan" not in listing
    assert admin.get(f"/roi/?scenario={private.pk}").status_code == 404
    assert admin.get(f"/roi/scenarios/{private.pk}/").status_code == 404
    page = text(admin.get(f"/roi/?scenario={shared.pk}"))
    assert "save a copy of your own" in page
    assert "Save changes to" not in page
    refused = admin.post(f"/roi/scenarios/{shared.pk}/update/", {**WORKED, "name": "Mine"})
    assert refused.status_code == 403
    assert admin.post(f"/roi/scenarios/{shared.pk}/delete/").status_code == 403
    assert admin.post(f"/roi/scenarios/{private.pk}/delete/").status_code == 404
    assert Scenario.objects.count() == 2


def test_compare_two_or_three_scenarios(
    agent: User, browse: Callable[[User | None], Browser], save_scenario: Callable[..., Scenario]
) -> None:
    low = save_scenario(agent, "Twenty")
    high = save_scenario(agent, "Thirty", deflection_percent=30)
    client = browse(agent)
    page = client.get(f"/roi/scenarios/compare/?ids={low.pk}&ids={high.pk}")
    assert page.status_code == 200
    html = text(page)
    assert html.index("Twenty") < html.index("Thirty")
    assert "38.8%" in html
    assert "101.1%" in html
    assert html.count("differs</span>") == 1  # only the deflection rate
    assert "data-chart-config" in html
    one = client.get(f"/roi/scenarios/compare/?ids={low.pk}")
    assert one.status_code == 422
    assert "Choose two or three scenarios" in text(one)
    assert client.get("/roi/scenarios/compare/?ids=1&ids=2&ids=3&ids=4").status_code == 422


def test_query_budgets(
    agent: User, browse: Callable[[User | None], Browser], save_scenario: Callable[..., Scenario]
) -> None:
    client = browse(agent)
    first = save_scenario(agent, "First")

    def count(url: str, **kwargs: bool) -> int:
        client.get(url, **kwargs)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **kwargs).status_code == 200
        return len(queries)

    assert count(f"/roi/?scenario={first.pk}") <= CALCULATOR_CEILING
    assert count(CALCULATOR) <= CALCULATOR_CEILING - 1
    assert count(query(), htmx=True) <= FRAGMENT_CEILING
    few = count("/roi/scenarios/")
    more = [save_scenario(agent, f"Scenario {n}", deflection_percent=n * 10) for n in range(6)]
    assert count("/roi/scenarios/") == few <= LIST_CEILING
    ids = f"ids={first.pk}&ids={more[0].pk}&ids={more[1].pk}"
    assert count(f"/roi/scenarios/compare/?{ids}") <= LIST_CEILING
