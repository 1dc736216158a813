"""Safety use cases (blocks, reports, staff actions) and the shared ``Visibility`` rule."""

from __future__ import annotations

from uuid import UUID

from dishka import AsyncContainer, Provider, Scope, provide

from souk.application.safety.block_user import BlockUser
from souk.application.safety.list_blocks import ListBlocks
from souk.application.safety.unblock_user import UnblockUser
from souk.application.shared.visibility import Visibility


class ScopedVisibility(Visibility):
    """``Visibility`` for process-wide use cases (``JoinStream``): each question in a
    request scope of its own, as ``ScopedAudienceDirectory`` does for admission reads."""

    def __init__(self, container: AsyncContainer) -> None:  # noqa: no super: every method delegates
        self._container = container

    async def ensure_apart(self, actor_id: UUID, other_id: UUID) -> None:
        async with self._container() as request:
            await (await request.get(Visibility)).ensure_apart(actor_id, other_id)

    async def apart(self, a: UUID, b: UUID) -> bool:
        async with self._container() as request:
            return await (await request.get(Visibility)).apart(a, b)

    async def hidden_from(self, viewer_id: UUID | None) -> frozenset[UUID]:
        async with self._container() as request:
            return await (await request.get(Visibility)).hidden_from(viewer_id)


class SafetyUseCasesProvider(Provider):
    scope = Scope.REQUEST

    visibility = provide(Visibility)
    block = provide(BlockUser)
    unblock = provide(UnblockUser)
    list_blocks = provide(ListBlocks)
