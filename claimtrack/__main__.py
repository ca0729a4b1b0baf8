"""`python -m claimtrack` runs the CLI."""

from claimtrack.cli import app

app(prog_name="claimtrack")
