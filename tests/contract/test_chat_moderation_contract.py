"""The chat-moderation repository answers the same in memory, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from dishka import AsyncContainer

from souk.application.ports.chat_moderation_repository import ChatModerationReader, ChatModerationRepository
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.streams.errors import ModeratorNotFound
from souk.domain.streams.stream import Stream
from tests.contract.test_streams_contract import NOW, product, seller


async def test_moderation_round_trip(container: AsyncContainer) -> None:
    owner, mod, viewer, other = [await seller(container) for _ in range(4)]
    await product(container, owner)
    stream = Stream.draft(uuid.uuid4(), owner, "Show", None, None, NOW)
    async with container() as request:
        streams, uow = await request.get(StreamRepository), await request.get(UnitOfWork)
        await streams.add(stream)
        await uow.commit()
    async with container() as request:
        repo, uow = await request.get(ChatModerationRepository), await request.get(UnitOfWork)
        empty = await repo.load(stream.id, owner, NOW)
        assert (empty.moderators, empty.slow_mode_s, empty.seller_words, dict(empty.removed)) == (
            frozenset(),
            0,
            (),
            {},
        )
        await repo.add_moderator(stream.id, mod, NOW)
        await repo.add_moderator(stream.id, mod, NOW)  # idempotent
        with pytest.raises(ModeratorNotFound):
            await repo.add_moderator(stream.id, uuid.uuid4(), NOW)
        await repo.set_slow_mode(stream.id, 10)
        await repo.set_slow_mode(stream.id, 20)
        await repo.set_banned_words(owner, ("scam",))
        await repo.set_banned_words(owner, ("scam", "fake gold"))
        await repo.remove_viewer(owner, viewer, None, NOW)  # banned
        await repo.remove_viewer(owner, viewer, NOW + timedelta(minutes=5), NOW)  # a time-out does not shorten it
        await repo.remove_viewer(owner, other, NOW + timedelta(minutes=5), NOW)
        await uow.commit()
    async with container() as request:
        reader = await request.get(ChatModerationReader)
        got = await reader.load(stream.id, owner, NOW)
        assert got.moderators == frozenset({mod})
        assert got.slow_mode_s == 20
        assert got.seller_words == ("scam", "fake gold") == await reader.banned_words_of(owner)
        assert dict(got.removed) == {viewer: None, other: NOW + timedelta(minutes=5)}
        later = await reader.load(stream.id, owner, NOW + timedelta(minutes=6))
        assert dict(later.removed) == {viewer: None}  # expired time-outs are left out
        assert await reader.banned_words_of(mod) == ()


async def test_uncommitted_moderation_leaves_nothing(container: AsyncContainer) -> None:
    owner = await seller(container)
    async with container() as request:
        repo = await request.get(ChatModerationRepository)
        await repo.set_banned_words(owner, ("scam",))
    async with container() as request:
        assert await (await request.get(ChatModerationReader)).banned_words_of(owner) == ()
