"""Errors of live streams, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited, Unauthenticated


class StreamNotFound(NotFound):
    code = "stream_not_found"
    default_detail = "No such stream."


class NotStreamOwner(Forbidden):
    code = "not_stream_owner"
    default_detail = "Only the seller who created the stream may do this."


class StreamFinished(Conflict):
    code = "stream_finished"
    default_detail = "The stream has ended or was cancelled."


class StreamNotLive(Conflict):
    code = "stream_not_live"
    default_detail = "The stream is not live."


class AlreadyLive(Conflict):
    code = "already_live"
    default_detail = "You already have a live stream: end it before going live again."


class InvalidStream(InvalidInput):
    code = "invalid_stream"
    default_detail = "A stream has a 3-120 character title, a description of at most 2000 characters."


class InvalidStreamSettings(InvalidInput):
    code = "invalid_stream_settings"
    default_detail = "The stream settings are not valid."


class HomeLocationRequired(InvalidInput):
    code = "home_location_required"
    default_detail = "Set your home location (PATCH /api/v1/users/me) to stream to or notify your neighbourhood."


class InvalidStreamProducts(InvalidInput):
    code = "invalid_stream_products"
    default_detail = "A stream has between 1 and 50 products."


class ProductNotYours(Forbidden):
    code = "product_not_yours"
    default_detail = "Only your own products can be shown in your stream."


class StreamProductNotAvailable(Conflict):
    code = "product_not_available"
    default_detail = "Only available products can be shown in a stream."


class ProductNotInStream(NotFound):
    code = "product_not_in_stream"
    default_detail = "The product is not attached to this stream: attach it first."


class InvalidTag(InvalidInput):
    code = "invalid_tag"
    default_detail = "A tag has x and y between 0 and 1 and a timestamp_s of at least 0."


class NotInAudience(Forbidden):
    code = "not_in_audience"
    default_detail = "This stream is for a restricted audience."


class NotInRoom(Conflict):
    code = "not_in_stream"
    default_detail = "Join the stream first (stream:join)."


class ChatDisabled(Conflict):
    code = "chat_disabled"
    default_detail = "The seller turned chat off for this stream."


class InvalidChatMessage(InvalidInput):
    code = "invalid_chat_message"
    default_detail = "A chat message has 1-500 characters."


class InvalidReaction(InvalidInput):
    code = "invalid_reaction"
    default_detail = "Reactions are one of ❤️ 🔥 👏 😂 😮 💎."


class InvalidIngestCall(Unauthenticated):
    code = "invalid_ingest_secret"
    default_detail = "The ingest hook secret is missing or wrong."


class UnknownStreamKey(Forbidden):
    code = "unknown_stream_key"
    default_detail = "No live stream has this key."


class NotStreamModerator(Forbidden):
    code = "not_stream_moderator"
    default_detail = "Only the stream's seller and the moderators they appointed may do this."


class RemovedFromStream(Forbidden):
    code = "removed_from_stream"
    default_detail = "The seller's moderators removed you from their streams."


class InvalidChatRules(InvalidInput):
    code = "invalid_chat_rules"
    default_detail = "Slow mode is 0 (off) to 3600 seconds."


class InvalidModeration(InvalidInput):
    code = "invalid_moderation"
    default_detail = "A time-out lasts 1-1440 minutes, and nobody moderates the seller or themselves."


class ModeratorNotFound(NotFound):
    code = "user_not_found"
    default_detail = "No such user."


class SlowModeOn(RateLimited):
    code = "slow_mode"
    default_detail = "Slow mode is on: wait before your next line."


class GiveawayNotFound(NotFound):
    code = "giveaway_not_found"
    default_detail = "No such giveaway."


class InvalidGiveaway(InvalidInput):
    code = "invalid_giveaway"
    default_detail = "A giveaway lasts 5-600 seconds."


class GiveawayRunning(Conflict):
    code = "giveaway_running"
    default_detail = "A giveaway is already running in this stream: wait for it to end."


class GiveawayClosed(Conflict):
    code = "giveaway_closed"
    default_detail = "The giveaway has ended."


class AlreadyEntered(Conflict):
    code = "already_entered"
    default_detail = "You have already entered this giveaway."


class CannotEnterOwnGiveaway(Forbidden):
    code = "cannot_enter_own_giveaway"
    default_detail = "Sellers do not enter their own giveaways."


class FollowersOnlyGiveaway(Forbidden):
    code = "followers_only"
    default_detail = "Only the seller's followers may enter this giveaway."
