"""Data rights: take your data (an archive built by a job). Deleting the account is
``DELETE /users/me`` (controllers/users.py, whose path it shares)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_202_ACCEPTED

from souk.application.privacy.download_export import DownloadExport
from souk.application.privacy.request_export import RequestExport
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.data_rights import ExportStartedOut


class DataRightsController(Controller):
    path = "/api/v1"
    tags = ["users"]

    @post(
        "/users/me/export",
        status_code=HTTP_202_ACCEPTED,
        security=BEARER,
        summary="Export your data: a job builds a JSON archive",
        description="Profile, listings, conversations and messages, offers, transactions, tips, comments, likes, "
        "follows, saves, notifications and media links. When it is ready a `data_export_ready` notification "
        "carries a signed download link (`url`) that works for 7 days without signing in: keep it to yourself.",
    )
    @inject
    async def export(self, use_case: FromDishka[RequestExport], me: FromDishka[Identity]) -> ExportStartedOut:
        return ExportStartedOut(await use_case(me.user_id))

    @get(
        "/exports/download",
        summary="Download an export archive (the signed link of the notification)",
        description="404 `export_not_found` for a wrong or tampered link, 403 `export_link_expired` after 7 days.",
    )
    @inject
    async def download(
        self,
        use_case: FromDishka[DownloadExport],
        token: Annotated[str, QueryParameter(description="the link's signature", max_length=2048)],
    ) -> Response[Any]:
        archive = await use_case(token)
        headers = {
            "Content-Length": str(archive.size),
            "Content-Disposition": 'attachment; filename="souk-export.json"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return Stream(_relay(archive.chunks), media_type="application/json", headers=headers)


async def _relay(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        yield chunk
