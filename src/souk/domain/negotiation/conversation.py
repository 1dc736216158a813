"""A conversation joins a buyer and a seller, optionally about a product; messages in it
carry a sequence number rising by one with no gaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.negotiation.errors import ConversationNotFound, InvalidMessage

TEXT_MAX = 4000
IMAGES_MAX = 10
URL_MAX = 2048


class MessageType(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    OFFER = "offer"
    SYSTEM = "system"


@dataclass(slots=True)
class Conversation:
    id: UUID
    buyer_id: UUID
    seller_id: UUID
    product_id: UUID | None
    created_at: datetime
    last_message_at: datetime
    last_seq: int = 0
    buyer_last_read_seq: int = 0
    seller_last_read_seq: int = 0
    buyer_read_at: datetime | None = None
    seller_read_at: datetime | None = None
    buyer_archived: bool = False
    seller_archived: bool = False

    def require_member(self, user_id: UUID) -> None:
        if user_id not in (self.buyer_id, self.seller_id):
            raise ConversationNotFound()

    def other(self, user_id: UUID) -> UUID:
        self.require_member(user_id)
        return self.seller_id if user_id == self.buyer_id else self.buyer_id

    def archived_for(self, user_id: UUID) -> bool:
        return self.buyer_archived if user_id == self.buyer_id else self.seller_archived

    def last_read_seq(self, user_id: UUID) -> int:
        return self.buyer_last_read_seq if user_id == self.buyer_id else self.seller_last_read_seq

    def read_at_of(self, user_id: UUID) -> datetime | None:
        return self.buyer_read_at if user_id == self.buyer_id else self.seller_read_at

    def mark_read(self, user_id: UUID, now: datetime, up_to_seq: int | None = None) -> None:
        """Everything read, or everything up to ``up_to_seq``; a read mark never moves back."""
        self.require_member(user_id)
        target = self.last_seq if up_to_seq is None else min(up_to_seq, self.last_seq)
        if target < self.last_read_seq(user_id):
            return
        if user_id == self.buyer_id:
            self.buyer_last_read_seq, self.buyer_read_at = target, now
        else:
            self.seller_last_read_seq, self.seller_read_at = target, now

    def archive(self, user_id: UUID) -> None:
        self.require_member(user_id)
        if user_id == self.buyer_id:
            self.buyer_archived = True
        else:
            self.seller_archived = True


@dataclass(frozen=True, slots=True)
class MessageDraft:
    message_type: MessageType
    content: str = ""
    image_urls: tuple[str, ...] = ()
    offer_id: UUID | None = None

    @classmethod
    def from_user(cls, message_type: str, content: str | None, image_urls: tuple[str, ...]) -> MessageDraft:
        text = (content or "").strip()
        if message_type == MessageType.TEXT:
            if not 1 <= len(text) <= TEXT_MAX or image_urls:
                raise InvalidMessage("A text message has 1-4000 characters and no images.", field="content")
            return cls(MessageType.TEXT, text)
        if message_type == MessageType.IMAGE:
            if not 1 <= len(image_urls) <= IMAGES_MAX or len(text) > TEXT_MAX:
                raise InvalidMessage("An image message has 1-10 image URLs.", field="image_urls")
            for url in image_urls:
                if len(url) > URL_MAX or not url.startswith(("https://", "http://")):
                    raise InvalidMessage("Image URLs are http(s) URLs of at most 2048 characters.", field="image_urls")
            return cls(MessageType.IMAGE, text, image_urls)
        raise InvalidMessage("message_type is text or image.", field="message_type")


@dataclass(frozen=True, slots=True)
class Message:
    id: UUID
    conversation_id: UUID
    seq: int
    sender_id: UUID | None  # None: written by Souk
    message_type: MessageType
    content: str
    image_urls: tuple[str, ...]
    offer_id: UUID | None
    created_at: datetime
