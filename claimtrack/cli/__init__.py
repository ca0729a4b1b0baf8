"""The `claimtrack` command: one Typer app, one module per command group.

Command modules import their heavy dependencies (SQLAlchemy, Prefect, models)
inside the command functions, so `claimtrack extract` starts fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

from claimtrack.errors import ClaimtrackError


class ClaimtrackApp(typer.Typer):
    """A Typer app that reports claimtrack's own errors as one line on stderr, and ends
    on SIGTERM and SIGHUP as on Ctrl-C, so the embedded PostgreSQL is stopped."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from claimtrack.cli.signals import exit_cleanly_on_signals

        exit_cleanly_on_signals()
        try:
            return super().__call__(*args, **kwargs)
        except ClaimtrackError as exc:
            sys.stderr.write(f"claimtrack: error: {exc}\n")
            sys.exit(exc.exit_code)


app = ClaimtrackApp(
    name="claimtrack",
    help="Extract checkable claims from news articles, store them, and review them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module defines register(app). Listed here so the command set is in one place.
_COMMAND_MODULES = (
    "db",
    "extract",
    "evaluate",
    "checkworthiness",
    "pipeline",
    "reviewers",
    "claims",
    "export",
    "matching",
    "checks",
    "web",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(f"claimtrack.cli.{_name}").register(app)
