"""Fixtures of the robustness tests: one Prefect server for every pipeline run here.

`claimtrack run` starts a temporary Prefect server of its own when none is
configured (5-10 s each time); the crash and outage tests run the pipeline a
few dozen times, so they share one, started once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def prefect_api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from flows.local_server import LocalPrefectServer

    log: Path = tmp_path_factory.mktemp("prefect") / "prefect-server.log"
    server = LocalPrefectServer(log)
    server.launch()
    server.wait_ready(120)
    yield server.api_url
    server.stop()
