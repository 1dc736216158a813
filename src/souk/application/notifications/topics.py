"""Names the notification feature shares with the features that raise its triggers."""

from __future__ import annotations

from souk.application.catalog.follow_user import USER_FOLLOWED as USER_FOLLOWED  # {follower_id, followee_id}
from souk.application.negotiation.chat import MESSAGE_SENT as MESSAGE_SENT
from souk.application.negotiation.offer_moves import OFFER_ACCEPTED as OFFER_ACCEPTED
from souk.application.negotiation.offer_moves import OFFER_MADE as OFFER_MADE
from souk.application.negotiation.offer_moves import OFFER_UPDATED as OFFER_UPDATED
from souk.application.negotiation.offer_moves import TRANSACTION_UPDATED as TRANSACTION_UPDATED
from souk.application.streams.events import STREAM_LIVE as STREAM_LIVE  # payload documented there

# {comment_id, target_type, target_id, owner_id, author_id, parent_id, parent_author_id}
COMMENT_CREATED = "comment.created"

NOTIFICATION_FRAME = "notification:new"

PUSH_JOB = "notifications.push"
LIVE_FAN_OUT_JOB = "notifications.live_fan_out"
LIVE_BATCH_JOB = "notifications.live_batch"

TRIGGER_TOPICS = (
    MESSAGE_SENT,
    OFFER_MADE,
    OFFER_UPDATED,
    OFFER_ACCEPTED,
    TRANSACTION_UPDATED,
    USER_FOLLOWED,
    COMMENT_CREATED,
    STREAM_LIVE,
)
