from __future__ import annotations

import json
from uuid import UUID

from redis.asyncio import Redis

from souk.application.ports.category_cache import CategoryCache
from souk.domain.catalog.category import Category

KEY = "souk:catalog:categories:v1"


class RedisCategoryCache(CategoryCache):
    """Shared by every worker process; the TTL bounds staleness after a migration."""

    def __init__(self, redis: Redis, ttl_seconds: int = 300) -> None:
        self._redis = redis
        self._ttl = ttl_seconds

    async def get(self) -> list[Category] | None:
        raw = await self._redis.get(KEY)
        if raw is None:
            return None
        return [
            Category(
                UUID(c["id"]), c["name"], c["slug"], UUID(c["parent_id"]) if c["parent_id"] else None, c["position"]
            )
            for c in json.loads(raw)
        ]

    async def put(self, categories: list[Category]) -> None:
        payload = [
            {
                "id": str(c.id),
                "name": c.name,
                "slug": c.slug,
                "parent_id": str(c.parent_id) if c.parent_id else None,
                "position": c.position,
            }
            for c in categories
        ]
        await self._redis.set(KEY, json.dumps(payload), ex=self._ttl)
