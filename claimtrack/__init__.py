"""claimtrack: claim tracking for fact-checkers."""

__version__ = "0.2.0"
