from __future__ import annotations

from uuid import UUID

from souk.application.ports.conversation_repository import ConversationReader
from souk.domain.negotiation.errors import ConversationNotFound
from souk.entrypoints.ws.handlers import FrameContext


async def partner_in(ctx: FrameContext, conversation_id: UUID) -> UUID:
    """The other member of a conversation the caller belongs to, else
    ``conversation_not_found``. Cached per connection: a conversation's members never
    change, so frames like typing are authorised without a database read each time."""
    connection = ctx.connection
    other = connection.partners.get(conversation_id)
    if other is None:
        conversation = await (await ctx.scope.get(ConversationReader)).get(conversation_id)
        if conversation is None:
            raise ConversationNotFound()
        other = conversation.other(connection.user_id)  # a stranger: conversation_not_found
        connection.partners[conversation_id] = other
    return other
