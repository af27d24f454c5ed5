"""The ROI rows of the API authorization matrix (`tests/api/test_authorization.py`).

Staff (agent, editor, moderator, admin) use the model; customers get a 403 and anonymous
callers a 401. The scenario in the paths is the agent's own, private: every other member of
staff gets a 404, as for a scenario that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crowdservice.roi.actions import do_save_scenario
from tests.roi.test_model import WORKED

STAFF = (401, 403, 403, 200, 200, 200, 200)
STAFF_CREATE = (401, 403, 403, 201, 201, 201, 201)
AGENTS_OWN = (401, 403, 403, 200, 404, 404, 404)
AGENTS_OWN_DELETE = (401, 403, 403, 204, 404, 404, 404)


def agents_scenario(w: Any) -> dict[str, Any]:
    scenario = do_save_scenario(owner=w.agent, name="Agent's plan", inputs=WORKED)
    return {"scenario_id": scenario.pk}


def roi_cases(case: Callable[..., Any]) -> list[Any]:
    """The rows, built with the matrix's own `Case` class."""
    return [
        case("roi prefill", "GET", "/roi/prefill", lambda w: {}, STAFF, writes=False),
        case(
            "roi calculate", "POST", "/roi/calculate", lambda w: {}, STAFF, {"inputs": WORKED},
            writes=False,  # a calculation saves nothing
        ),
        case("roi scenarios", "GET", "/roi/scenarios", lambda w: {}, STAFF, writes=False),
        case(
            "roi save scenario", "POST", "/roi/scenarios", lambda w: {}, STAFF_CREATE,
            {"name": "Plan B", "inputs": WORKED},
        ),
        case(
            "roi get scenario", "GET", "/roi/scenarios/{scenario_id}", agents_scenario,
            AGENTS_OWN, writes=False,
        ),
        case(
            "roi change scenario", "PATCH", "/roi/scenarios/{scenario_id}", agents_scenario,
            AGENTS_OWN, {"shared": True},
        ),
        case(
            "roi delete scenario", "DELETE", "/roi/scenarios/{scenario_id}", agents_scenario,
            AGENTS_OWN_DELETE,
        ),
    ]  # fmt: skip
