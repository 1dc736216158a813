"""The giveaway's draw is what its documentation says, so anyone can re-check it: the
seed's sha256 is the published commitment, and the winner is recomputed here from the
seed and the sorted entrant ids with nothing but hashlib (not the code under test). The
rules of an entry and of the close live in the domain and are checked here too."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from souk.domain.streams.errors import (
    CannotEnterOwnGiveaway,
    FollowersOnlyGiveaway,
    GiveawayClosed,
    InvalidGiveaway,
)
from souk.domain.streams.giveaway import Giveaway, commitment_of, draw

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def recompute(seed: str, entrants: list[str]) -> str:
    """The documented recipe, written out independently."""
    ids = sorted(entrants)
    digest = hashlib.sha256((seed + "\n" + "\n".join(ids)).encode()).digest()
    return ids[int.from_bytes(digest, "big") % len(ids)]


def giveaway(followers_only: bool = False, duration_s: int = 30) -> Giveaway:
    return Giveaway.start(uuid4(), uuid4(), uuid4(), uuid4(), duration_s, followers_only, T0)


def test_the_commitment_is_the_seeds_sha256_and_the_seed_is_fresh_and_hidden() -> None:
    one, two = giveaway(), giveaway()
    assert len(one.seed) == 64
    assert int(one.seed, 16) >= 0
    assert one.seed_commitment == hashlib.sha256(one.seed.encode()).hexdigest() == commitment_of(one.seed)
    assert one.seed != two.seed
    assert one.revealed_seed is None  # secret while running
    one.close([], T0 + timedelta(seconds=30))
    assert one.revealed_seed == one.seed


@pytest.mark.parametrize("count", [1, 2, 3, 7, 50])
def test_the_winner_is_the_documented_function_of_seed_and_sorted_entrants(count: int) -> None:
    for _ in range(20):
        seed = hashlib.sha256(uuid4().bytes).hexdigest()
        entrants = [uuid4() for _ in range(count)]
        winner = draw(seed, entrants)
        assert str(winner) == recompute(seed, [str(e) for e in entrants])
        assert draw(seed, list(reversed(entrants))) == winner  # the order of entry does not matter


def test_the_draw_spreads_over_entrants_and_has_no_winner_without_entrants() -> None:
    entrants = [uuid4() for _ in range(4)]
    winners = {draw(f"{n:064x}", entrants) for n in range(200)}
    assert winners == set(entrants)
    assert draw("00" * 32, []) is None


def test_entry_rules_and_the_close_happen_once() -> None:
    g = giveaway(followers_only=True)
    viewer = uuid4()
    with pytest.raises(CannotEnterOwnGiveaway):
        g.check_entry(g.seller_id, T0, follows_seller=True)
    with pytest.raises(FollowersOnlyGiveaway):
        g.check_entry(viewer, T0, follows_seller=False)
    g.check_entry(viewer, T0 + timedelta(seconds=29), follows_seller=True)
    with pytest.raises(GiveawayClosed):  # its time is up, closed or not
        g.check_entry(viewer, g.ends_at, follows_seller=True)
    assert not g.is_due(g.ends_at - timedelta(milliseconds=1))
    assert g.is_due(g.ends_at)
    others = [uuid4(), uuid4()]
    winner = g.close([viewer, *others], g.ends_at)
    assert winner is not None
    assert str(winner) == recompute(g.seed, [str(u) for u in (viewer, *others)])
    assert (g.entrants, g.ended_at, g.winner_id) == (3, g.ends_at, winner)
    assert not g.is_due(g.ends_at + timedelta(hours=1))
    with pytest.raises(GiveawayClosed):
        g.close([viewer], g.ends_at)


@pytest.mark.parametrize("duration_s", [0, 4, 601, True])
def test_a_giveaway_lasts_5_to_600_seconds(duration_s: int) -> None:
    with pytest.raises(InvalidGiveaway):
        giveaway(duration_s=duration_s)


def test_known_vectors() -> None:
    """Pinned, so a change of the recipe (which would break every published re-check) fails."""
    ids = [UUID(int=i) for i in (5, 3, 1, 4, 2)]
    winners = {seed: draw(seed * 64, ids) for seed in "abce"}
    assert winners == {"a": UUID(int=3), "b": UUID(int=1), "c": UUID(int=4), "e": UUID(int=5)}
    assert commitment_of("a" * 64) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
