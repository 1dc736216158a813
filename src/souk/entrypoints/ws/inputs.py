"""The ``data`` of each client frame, checked like an HTTP body: unknown fields, wrong
types and out-of-range values are a ``validation_error`` frame, never a crash."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

import msgspec

from souk.domain.negotiation.conversation import IMAGES_MAX, TEXT_MAX, URL_MAX
from souk.domain.shared.errors import InvalidInput
from souk.entrypoints.wire.bodies import Body, MoneyIn

T = TypeVar("T")
SYNC_PAGE_MAX = 100

Text = Annotated[str, msgspec.Meta(max_length=TEXT_MAX)]
Url = Annotated[str, msgspec.Meta(max_length=URL_MAX)]


class FrameDataInvalid(InvalidInput):
    code = "validation_error"
    default_detail = "The frame's data is not valid."


class ConversationRef(Body):
    conversation_id: UUID


class SendIn(Body):
    conversation_id: UUID
    message_type: Literal["text", "image"]
    content: Text | None = None
    image_urls: Annotated[list[Url], msgspec.Meta(max_length=IMAGES_MAX)] = msgspec.field(default_factory=list)


class ReadIn(Body):
    conversation_id: UUID
    message_id: UUID


class SyncIn(Body):
    conversation_id: UUID
    after_seq: Annotated[int, msgspec.Meta(ge=0)]
    limit: Annotated[int, msgspec.Meta(ge=1, le=SYNC_PAGE_MAX)] = 50


class OfferRespondIn(Body):
    offer_id: UUID
    action: Literal["accept", "decline", "counter", "withdraw"]
    price: MoneyIn | None = None


class ProductRef(Body):
    product_id: UUID


def parse(data: dict[str, Any], shape: type[T]) -> T:
    try:
        return msgspec.convert(data, shape)
    except msgspec.ValidationError as exc:
        raise FrameDataInvalid(str(exc)) from None
