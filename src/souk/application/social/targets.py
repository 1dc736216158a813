"""Find what a like or comment is about, whichever feature owns it."""

from __future__ import annotations

from uuid import UUID

from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_targets import StreamTargets
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.product import ProductStatus
from souk.domain.social.errors import TargetNotFound
from souk.domain.social.target import SocialTarget, TargetKind, TargetRef


class SocialTargets:
    def __init__(self, products: ProductRepository, streams: StreamTargets, visibility: Visibility) -> None:
        self._products = products
        self._streams = streams
        self._visibility = visibility

    async def find(self, ref: TargetRef) -> SocialTarget | None:
        if ref.kind is TargetKind.STREAM:
            return await self._streams.find(ref.id)
        product = await self._products.get(ref.id)
        if product is None:
            return None
        return SocialTarget(ref, product.seller_id, hidden=product.status is ProductStatus.ARCHIVED)

    async def visible(self, ref: TargetRef, viewer: UUID | None) -> SocialTarget:
        """The target if the viewer may see it, else 404 (hidden things are not admitted to)."""
        target = await self.find(ref)
        if target is None or not target.visible_to(viewer):
            raise TargetNotFound()
        return target

    async def for_action(self, ref: TargetRef, actor: UUID) -> SocialTarget:
        """A target the actor may see and act on (like, comment): its owner and the actor
        have not blocked each other (else 403 ``blocked``)."""
        target = await self.visible(ref, actor)
        await self._visibility.ensure_apart(actor, target.owner_id)
        return target
