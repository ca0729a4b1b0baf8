"""Keyset (cursor) pagination: stable under concurrent inserts, unlike OFFSET.

A page ends at the sort key of its last row; the next page starts strictly after that
key. Rows inserted meanwhile can never shift the rows already listed, so a client
walking the pages sees every row that existed when it started exactly once.
The cursor is opaque to clients: base64url of the sort name and the last key.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from claimtrack.review.errors import InvalidInput

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class SortOrder:
    """Order by `key` then the primary key `tiebreak`, both ascending or both descending."""

    name: str
    key: InstrumentedAttribute[Any] | None  # None: the primary key alone
    tiebreak: InstrumentedAttribute[Any]
    descending: bool

    def order_by(self) -> list[sa.ColumnElement[Any]]:
        columns = [c for c in (self.key, self.tiebreak) if c is not None]
        return [c.desc() if self.descending else c.asc() for c in columns]

    def after(self, last: list[Any]) -> sa.ColumnElement[bool]:
        """Rows strictly after the key `last` in this order (a row-value comparison)."""
        columns = [c for c in (self.key, self.tiebreak) if c is not None]
        left = sa.tuple_(*columns)
        right = sa.tuple_(*[sa.literal(v) for v in last])
        return left < right if self.descending else left > right

    def key_of(self, row: Any) -> list[Any]:
        columns = [c for c in (self.key, self.tiebreak) if c is not None]
        return [getattr(row, c.key) for c in columns]


def encode_cursor(order: SortOrder, last: list[Any]) -> str:
    raw = json.dumps({"s": order.name, "k": last}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, order: SortOrder) -> list[Any]:
    """The last key of the previous page; InvalidInput for anything we did not issue."""
    bad = InvalidInput("the cursor is not valid: use next_cursor from the previous page as is")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad from None
    if not isinstance(data, dict) or not isinstance(data.get("k"), list):
        raise bad
    if data.get("s") != order.name:
        raise InvalidInput(
            f"the cursor belongs to sort {data.get('s')!r}, not {order.name!r}: "
            "keep the same sort while paging"
        )
    key: list[Any] = data["k"]
    width = 2 if order.key is not None else 1
    if len(key) != width or not all(_plain_scalar(v) for v in key):
        raise bad
    # The primary key is a bigint: anything else would reach PostgreSQL as a bad comparison.
    if not isinstance(key[-1], int) or isinstance(key[-1], bool) or abs(key[-1]) >= 2**63:
        raise bad
    return key


def _plain_scalar(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
