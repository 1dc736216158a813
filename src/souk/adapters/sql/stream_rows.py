"""Rows ↔ stream entities."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from souk.domain.streams.settings import Audience, StreamSettings
from souk.domain.streams.stream import EndReason, IngestState, Stream, StreamStatus, StreamTotals
from souk.domain.streams.stream_product import StreamProduct, Tag


def settings_json(s: StreamSettings) -> dict[str, Any]:
    return {
        "audience": s.audience.value,
        "estimated_duration_min": s.estimated_duration_min,
        "notify_followers": s.notify_followers,
        "notify_neighborhood": s.notify_neighborhood,
        "enable_chat": s.enable_chat,
        "enable_comments": s.enable_comments,
        "record_stream": s.record_stream,
    }


def settings_of(raw: Mapping[str, Any]) -> StreamSettings:
    return StreamSettings(
        audience=Audience(raw["audience"]),
        estimated_duration_min=raw.get("estimated_duration_min"),
        notify_followers=bool(raw["notify_followers"]),
        notify_neighborhood=bool(raw["notify_neighborhood"]),
        enable_chat=bool(raw["enable_chat"]),
        enable_comments=bool(raw["enable_comments"]),
        record_stream=bool(raw["record_stream"]),
    )


def totals_json(t: StreamTotals | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "likes": t.likes,
        "chat_messages": t.chat_messages,
        "product_views": dict(t.product_views),
        "product_clicks": dict(t.product_clicks),
    }


def totals_of(raw: Mapping[str, Any] | None) -> StreamTotals | None:
    if raw is None:
        return None
    return StreamTotals(
        int(raw["likes"]), int(raw["chat_messages"]), dict(raw["product_views"]), dict(raw["product_clicks"])
    )


def stream_row(s: Stream) -> dict[str, Any]:
    return {
        "id": s.id,
        "seller_id": s.seller_id,
        "title": s.title,
        "description": s.description,
        "status": s.status.value,
        "scheduled_at": s.scheduled_at,
        "settings": settings_json(s.settings),
        "key_digest": s.key_digest,
        "ingest_state": s.ingest_state.value if s.ingest_state else None,
        "interrupted_at": s.interrupted_at,
        "started_at": s.started_at,
        "ended_at": s.ended_at,
        "end_reason": s.end_reason.value if s.end_reason else None,
        "recording_path": s.recording_path,
        "replay_media_id": s.replay_media_id,
        "totals": totals_json(s.totals),
        "created_at": s.created_at,
        "updated_at": s.updated_at,
    }


def stream_of(r: Any) -> Stream:
    return Stream(
        id=r["id"],
        seller_id=r["seller_id"],
        title=r["title"],
        description=r["description"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        scheduled_at=r["scheduled_at"],
        settings=settings_of(r["settings"]),
        status=StreamStatus(r["status"]),
        key_digest=r["key_digest"],
        ingest_state=IngestState(r["ingest_state"]) if r["ingest_state"] else None,
        interrupted_at=r["interrupted_at"],
        started_at=r["started_at"],
        ended_at=r["ended_at"],
        end_reason=EndReason(r["end_reason"]) if r["end_reason"] else None,
        recording_path=r["recording_path"],
        replay_media_id=r["replay_media_id"],
        totals=totals_of(r["totals"]),
    )


def product_row(p: StreamProduct) -> dict[str, Any]:
    return {
        "stream_id": p.stream_id,
        "product_id": p.product_id,
        "position": p.position,
        "added_at": p.added_at,
        "x": p.tag.x if p.tag else None,
        "y": p.tag.y if p.tag else None,
        "timestamp_s": p.tag.timestamp_s if p.tag else None,
        "tagged_at": p.tagged_at,
        "featured": p.featured,
    }


def product_of(r: Any) -> StreamProduct:
    tag = Tag(r["x"], r["y"], r["timestamp_s"]) if r["x"] is not None else None
    return StreamProduct(
        r["stream_id"], r["product_id"], r["position"], r["added_at"], tag, r["featured"], r["tagged_at"]
    )
