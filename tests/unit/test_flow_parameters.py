"""Flows survive the trip `flow.serve` gives them: cloudpickled by value into a new process.

Prefect's runner hands a served flow to its subprocess with cloudpickle. The module
attribute `flows.pipeline.pipeline` is the Flow, not its function, so cloudpickle
copies the function by value with only the globals its code uses; an annotation
left as a string (`from __future__ import annotations`, or a name imported under
TYPE_CHECKING) then names something the copy does not have, and Prefect's parameter
validation fails on every served run (issue 12).
"""

from __future__ import annotations

import cloudpickle
import pytest
from prefect import Flow

import flows.pipeline


def _flows() -> list[Flow]:  # type: ignore[type-arg]
    return [value for value in vars(flows.pipeline).values() if isinstance(value, Flow)]


def test_every_flow_is_found() -> None:
    assert {f.name for f in _flows()} >= {"claimtrack-pipeline", "claimtrack-reextract"}


@pytest.mark.parametrize("flow", _flows(), ids=lambda f: f.name)
def test_parameters_validate_after_a_cloudpickle_round_trip(flow: Flow) -> None:  # type: ignore[type-arg]
    copy = cloudpickle.loads(cloudpickle.dumps(flow))
    assert copy.fn is not flow.fn  # by value, as the runner's subprocess gets it
    parameters = {"sources": ["examples/articles"], "published": "2019-08-30"}
    wanted = {k: v for k, v in parameters.items() if k in copy.parameters.properties}
    validated = copy.validate_parameters(wanted)
    assert set(validated) >= set(wanted)


def test_a_served_date_parameter_arrives_as_a_date() -> None:
    from datetime import date

    copy = cloudpickle.loads(cloudpickle.dumps(flows.pipeline.pipeline))
    validated = copy.validate_parameters({"sources": ["x"], "published": "2019-08-30"})
    assert validated["published"] == date(2019, 8, 30)


def test_served_reading_options_reach_the_flow() -> None:
    from datetime import date

    from claimtrack.cli.pipeline import serve_parameters

    parameters = serve_parameters(
        "examples/articles", date(2019, 8, 30), ["*.txt"], ["drafts/*"], "cp1252"
    )
    copy = cloudpickle.loads(cloudpickle.dumps(flows.pipeline.pipeline))
    validated = copy.validate_parameters(parameters)
    assert validated["include"] == ["*.txt"] and validated["exclude"] == ["drafts/*"]
    assert validated["encoding"] == "cp1252" and validated["published"] == date(2019, 8, 30)
    assert serve_parameters("feed.xml", None, [], [], None) == {"sources": ["feed.xml"]}
