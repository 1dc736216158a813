"""Negotiation's controllers, registered in one line of the app factory."""

from __future__ import annotations

from souk.entrypoints.http.controllers.conversations import ConversationsController
from souk.entrypoints.http.controllers.offers import OffersController, ProductOffersController
from souk.entrypoints.http.controllers.payment_methods import PaymentMethodsController
from souk.entrypoints.http.controllers.payments import PaymentsController
from souk.entrypoints.http.controllers.transactions import TransactionsController

NEGOTIATION_CONTROLLERS = [
    ConversationsController,
    OffersController,
    ProductOffersController,
    TransactionsController,
    PaymentsController,
    PaymentMethodsController,
]
