from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError

from souk.domain.shared.errors import DomainError


def translate_unique_violation(exc: IntegrityError, by_column: Mapping[str, type[DomainError]]) -> DomainError | None:
    """Name the domain error for the unique column that clashed (PostgreSQL or SQLite wording)."""
    message = str(exc.orig)
    for column, error in by_column.items():
        if f"_{column}" in message or f".{column}" in message:
            return error()
    return None
