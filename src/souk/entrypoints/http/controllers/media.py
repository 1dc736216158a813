from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, Response, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.response import Stream

from souk.application.media.get_video_job import GetVideoJob
from souk.application.media.read_original import ReadOriginal
from souk.application.media.read_stored_media import RangeNotSatisfiable, ReadStoredMedia, StoredSlice
from souk.application.media.receive_upload import ReceiveUpload
from souk.application.media.request_upload_urls import RequestUploadUrls
from souk.application.media.request_video_processing import RequestImageProcessing, RequestVideoProcessing
from souk.domain.media.errors import UploadTooLarge
from souk.domain.media.values import LIMITS, MediaKind
from souk.entrypoints.http.errors import problem
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.common import StatusOut
from souk.entrypoints.http.schemas.media import (
    JobIdOut,
    JobStatusOut,
    ProcessImageIn,
    ProcessVideoIn,
    UploadOut,
    UploadUrlsIn,
    UploadUrlsOut,
)

MAX_UPLOAD = max(limit.max_bytes for limit in LIMITS.values()) + 1


class MediaController(Controller):
    path = "/api/v1/media"
    tags = ["media"]

    @post("/upload-url", security=BEARER, status_code=201, summary="Signed, expiring upload URLs (15 min)")
    @inject
    async def upload_urls(
        self, data: JSONBody[UploadUrlsIn], use_case: FromDishka[RequestUploadUrls], me: FromDishka[Identity]
    ) -> UploadUrlsOut:
        """One signed URL per declared file, valid 15 minutes: `PUT` (or the form `POST` of S3) the bytes
        there, then refer to the returned `media_id`. Types and sizes are limited per kind (images, videos)."""
        tickets = await use_case(me.user_id, MediaKind(data.kind), [f.to_declaration() for f in data.files])
        return UploadUrlsOut([UploadOut.of(t) for t in tickets])

    @put(
        "/uploads/{token:str}",
        status_code=200,
        request_max_body_size=MAX_UPLOAD,
        summary="Receive an upload (embedded storage); the token is the URL's signature",
    )
    @inject
    async def receive_upload(
        self, token: FromPath[str], request: Request[Any, Any, Any], use_case: FromDishka[ReceiveUpload]
    ) -> StatusOut:
        """The target of the embedded deployment's upload URLs: the body is the file itself. The token in
        the path is the URL's signature (403 when wrong or expired); the type and size must match what was
        declared."""
        try:
            await use_case(token, request.headers.get("content-type"), request.stream())
        except UploadTooLarge as exc:
            raise problem(413, exc.code, exc.detail) from None
        return StatusOut("uploaded")

    @post("/video/process", security=BEARER, status_code=202, summary="Queue processing of your uploaded video")
    @inject
    async def process_video(
        self, data: JSONBody[ProcessVideoIn], use_case: FromDishka[RequestVideoProcessing], me: FromDishka[Identity]
    ) -> JobIdOut:
        """Queues the uploaded video for transcoding to HLS and DASH; poll `GET /media/status/{job_id}`. The
        media must be the caller's, uploaded, and a video not yet processed."""
        return JobIdOut(await use_case(me.user_id, data.media_id))

    @post(
        "/image/process",
        security=BEARER,
        status_code=202,
        summary="Queue processing of your uploaded image (size variants without metadata)",
    )
    @inject
    async def process_image(
        self, data: JSONBody[ProcessImageIn], use_case: FromDishka[RequestImageProcessing], me: FromDishka[Identity]
    ) -> JobIdOut:
        """Queues the uploaded image for re-encoding into its size variants, without its
        metadata (EXIF, location); poll `GET /media/status/{job_id}`. The media must be the
        caller's, uploaded, and an image not yet processed."""
        return JobIdOut(await use_case(me.user_id, data.media_id))

    @get(
        "/{media_id:uuid}/original",
        security=BEARER,
        summary="Your upload as you sent it (owner only; supports one bytes= range)",
    )
    @inject
    async def original(
        self,
        media_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        use_case: FromDishka[ReadOriginal],
        me: FromDishka[Identity],
    ) -> Response[Any]:
        """The original bytes of your own upload, never cached (`private, no-store`); a
        `Range: bytes=` header answers 206 with that part, a range past the end 416."""
        try:
            found = await use_case(me.user_id, media_id, request.headers.get("range"))
        except RangeNotSatisfiable as exc:
            raise _range_problem(exc) from None
        return _stream(found, private=True)

    @get("/status/{job_id:uuid}", security=BEARER, summary="A processing job's status (owner only)")
    @inject
    async def status(
        self, job_id: FromPath[UUID], use_case: FromDishka[GetVideoJob], me: FromDishka[Identity]
    ) -> JobStatusOut:
        """The job's `status`, `progress`, `attempts`, and once done its `outputs` (HLS, DASH,
        thumbnail) and `metadata`, or its `error`.
        Only the owner sees it; others get 404."""
        return JobStatusOut.of(await use_case(me.user_id, job_id))


class MediaFilesController(Controller):
    """Stored media of the embedded deployment (local disk), with ``Range`` support."""

    path = "/media/files"
    tags = ["media"]

    @get("/{key:path}", summary="A stored media file (supports one bytes= range)")
    @inject
    async def file(
        self, key: FromPath[str], request: Request[Any, Any, Any], use_case: FromDishka[ReadStoredMedia]
    ) -> Response[Any]:
        """Serves a stored file of the embedded deployment by key. Answers one `Range: bytes=`
        range with 206; an unsatisfiable range is a 416."""
        try:
            found = await use_case(key.lstrip("/"), request.headers.get("range"))
        except RangeNotSatisfiable as exc:
            raise _range_problem(exc) from None
        return _stream(found, private=False)


def _range_problem(exc: RangeNotSatisfiable) -> Exception:
    return problem(416, exc.code, exc.detail, headers={"Content-Range": f"bytes */{exc.context.get('size', '*')}"})


def _stream(found: StoredSlice, *, private: bool) -> Response[Any]:
    headers = {"Accept-Ranges": "bytes", "Content-Length": str(found.end - found.start + 1 if found.total else 0)}
    if found.partial:
        headers["Content-Range"] = f"bytes {found.start}-{found.end}/{found.total}"
    if private:  # an upload, for its owner: no shared cache keeps it, no browser sniffs it
        headers["Cache-Control"] = "private, no-store"
        headers["X-Content-Type-Options"] = "nosniff"
    return Stream(
        _relay(found.chunks),
        status_code=206 if found.partial else 200,
        media_type=found.content_type,
        headers=headers,
    )


async def _relay(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        yield chunk
