"""Errors that mean "the user's input or setup is wrong": shown as one line, never a traceback."""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base of every error the CLI reports as one clear line with a non-zero exit."""

    exit_code = 1
