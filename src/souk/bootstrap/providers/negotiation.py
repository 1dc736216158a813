"""Negotiation use cases, fee policy and payments."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.payments.manual_payment_gateway import ManualPaymentGateway
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.archive_conversation import ArchiveConversation
from souk.application.negotiation.cancel_transaction import CancelTransaction
from souk.application.negotiation.chat import Chat
from souk.application.negotiation.confirm_receipt import ConfirmReceipt
from souk.application.negotiation.counter_offer import CounterOffer
from souk.application.negotiation.decline_offer import DeclineOffer
from souk.application.negotiation.expire_offer import ExpireOffer
from souk.application.negotiation.expire_offers import ExpireOffers
from souk.application.negotiation.get_conversation import GetConversation
from souk.application.negotiation.get_messages import GetMessages
from souk.application.negotiation.get_offer import GetOffer
from souk.application.negotiation.get_transaction import GetTransaction
from souk.application.negotiation.list_conversations import ListConversations
from souk.application.negotiation.list_offers import ListOffers
from souk.application.negotiation.list_transactions import ListTransactions
from souk.application.negotiation.make_offer import MakeOffer
from souk.application.negotiation.mark_read import MarkRead
from souk.application.negotiation.offer_moves import OfferExpiries
from souk.application.negotiation.pay_transaction import PayTransaction
from souk.application.negotiation.product_offers import ProductOffers
from souk.application.negotiation.recent_offers_feed import RecentOffersFeed
from souk.application.negotiation.sale_mover import SaleMover
from souk.application.negotiation.send_message import SendMessage
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.negotiation.withdraw_offer import WithdrawOffer
from souk.application.ports.payment_gateway import PaymentGateway
from souk.application.shared.idempotency import Idempotency
from souk.bootstrap.settings import Settings
from souk.domain.fees.policy import FeePolicy


class NegotiationConfigProvider(Provider):
    scope = Scope.APP

    @provide
    def fee_policy(self, settings: Settings) -> FeePolicy:
        return FeePolicy.with_pro_rates(settings.fee_pro_discover_bps, settings.fee_pro_community_bps)

    payments = provide(ManualPaymentGateway, provides=PaymentGateway)


class NegotiationUseCasesProvider(Provider):
    scope = Scope.REQUEST

    chat = provide(Chat)
    expiries = provide(OfferExpiries)
    idempotency = provide(Idempotency)
    make_offer = provide(MakeOffer)
    counter_offer = provide(CounterOffer)
    accept_offer = provide(AcceptOffer)
    decline_offer = provide(DeclineOffer)
    withdraw_offer = provide(WithdrawOffer)
    expire_offer = provide(ExpireOffer)
    expire_offers = provide(ExpireOffers)
    get_offer = provide(GetOffer)
    list_offers = provide(ListOffers)
    product_offers = provide(ProductOffers)
    offers_feed = provide(RecentOffersFeed)
    sale_mover = provide(SaleMover)
    get_transaction = provide(GetTransaction)
    list_transactions = provide(ListTransactions)
    pay = provide(PayTransaction)
    confirm_receipt = provide(ConfirmReceipt)
    cancel_transaction = provide(CancelTransaction)
    start_conversation = provide(StartConversation)
    send_message = provide(SendMessage)
    get_conversation = provide(GetConversation)
    get_messages = provide(GetMessages)
    list_conversations = provide(ListConversations)
    mark_read = provide(MarkRead)
    archive_conversation = provide(ArchiveConversation)
