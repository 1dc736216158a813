from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.like_repository import LikeRepository
from souk.domain.catalog.product import Product
from souk.domain.social.target import TargetKind, TargetRef


class InMemoryLikeRepository(LikeRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._likes: dict[tuple[TargetRef, UUID], datetime] = uow.store.table("likes")
        self._counts: dict[TargetRef, int] = uow.store.table("like_counts")
        self._products: dict[UUID, Product] = uow.store.table("products")

    async def like(self, user_id: UUID, target: TargetRef, at: datetime) -> bool:
        if (target, user_id) in self._likes:
            return False
        self._uow.before_write()
        self._likes[(target, user_id)] = at
        self._bump(target, 1)
        return True

    async def unlike(self, user_id: UUID, target: TargetRef) -> bool:
        if (target, user_id) not in self._likes:
            return False
        self._uow.before_write()
        del self._likes[(target, user_id)]
        self._bump(target, -1)
        return True

    async def counts(self, kind: TargetKind, ids: Collection[UUID]) -> dict[UUID, int]:
        if kind is TargetKind.PRODUCT:
            return {i: self._products[i].likes_count if i in self._products else 0 for i in ids}
        return {i: self._counts.get(TargetRef(kind, i), 0) for i in ids}

    def _bump(self, target: TargetRef, delta: int) -> None:
        if target.kind is TargetKind.PRODUCT:
            if target.id in self._products:
                self._products[target.id].likes_count += delta
            return
        self._counts[target] = self._counts.get(target, 0) + delta
