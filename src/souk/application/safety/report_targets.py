"""What a report can be about, whichever feature owns it: does the reporter see it, whose
is it, and (for staff) what does it say."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.conversation_repository import ConversationRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.stream_targets import StreamTargets
from souk.application.ports.user_repository import UserRepository
from souk.domain.catalog.product import ProductStatus
from souk.domain.safety.errors import CannotReportSelf, ReportTargetNotFound
from souk.domain.safety.report import TargetType

PREVIEW_MAX = 500


@dataclass(frozen=True, slots=True)
class Found:
    owner_id: UUID
    preview: str  # the reported content as staff see it in the queue


@dataclass(frozen=True, slots=True)
class ReportTargets:
    users: UserRepository
    products: ProductRepository
    streams: StreamTargets
    comments: CommentRepository
    conversations: ConversationRepository

    async def reportable(self, kind: TargetType, target_id: UUID, reporter_id: UUID) -> Found:
        """The target if the reporter can see it (a message: of their own conversation) and
        it is someone else's; else 404 ``report_target_not_found`` / 403."""
        found = await self.find(kind, target_id, reporter_id)
        if found is None:
            raise ReportTargetNotFound()
        if found.owner_id == reporter_id:
            raise CannotReportSelf()
        return found

    async def find(self, kind: TargetType, target_id: UUID, viewer: UUID | None) -> Found | None:
        """``viewer`` None: staff, who see everything."""
        if kind is TargetType.USER:
            user = await self.users.get(target_id)
            return Found(user.id, f"@{user.username.value} — {user.display_name}\n{user.bio}") if user else None
        if kind is TargetType.PRODUCT:
            product = await self.products.get(target_id)
            if product is None:
                return None
            if viewer is not None and product.status is ProductStatus.ARCHIVED and product.seller_id != viewer:
                return None
            return Found(product.seller_id, _cut(f"{product.title}\n{product.description}"))
        if kind is TargetType.STREAM:
            stream = await self.streams.find(target_id)
            if stream is None or (viewer is not None and not stream.visible_to(viewer)):
                return None
            return Found(stream.owner_id, f"stream {target_id}")
        if kind is TargetType.COMMENT:
            comment = await self.comments.get(target_id)
            return Found(comment.author_id, _cut(comment.content)) if comment else None
        message = await self.conversations.message(target_id)
        if message is None or message.sender_id is None:
            return None
        if viewer is not None:
            conversation = await self.conversations.get(message.conversation_id)
            if conversation is None or viewer not in (conversation.buyer_id, conversation.seller_id):
                return None
        return Found(message.sender_id, _cut(message.content))


def _cut(text: str) -> str:
    return text if len(text) <= PREVIEW_MAX else text[: PREVIEW_MAX - 1] + "…"
