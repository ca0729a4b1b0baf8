"""`claimtrack run`'s progress on a terminal (issue 12, item 7): a bar with a counted
total and a rate. (Piped output's plain lines: tests/flows/test_cli_run_options.py.)"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.flows.conftest import EXAMPLE_ARTICLES
from tests.flows.test_cli_run import operator_environment

pytestmark = pytest.mark.slow

# Rich's terminal control sequences, removed to read the frames it drew.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_a_terminal_gets_a_bar_with_total_and_rate(fresh_database_url: str, tmp_path: Path) -> None:
    env = operator_environment(tmp_path, fresh_database_url)
    env.update({"TERM": "xterm", "COLUMNS": "160", "LINES": "40"})
    script = Path(sys.executable).with_name("claimtrack")
    main, child = pty.openpty()
    process = subprocess.Popen(
        [str(script), "run", str(EXAMPLE_ARTICLES), "--batch-size", "1", "--workers", "1"],
        env=env,
        stdin=child,
        stdout=child,
        stderr=child,
        close_fds=True,
    )
    os.close(child)
    output = b""
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
    finally:
        os.close(main)
        if process.poll() is None:
            process.kill()
        process.wait(30)
    assert process.returncode == 0, output.decode(errors="replace")[-2000:]
    screen = _ANSI.sub("", output.decode(errors="replace"))
    assert re.search(r"articles\b.*\d/3\b", screen), screen[-2000:]  # a counted total
    assert "articles/s" in screen
    assert not re.search(r"^articles: \d", screen, re.M)  # no plain lines on a terminal
