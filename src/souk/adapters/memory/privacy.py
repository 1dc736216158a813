"""In-memory twins of the data-rights adapters (the e2e and contract tests hold the SQL
ones to the same behaviour): the same sections and the same erasure, on the store's
records."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.account_eraser import AccountEraser
from souk.application.ports.personal_data import PersonalData
from souk.domain.accounts.values import Username
from souk.domain.catalog.product import ProductStatus
from souk.domain.media.media import originals_prefix, owner_prefix
from souk.domain.privacy.deletion import DELETED_DISPLAY_NAME, GRACE, DeletionRequest, deleted_username

SECRETS = frozenset({"password_hash", "stored_original_key", "_previous_counts"})
# section -> (store table, fields naming the user)
SECTIONS = {
    "listings": ("products", ("seller_id",)),
    "conversations": ("conversations", ("buyer_id", "seller_id")),
    "offers": ("offers", ("buyer_id", "seller_id")),
    "transactions": ("transactions", ("buyer_id", "seller_id")),
    "tips": ("stream_tips", ("tipper_id", "seller_id")),
    "saved_payment_methods": ("saved_payment_methods", ("user_id",)),
    "payout_account": ("payout_accounts", ("user_id",)),
    "comments": ("comments", ("author_id",)),
    "notifications": ("notifications", ("user_id",)),
    "media": ("media", ("owner_id",)),
}


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in SECRETS}
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    return value


def _entries_of(giveaways: dict[Any, Any], entries: dict[Any, Any], user_id: UUID) -> list[dict[str, Any]]:
    found = []
    for (giveaway_id, entrant), at in sorted(entries.items(), key=lambda item: item[1]):
        g = giveaways[giveaway_id]
        if entrant == user_id:
            found.append({
                "giveaway_id": str(g.id), "stream_id": str(g.stream_id), "product_id": str(g.product_id),
                "entered_at": plain(at), "ends_at": plain(g.ends_at), "ended_at": plain(g.ended_at),
                "won": g.winner_id == user_id,
            })  # fmt: skip
    return found


def _names(record: Any, user_id: UUID, fields: tuple[str, ...]) -> bool:
    return any(getattr(record, f, None) == user_id for f in fields)


class InMemoryPersonalData(PersonalData):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._store = uow.store

    async def export(self, user_id: UUID) -> dict[str, Any]:
        t = self._store.table
        user = t("users").get(user_id)
        out: dict[str, Any] = {"profile": plain(user) if user else None}
        for section, (table, fields) in SECTIONS.items():
            out[section] = [plain(r) for r in t(table).values() if _names(r, user_id, fields)]
        mine = {c["id"] for c in out["conversations"]}
        out["messages"] = [plain(m) for m in t("messages").values() if str(m.conversation_id) in mine]
        out["likes"] = [
            {"target": plain(ref), "created_at": plain(at)} for (ref, u), at in t("likes").items() if u == user_id
        ]
        follows = t("follows")
        out["follows"] = {
            "following": [
                {"followee_id": str(b), "created_at": plain(at)} for (a, b), at in follows.items() if a == user_id
            ],
            "followers": [
                {"follower_id": str(a), "created_at": plain(at)} for (a, b), at in follows.items() if b == user_id
            ],
        }
        saves = t("product_saves")
        out["saves"] = [{"product_id": str(p), "created_at": plain(at)} for (u, p), at in saves.items() if u == user_id]
        out["auctions"] = []  # no auction store in memory
        out["giveaway_entries"] = _entries_of(t("giveaways"), t("giveaway_entries"), user_id)
        for item in out["media"]:
            item["original_url"] = f"/api/v1/media/{item['id']}/original"
        return out


class InMemoryAccountDeletions(AccountDeletions):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, datetime] = uow.store.table("account_deletions")

    async def request(self, user_id: UUID, at: datetime) -> DeletionRequest:
        self._uow.before_write()
        return DeletionRequest(user_id, self._rows.setdefault(user_id, at))

    async def pending(self, user_id: UUID) -> DeletionRequest | None:
        at = self._rows.get(user_id)
        return DeletionRequest(user_id, at) if at is not None else None

    async def cancel(self, user_id: UUID) -> bool:
        if user_id not in self._rows:
            return False
        self._uow.before_write()
        del self._rows[user_id]
        return True

    async def due(self, now: datetime, limit: int) -> list[UUID]:
        return [u for u, at in sorted(self._rows.items(), key=lambda kv: kv[1]) if at <= now - GRACE][:limit]

    async def done(self, user_id: UUID) -> None:
        await self.cancel(user_id)


class InMemoryAccountEraser(AccountEraser):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._store = uow.store

    async def archive_listings(self, user_id: UUID) -> int:
        self._uow.before_write()
        archived = 0
        for product in self._store.table("products").values():
            if product.seller_id == user_id and product.status is ProductStatus.AVAILABLE:
                product.status, archived = ProductStatus.ARCHIVED, archived + 1
        return archived

    async def media_keys(self, user_id: UUID) -> list[str]:
        return [owner_prefix(user_id), originals_prefix(user_id), f"exports/{user_id}/"]

    async def erase(self, user_id: UUID) -> None:
        self._uow.before_write()
        await self.archive_listings(user_id)
        t = self._store.table
        for product in t("products").values():
            if product.seller_id == user_id:
                product.title, product.description, product.image_urls = "Deleted listing", "", ()
                product.image_media_ids, product.video_media_id, product.location = (), None, None
        for table, fields in (("comments", ("author_id",)), ("notifications", ("user_id",)), ("media", ("owner_id",))):
            rows = t(table)
            for key in [k for k, r in rows.items() if _names(r, user_id, fields)]:
                del rows[key]
        giveaways, entries = t("giveaways"), t("giveaway_entries")
        for key in [(g, u) for g, u in entries if u == user_id and not giveaways[g].ended]:
            del entries[key]  # an ended giveaway keeps the id: its published draw is checked against it
        for table in ("likes", "product_saves", "follows"):
            rows = t(table)
            for key in [k for k in rows if user_id in k]:
                del rows[key]
        for table in ("refresh_tokens", "push_tokens", "saved_payment_methods"):
            rows = t(table)
            for key in [k for k, r in rows.items() if getattr(r, "user_id", None) == user_id]:
                del rows[key]
        user = t("users").get(user_id)
        if user is not None:
            user.username, user.display_name, user.password_hash = (
                Username(deleted_username(user_id)),
                DELETED_DISPLAY_NAME,
                "!deleted",
            )
            user.phone = user.email = user.avatar_url = user.avatar_media_id = user.home = user.neighborhood = None
            user.phone_verified, user.bio, user.notification_settings = False, "", {}
