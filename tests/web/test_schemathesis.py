"""schemathesis against the API's OpenAPI schema: whatever it sends, no 5xx.

Generated requests carry a valid token (so they reach the handlers, not just the auth
check) and a real PostgreSQL with claims behind them. The operations are driven with
Hypothesis directly: schemathesis's pytest plugin (from_fixture) does not run on this
pytest, and loading the schema at import time would need the app before the database.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from models import Role
from tests.web.seed import Seeded

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import not_a_server_error  # noqa: E402

MAX_EXAMPLES = 40


def test_no_server_errors(web_app: FastAPI, seeded: Seeded) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app)
    headers = {"Authorization": f"Bearer {seeded.tokens[Role.EDITOR]}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, [op.label for op in operations]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            no_server_error()
        except Exception as exc:
            raise AssertionError(f"{operation.label}: {exc}") from exc
