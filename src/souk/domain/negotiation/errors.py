"""Errors of negotiation (conversations, offers, transactions), each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound


class ConversationNotFound(NotFound):
    code = "conversation_not_found"
    default_detail = "No such conversation."


class OfferNotFound(NotFound):
    code = "offer_not_found"
    default_detail = "No such offer."


class MessageNotFound(NotFound):
    code = "message_not_found"
    default_detail = "No such message in this conversation."


class TransactionNotFound(NotFound):
    code = "transaction_not_found"
    default_detail = "No such transaction."


class UserNotFound(NotFound):
    code = "user_not_found"
    default_detail = "No such user."


class InvalidMessage(InvalidInput):
    code = "invalid_message"
    default_detail = "A text message has 1-4000 characters; an image message has 1-10 http(s) URLs."


class CannotMessageSelf(Forbidden):
    """A rule about who asks, not a malformed request: 403, as an offer on one's own product."""

    code = "cannot_message_self"
    default_detail = "You cannot start a conversation with yourself."


class ProductNotBetweenYou(InvalidInput):
    code = "product_not_between_you"
    default_detail = "A conversation about a product joins its seller and one other user."


class InvalidOfferPrice(InvalidInput):
    code = "invalid_offer_price"
    default_detail = "An offer is positive, below the listing price and in the product's currency."


class CounterOutOfRange(InvalidInput):
    code = "counter_out_of_range"
    default_detail = "A counter lies strictly between the last two prices of the negotiation."


class OwnProduct(Forbidden):
    code = "own_product"
    default_detail = "You cannot make an offer on your own product."


class OnlyBuyerMayWithdraw(Forbidden):
    code = "only_buyer_may_withdraw"
    default_detail = "Only the buyer may withdraw an offer."


class NotTheBuyer(Forbidden):
    code = "not_the_buyer"
    default_detail = "Only the buyer may do this."


class NotYourTurn(Conflict):
    code = "not_your_turn"
    default_detail = "It is the other side's turn in this negotiation."


class OfferClosed(Conflict):
    code = "offer_closed"
    default_detail = "The offer is no longer open."


class OfferExpired(Conflict):
    code = "offer_expired"
    default_detail = "The offer expired: 24 hours passed since the last move."


class OpenOfferExists(Conflict):
    code = "open_offer_exists"
    default_detail = "You already have an open offer on this product: counter or withdraw it."


class ProductNotAvailable(Conflict):
    code = "product_not_available"
    default_detail = "The product is not available (reserved, sold or archived)."


class InvalidTransactionTransition(Conflict):
    code = "invalid_transaction_transition"
    default_detail = "The transaction cannot make that move from its current status."


class CashOnlyInCommunity(InvalidInput):
    code = "cash_only_in_community"
    default_detail = "Cash is for community sales in person; discover sales are paid by card."
