"""Errors of likes and comments, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Forbidden, InvalidInput, NotFound


class TargetNotFound(NotFound):
    code = "target_not_found"
    default_detail = "No such product or stream."


class CommentNotFound(NotFound):
    code = "comment_not_found"
    default_detail = "No such comment."


class CommentsDisabled(Forbidden):
    code = "comments_disabled"
    default_detail = "Comments are switched off here."


class InvalidComment(InvalidInput):
    code = "invalid_comment"
    default_detail = "A comment has 1-1000 characters."


class ReplyTooDeep(InvalidInput):
    code = "reply_too_deep"
    default_detail = "Replies are one level deep: answer the comment the reply belongs to."


class NotYourComment(Forbidden):
    code = "not_your_comment"
    default_detail = "Only the comment's author or the owner of what it is on may delete it."
