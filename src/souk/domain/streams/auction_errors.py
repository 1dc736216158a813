"""Errors of live auctions, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound


class AuctionNotFound(NotFound):
    code = "auction_not_found"
    default_detail = "No such auction."


class InvalidAuction(InvalidInput):
    code = "invalid_auction"
    default_detail = "An auction lasts 5-120 seconds and starts above zero."


class AuctionAlreadyRunning(Conflict):
    code = "auction_running"
    default_detail = "This product already has a running auction."


class AuctionClosed(Conflict):
    code = "auction_ended"
    default_detail = "The auction has ended."


class BidTooLow(Conflict):
    code = "bid_too_low"
    default_detail = "The bid must reach the current bid plus the increment."


class InvalidBid(InvalidInput):
    code = "invalid_bid"
    default_detail = "A bid is an amount in the auction's currency."


class CannotBidOnOwnAuction(Forbidden):
    code = "cannot_bid_on_own_auction"
    default_detail = "Sellers do not bid on their own auctions."


class PaymentMethodRequired(Conflict):
    code = "payment_method_required"
    default_detail = "Save a card first (POST /api/v1/payments/methods): the winner is charged off-session."


class AuctionProductNotTagged(Conflict):
    code = "product_not_tagged"
    default_detail = "Tag the product in the stream before auctioning it."


class AuctionProductUnavailable(Conflict):
    code = "product_not_available"
    default_detail = "Only an available product can be auctioned."
