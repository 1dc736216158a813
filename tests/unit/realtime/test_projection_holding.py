"""A process holding no socket of a chat message's members makes no frame of it (most
processes, most messages); one holding either member's socket makes the usual frame."""

from __future__ import annotations

from souk.domain.negotiation.events import MessageSent
from tests.event_samples import message, offer
from tests.unit.realtime.projections import projection_without_reads


async def test_a_chat_message_is_projected_only_where_a_member_has_a_socket() -> None:
    o = offer()
    event = MessageSent(message(o), o.parties, o)
    projection = projection_without_reads()
    assert await projection.frames(event, holding=lambda user: False) == []
    buyer, seller = o.parties
    for member in (buyer, seller):
        [frame] = await projection.frames(event, holding=lambda user, m=member: user == m)  # type: ignore[misc]
        assert frame.type == "message:new"
        assert set(frame.users) == {str(buyer), str(seller)}
