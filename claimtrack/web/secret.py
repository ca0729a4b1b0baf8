"""The key that signs session cookies: from settings, else generated once into data_dir."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from claimtrack.settings import Settings

SECRET_FILE_NAME = "web-secret-key"


def session_secret(settings: Settings) -> str:
    """settings.secret_key, or a random key kept in data_dir so sessions survive restarts."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / SECRET_FILE_NAME
    if path.exists():
        existing = path.read_text(encoding="utf-8").strip()
        if existing:
            return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: two workers starting at once must agree on one key, not overwrite each other's.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
