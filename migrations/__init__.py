"""Alembic migrations, shipped inside the wheel so an installed claimtrack can upgrade itself."""
