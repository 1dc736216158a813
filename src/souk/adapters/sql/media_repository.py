from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from souk.adapters.media_codec import (
    image_from_json,
    image_to_json,
    metadata_from_json,
    metadata_to_json,
    outputs_from_json,
    outputs_to_json,
)
from souk.adapters.sql.tables import media as media_table
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.application.ports.media_repository import MediaRepository
from souk.domain.media.media import Media
from souk.domain.media.values import MediaKind, MediaStatus


class SqlMediaRepository(MediaRepository):
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    async def add(self, media: Media) -> None:
        conn = await self._uow.connection()
        await conn.execute(insert(media_table).values(**_to_row(media)))

    async def get(self, media_id: UUID) -> Media | None:
        conn = await self._uow.connection()
        row = (await conn.execute(select(media_table).where(media_table.c.id == media_id))).mappings().one_or_none()
        return to_entity(row) if row else None

    async def get_many(self, media_ids: Collection[UUID]) -> list[Media]:
        if not media_ids:
            return []
        conn = await self._uow.connection()
        rows = (await conn.execute(select(media_table).where(media_table.c.id.in_(list(media_ids))))).mappings()
        return [to_entity(row) for row in rows]

    async def save(self, media: Media) -> None:
        conn = await self._uow.connection()
        row = _to_row(media)
        row.pop("id")
        await conn.execute(update(media_table).where(media_table.c.id == media.id).values(**row))


def _to_row(media: Media) -> dict[str, Any]:
    return {
        "id": media.id,
        "owner_id": media.owner_id,
        "kind": media.kind.value,
        "content_type": media.content_type,
        "declared_size": media.declared_size,
        "filename": media.filename,
        "status": media.status.value,
        "size_bytes": media.size_bytes,
        "metadata": metadata_to_json(media.metadata),
        "outputs": outputs_to_json(media.outputs),
        "error": media.error,
        "created_at": media.created_at,
        "updated_at": media.updated_at,
        "original_key": media.stored_original_key,
        "image": image_to_json(media.image),
    }


def to_entity(row: Any) -> Media:
    return Media(
        id=row["id"],
        owner_id=row["owner_id"],
        kind=MediaKind(row["kind"]),
        content_type=row["content_type"],
        declared_size=row["declared_size"],
        filename=row["filename"],
        status=MediaStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        size_bytes=row["size_bytes"],
        metadata=metadata_from_json(row["metadata"]),
        outputs=outputs_from_json(row["outputs"]),
        error=row["error"],
        image=image_from_json(row["image"]),
        stored_original_key=row["original_key"],
    )
