"""Prefect flows: thin orchestration over claimtrack."""
