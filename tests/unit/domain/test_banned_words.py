from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from souk.domain.shared.banned_words import (
    BannedWordsAction,
    BannedWordsUsed,
    InvalidBannedWords,
    WordFilter,
    banned_words,
)
from souk.domain.streams.errors import InvalidChatRules, InvalidModeration, NotStreamModerator, RemovedFromStream
from souk.domain.streams.moderation import ChatModeration, slow_mode, timeout_until

NOW = datetime(2026, 12, 7, tzinfo=UTC)


def test_lists_are_trimmed_lower_cased_and_checked() -> None:
    assert banned_words([" Scam ", "scam", "FAKE   gold"]) == ("scam", "fake gold")
    for bad in (
        [
            "",
        ],
        ["x" * 51],
        [3],
        ["w"] * 0 + [f"w{i}" for i in range(201)],
    ):
        with pytest.raises(InvalidBannedWords):
            banned_words(bad)


def test_whole_words_any_case_block_or_mask() -> None:
    block = WordFilter(("scam", "fake gold"))
    assert block.apply("scampi and escama") == "scampi and escama"
    for text in ("SCAM!", "a scam.", "it is fake\tgold"):
        with pytest.raises(BannedWordsUsed):
            block.apply(text)
    mask = WordFilter(("scam", "fake gold"), BannedWordsAction.MASK)
    assert mask.apply("Scam? fake gold!") == "****? **** ****!"
    assert WordFilter(()).apply("scam") == "scam"
    assert block.joined(["darn"]).words == ("scam", "fake gold", "darn")


def test_moderation_rules() -> None:
    seller, mod, viewer, banned, timed = (uuid.uuid4() for _ in range(5))
    room = ChatModeration(seller, frozenset({mod}), 30, ("scam",), {banned: None, timed: NOW + timedelta(minutes=1)})
    assert room.may_moderate(seller)
    assert room.may_moderate(mod)
    assert not room.may_moderate(viewer)
    with pytest.raises(NotStreamModerator):
        room.require_moderator(viewer)
    assert (room.slow_for(viewer), room.slow_for(mod), room.slow_for(seller)) == (30, 0, 0)
    room.require_admitted(viewer, NOW)
    with pytest.raises(RemovedFromStream):
        room.require_admitted(banned, NOW + timedelta(days=999))
    with pytest.raises(RemovedFromStream):
        room.require_admitted(timed, NOW)
    room.require_admitted(timed, NOW + timedelta(minutes=1))  # the time-out is over
    for target in (seller, mod):
        with pytest.raises(InvalidModeration):
            room.require_target(mod, target)
    with pytest.raises(InvalidModeration):
        room.require_target(seller, seller)
    assert room.filter(WordFilter(("darn",))).words == ("darn", "scam")
    with pytest.raises(InvalidChatRules):
        slow_mode(3601)
    with pytest.raises(InvalidChatRules):
        slow_mode(True)
    with pytest.raises(InvalidModeration):
        timeout_until(NOW, 1441)
    assert timeout_until(NOW, 5) == NOW + timedelta(minutes=5)
