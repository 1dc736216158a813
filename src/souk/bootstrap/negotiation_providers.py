"""dishka providers of negotiation: conversations, messages, offers, fees, transactions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from dishka import Provider, Scope, provide

from souk.adapters.memory.negotiation import (
    InMemoryAcceptances,
    InMemoryConversationRepository,
    InMemoryIdempotencyStore,
    InMemoryOfferRepository,
    InMemoryProductReservations,
    InMemoryTransactionRepository,
)
from souk.adapters.payments.manual_payment_gateway import ManualPaymentGateway
from souk.adapters.sql.acceptances import SqlAcceptances
from souk.adapters.sql.conversation_repository import SqlConversationRepository
from souk.adapters.sql.idempotency_store import SqlIdempotencyStore
from souk.adapters.sql.offer_repository import SqlOfferRepository
from souk.adapters.sql.product_reservations import SqlProductReservations
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.read_session import SqlReadSession
from souk.adapters.sql.transaction_repository import SqlTransactionRepository
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
from souk.application.negotiation.idempotency import Idempotency
from souk.application.negotiation.list_conversations import ListConversations
from souk.application.negotiation.list_offers import ListOffers
from souk.application.negotiation.list_transactions import ListTransactions
from souk.application.negotiation.make_offer import MakeOffer
from souk.application.negotiation.mark_read import MarkRead
from souk.application.negotiation.offer_moves import OfferSpace
from souk.application.negotiation.pay_transaction import PayTransaction
from souk.application.negotiation.product_offers import ProductOffers
from souk.application.negotiation.recent_offers_feed import OfferAliasKey, RecentOffersFeed
from souk.application.negotiation.sale_mover import SaleMover
from souk.application.negotiation.send_message import SendMessage
from souk.application.negotiation.start_conversation import StartConversation
from souk.application.negotiation.withdraw_offer import WithdrawOffer
from souk.application.ports.acceptances import Acceptances
from souk.application.ports.conversation_repository import ConversationReader, ConversationRepository
from souk.application.ports.idempotency_store import IdempotencyStore
from souk.application.ports.offer_repository import OfferReader, OfferRepository
from souk.application.ports.payment_gateway import PaymentGateway
from souk.application.ports.product_reservations import ProductReservations
from souk.application.ports.transaction_repository import TransactionReader, TransactionRepository
from souk.bootstrap.settings import Settings
from souk.domain.fees.policy import FeePolicy


class NegotiationInfrastructureProvider(Provider):
    scope = Scope.APP

    @provide
    def fee_policy(self, settings: Settings) -> FeePolicy:
        return FeePolicy.with_pro_rates(settings.fee_pro_discover_bps, settings.fee_pro_community_bps)

    @provide
    def alias_key(self, settings: Settings) -> OfferAliasKey:
        return OfferAliasKey(hashlib.sha256(b"souk-offer-alias:" + settings.jwt_secret.encode()).digest())

    payments = provide(ManualPaymentGateway, provides=PaymentGateway)


class NegotiationSqlProvider(Provider):
    scope = Scope.REQUEST

    offers = provide(SqlOfferRepository, provides=OfferRepository)
    conversations = provide(SqlConversationRepository, provides=ConversationRepository)
    transactions = provide(SqlTransactionRepository, provides=TransactionRepository)
    reservations = provide(SqlProductReservations, provides=ProductReservations)
    acceptances = provide(SqlAcceptances, provides=Acceptances)
    idempotency = provide(SqlIdempotencyStore, provides=IdempotencyStore)


@dataclass(frozen=True, slots=True)
class ReadSession:
    """A request's reads on the read engine, shared by the negotiation and streams readers:
    queries that need no transaction never take the writers' connection (nor SQLite's write
    lock), and each statement holds a read connection only while it runs (SqlReadSession).
    (``uow`` is the name its users know it by.)"""

    uow: SqlReadSession


class NegotiationSqlReadersProvider(Provider):
    scope = Scope.REQUEST

    @provide
    def read_session(self, read_engine: ReadEngine) -> ReadSession:
        return ReadSession(SqlReadSession(read_engine.engine))

    @provide
    def offer_reader(self, session: ReadSession) -> OfferReader:
        return SqlOfferRepository(session.uow)

    @provide
    def conversation_reader(self, session: ReadSession) -> ConversationReader:
        return SqlConversationRepository(session.uow)

    @provide
    def transaction_reader(self, session: ReadSession) -> TransactionReader:
        return SqlTransactionRepository(session.uow)


class NegotiationMemoryProvider(Provider):
    scope = Scope.REQUEST

    offers = provide(InMemoryOfferRepository, provides=OfferRepository)
    conversations = provide(InMemoryConversationRepository, provides=ConversationRepository)
    transactions = provide(InMemoryTransactionRepository, provides=TransactionRepository)
    reservations = provide(InMemoryProductReservations, provides=ProductReservations)
    acceptances = provide(InMemoryAcceptances, provides=Acceptances)
    idempotency = provide(InMemoryIdempotencyStore, provides=IdempotencyStore)
    offer_reader = provide(InMemoryOfferRepository, provides=OfferReader)
    conversation_reader = provide(InMemoryConversationRepository, provides=ConversationReader)
    transaction_reader = provide(InMemoryTransactionRepository, provides=TransactionReader)


class NegotiationUseCasesProvider(Provider):
    scope = Scope.REQUEST

    chat = provide(Chat)
    space = provide(OfferSpace)
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


def negotiation_providers(*, in_memory: bool = False) -> list[Provider]:
    storage = (
        [NegotiationMemoryProvider()] if in_memory else [NegotiationSqlProvider(), NegotiationSqlReadersProvider()]
    )
    return [NegotiationInfrastructureProvider(), *storage, NegotiationUseCasesProvider()]
