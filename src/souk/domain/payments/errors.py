"""Errors of payments, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated, Unavailable


class InvalidPaymentTransition(Conflict):
    """The same code as the transaction's: it is the sale's status that refuses the move."""

    code = "invalid_transaction_transition"
    default_detail = "The transaction cannot make that move from its current status."


class WrongPaymentMethod(Conflict):
    code = "wrong_payment_method"
    default_detail = "This move belongs to the other payment method (card or cash)."


class InvalidRefundAmount(InvalidInput):
    code = "invalid_refund_amount"
    default_detail = "A refund is above zero and at most what was captured and not yet refunded."


class CardDeclined(Conflict):
    code = "card_declined"
    default_detail = "The card was declined; the buyer may try another card."


class NotTheSellerOrAdmin(Forbidden):
    code = "not_the_seller"
    default_detail = "Only the seller (or an admin) may refund."


class SimulatorOnly(Conflict):
    code = "simulator_only"
    default_detail = "This route plays the buyer's card step for the in-process simulator only."


class PaymentProviderUnavailable(Unavailable):
    code = "payment_provider_unavailable"
    default_detail = "The payment provider cannot be reached; try again."


class PaymentsNotConfigured(Conflict):
    """A deployment without a card provider (``SOUK_PAYMENTS=none``): a standing state of
    this server, not a passing outage, so not 503."""

    code = "payments_not_configured"
    default_detail = "Card payments are not configured on this server; cash sales work."


class BadWebhook(Unauthenticated):
    """Like the ingest hooks' secret: who sent it is not proven (401)."""

    code = "invalid_webhook"
    default_detail = "The webhook's signature is missing, wrong or stale."


class PayoutsNotEnabled(Conflict):
    code = "payouts_not_enabled"
    default_detail = "The seller has not finished payout onboarding yet."


class PaymentNotFound(NotFound):
    code = "transaction_not_found"
    default_detail = "No such transaction."


class InvalidTipAmount(InvalidInput):
    code = "invalid_tip_amount"
    default_detail = "A tip is between 1 and 1,000,000 minor units of its currency."


class CannotTipYourself(Forbidden):
    code = "cannot_tip_yourself"
    default_detail = "The seller of a stream cannot tip their own stream."
