"""What deleting an account keeps and erases, row by row (PostgreSQL and SQLite).

Kept: the users row itself (conversations, offers and transactions point at it) with
every personal field erased, so messages show "Deleted user"; messages (the other party
keeps the conversation); offers and transactions (ids, amounts, status, times: the
accounting minimum); live-stream viewer visits (ids and times, for the sellers' figures);
entries in giveaways that have ended (the id only: the published draw is re-checked from
the sorted entrant ids, so removing one would falsify it). Auctions the user led keep the
bid but not the alias: the leader's alias, here and in the stream's timeline (the
winner of an ``auction_ended`` entry), becomes the deleted username.
Erased: the profile, login handles and password, the listings' text, places and images,
streams' text, comments, likes, saves, follows, entries in giveaways still open,
notifications, push tokens, sessions,
idempotency records, OTP challenges, media rows, moderation lists, and published outbox
rows about the user."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import String, cast, delete, exists, select, update

from souk.adapters.sql.read_session import SqlSession
from souk.adapters.sql.tables import (
    comments,
    follows,
    giveaway_entries,
    giveaways,
    idempotency_keys,
    likes,
    media,
    notifications,
    otp_challenges,
    outbox,
    product_saves,
    products,
    push_tokens,
    refresh_tokens,
    saved_payment_methods,
    seller_banned_words,
    seller_removed_viewers,
    stream_auctions,
    stream_moderators,
    stream_timeline,
    streams,
    users,
)
from souk.application.ports.account_eraser import AccountEraser
from souk.domain.catalog.product import ProductStatus
from souk.domain.media.media import originals_prefix, owner_prefix
from souk.domain.privacy.deletion import DELETED_DISPLAY_NAME, deleted_username
from souk.domain.streams.timeline import TimelineKind

UNUSABLE_PASSWORD = "!deleted"  # not an argon2 hash: no password verifies against it
EXPORTS_ROOT = "exports"


class SqlAccountEraser(AccountEraser):
    def __init__(self, uow: SqlSession) -> None:
        self._uow = uow

    async def archive_listings(self, user_id: UUID) -> int:
        conn = await self._uow.connection()
        p = products.c
        result = await conn.execute(
            update(products)
            .where(p.seller_id == user_id, p.status == ProductStatus.AVAILABLE.value)
            .values(status=ProductStatus.ARCHIVED.value)
        )
        return int(result.rowcount)

    async def media_keys(self, user_id: UUID) -> list[str]:
        return [owner_prefix(user_id), originals_prefix(user_id), f"{EXPORTS_ROOT}/{user_id}/"]

    async def erase(self, user_id: UUID) -> None:
        conn = await self._uow.connection()
        phone = (await conn.execute(select(users.c.phone).where(users.c.id == user_id))).scalar()
        await self._unfollow(user_id)
        await self._unname_bids(user_id)
        open_giveaway = exists().where(giveaways.c.id == giveaway_entries.c.giveaway_id, giveaways.c.ended_at.is_(None))
        about = cast(outbox.c.payload, String).contains(str(user_id))  # events naming the user
        for statement in (
            delete(product_saves).where(product_saves.c.user_id == user_id),
            delete(likes).where(likes.c.user_id == user_id),
            delete(giveaway_entries).where(giveaway_entries.c.user_id == user_id, open_giveaway),
            delete(comments).where(comments.c.author_id == user_id),
            delete(notifications).where(notifications.c.user_id == user_id),
            delete(push_tokens).where(push_tokens.c.user_id == user_id),
            delete(saved_payment_methods).where(saved_payment_methods.c.user_id == user_id),
            delete(refresh_tokens).where(refresh_tokens.c.user_id == user_id),
            delete(idempotency_keys).where(idempotency_keys.c.user_id == user_id),
            delete(media).where(media.c.owner_id == user_id),
            delete(stream_moderators).where(stream_moderators.c.user_id == user_id),
            delete(seller_banned_words).where(seller_banned_words.c.seller_id == user_id),
            delete(seller_removed_viewers).where(seller_removed_viewers.c.seller_id == user_id),
            delete(outbox).where(outbox.c.published_at.is_not(None), about),
            update(products)
            .where(products.c.seller_id == user_id, products.c.status == ProductStatus.AVAILABLE.value)
            .values(status=ProductStatus.ARCHIVED.value),
            update(products)
            .where(products.c.seller_id == user_id)
            .values(title="Deleted listing", description="", image_urls=[], image_media_ids=None, video_media_id=None)
            .values(lat=None, lng=None, public_lat=None, public_lng=None),
            update(streams)
            .where(streams.c.seller_id == user_id)
            .values(title="Deleted stream", description="", recording_path=None),
            update(users)
            .where(users.c.id == user_id)
            .values(
                username=deleted_username(user_id),
                display_name=DELETED_DISPLAY_NAME,
                password_hash=UNUSABLE_PASSWORD,
                phone=None,
                email=None,
                phone_verified=False,
                avatar_url=None,
                avatar_media_id=None,
                bio="",
                home_lat=None,
                home_lng=None,
                home_public_lat=None,
                home_public_lng=None,
                neighborhood=None,
                notification_settings={},
                followers_count=0,
                following_count=0,
                listings_count=0,
            ),
        ):
            await conn.execute(statement)
        if phone is not None:
            await conn.execute(delete(otp_challenges).where(otp_challenges.c.phone == phone))

    async def _unname_bids(self, user_id: UUID) -> None:
        """The leading bids stay (the sale, the seller's figures); the alias goes, also from
        the timeline's result of each auction the user won."""
        conn = await self._uow.connection()
        a, alias = stream_auctions.c, deleted_username(user_id)
        led = (await conn.execute(select(a.id, a.stream_id).where(a.leader_id == user_id))).all()
        if not led:
            return
        await conn.execute(update(stream_auctions).where(a.leader_id == user_id).values(leader_alias=alias))
        ids, streams_of = {str(row.id) for row in led}, {row.stream_id for row in led}
        t = stream_timeline.c
        ended = select(t.id, t["data"]).where(t.stream_id.in_(streams_of), t.kind == TimelineKind.AUCTION_ENDED.value)
        for row in (await conn.execute(ended)).mappings().all():
            data = dict(row["data"])
            if data.get("auction_id") in ids and data.get("winner") is not None:
                await conn.execute(
                    update(stream_timeline).where(t.id == row["id"]).values(data={**data, "winner": alias})
                )

    async def _unfollow(self, user_id: UUID) -> None:
        """Follows go both ways; the other side's counters follow."""
        conn = await self._uow.connection()
        f = follows.c
        followees = [r.followee_id for r in await conn.execute(select(f.followee_id).where(f.follower_id == user_id))]
        followers = [r.follower_id for r in await conn.execute(select(f.follower_id).where(f.followee_id == user_id))]
        if followees:
            await conn.execute(
                update(users).where(users.c.id.in_(followees)).values(followers_count=users.c.followers_count - 1)
            )
        if followers:
            await conn.execute(
                update(users).where(users.c.id.in_(followers)).values(following_count=users.c.following_count - 1)
            )
        await conn.execute(delete(follows).where((f.follower_id == user_id) | (f.followee_id == user_id)))
