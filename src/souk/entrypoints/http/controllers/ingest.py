"""nginx-rtmp's HTTP callbacks (``notify_method post``: form fields ``call``, ``name`` — the
key the encoder pushed with —, ``app``, ``addr``, ``clientid``, ...), each guarded by the
shared secret in ``?secret=``. Only 2xx/3xx let a push go on."""

from __future__ import annotations

from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Response, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT, HTTP_302_FOUND

from souk.application.streams.authorize_publish import AuthorizePublish
from souk.application.streams.check_ingest import CheckIngest
from souk.application.streams.config import (
    INGEST_HOOKS_PATH,
    PUBLISH_DONE_HOOK,
    PUBLISH_HOOK,
    RECORD_DONE_HOOK,
    UPDATE_HOOK,
)
from souk.application.streams.publish_done import PublishDone
from souk.application.streams.recording_done import RecordingDone
from souk.entrypoints.http.errors import problem

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Secret = Annotated[str | None, QueryParameter(description="SOUK_INGEST_SECRET")]


def _field(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value)
    if "\x00" in text:  # form bodies bypass the JSON check (json_input); PostgreSQL cannot hold NUL
        raise problem(400, "invalid_text", f"The form field {name!r} must not contain NUL characters.")
    return text


class IngestController(Controller):
    path = INGEST_HOOKS_PATH
    tags = ["ingest"]
    include_in_schema = True

    @post(
        PUBLISH_HOOK,
        status_code=HTTP_302_FOUND,
        summary="nginx-rtmp on_publish: authorise a push by stream key",
        description="A live stream's key → 302 with `Location: <stream id>` (nginx-rtmp renames the "
        "push, so HLS and recordings are named by the public id, never the key); a wrong, replaced "
        "or ended key → 403 `unknown_stream_key`; a wrong secret → 401.",
    )
    @inject
    async def publish(
        self, data: Form, use_case: FromDishka[AuthorizePublish], secret: Secret = None
    ) -> Response[bytes]:
        stream_id = await use_case(secret, _field(data, "name"))
        return Response(b"", status_code=HTTP_302_FOUND, headers={"Location": str(stream_id)})

    @post(PUBLISH_DONE_HOOK, status_code=HTTP_204_NO_CONTENT, summary="nginx-rtmp on_publish_done: the push stopped")
    @inject
    async def publish_done(self, data: Form, use_case: FromDishka[PublishDone], secret: Secret = None) -> None:
        """Called by nginx-rtmp when a push stops (form-encoded, `?secret=` the ingest secret). The
        reconnect window starts: the stream ends when it passes without a new push."""
        await use_case(secret, _field(data, "name"))

    @post(
        UPDATE_HOOK,
        status_code=HTTP_204_NO_CONTENT,
        summary="nginx-rtmp on_update: may this push go on?",
        description="204 while its stream is live with this key; 403 drops the push.",
    )
    @inject
    async def update(self, data: Form, use_case: FromDishka[CheckIngest], secret: Secret = None) -> None:
        await use_case(secret, _field(data, "name"))

    @post(
        RECORD_DONE_HOOK,
        status_code=HTTP_204_NO_CONTENT,
        summary="nginx-rtmp on_record_done: a recording file was closed",
        description="With `record_stream`, the recording of an ended stream becomes its replay "
        "(through the video pipeline); without, the file is deleted.",
    )
    @inject
    async def record_done(self, data: Form, use_case: FromDishka[RecordingDone], secret: Secret = None) -> None:
        await use_case(secret, _field(data, "name"), _field(data, "path"))
