from __future__ import annotations

from uuid import UUID

from souk.application.shared.ids import Ids, new_id


class Uuid7Ids(Ids):
    """UUIDv7 (RFC 9562): time-ordered, so B-tree inserts stay local; monotonic per process."""

    def new(self) -> UUID:
        return new_id()
