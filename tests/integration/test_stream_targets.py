"""``SqlStreamTargets`` against a ``streams`` table shaped as the streams feature writes it
(created here by hand: that feature's migration is not on this branch)."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

from sqlalchemy import text

from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.stream_targets import SqlStreamTargets
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.domain.shared.ids import new_id
from souk.domain.social.target import TargetKind


async def test_streams_resolve_owner_visibility_and_comments(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'streams.db'}")
    owner = new_id()
    ids: dict[str, UUID] = {}
    try:
        async with engine.begin() as conn:
            await conn.execute(
                text("CREATE TABLE streams (id CHAR(32) PRIMARY KEY, seller_id CHAR(32), status TEXT, settings JSON)")
            )
            for name, status, comments in (
                ("replay", "ended", True),
                ("silent", "ended", False),
                ("live", "live", True),
                ("draft", "draft", True),
            ):
                ids[name] = new_id()
                await conn.execute(
                    text("INSERT INTO streams VALUES (:id, :seller, :status, :settings)"),
                    {
                        "id": ids[name].hex,
                        "seller": owner.hex,
                        "status": status,
                        "settings": json.dumps({"audience": "everyone", "enable_comments": comments}),
                    },
                )
        uow = SqlUnitOfWork(engine)
        targets = SqlStreamTargets(uow)
        replay = await targets.find(ids["replay"])
        assert replay is not None
        assert (replay.ref.kind, replay.owner_id, replay.accepts_comments, replay.hidden) == (
            TargetKind.STREAM,
            owner,
            True,
            False,
        )
        silent, live, draft = [await targets.find(ids[n]) for n in ("silent", "live", "draft")]
        assert silent is not None
        assert not silent.accepts_comments  # enable_comments off
        assert live is not None
        assert not live.accepts_comments  # comments are for replays; live streams have chat
        assert draft is not None
        assert draft.hidden
        assert draft.visible_to(owner)
        assert await targets.find(new_id()) is None
        await uow.close()
    finally:
        await engine.dispose()
