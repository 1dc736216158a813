"""Live auctions and the saved cards they charge: the stores (SQL or memory), the knobs
and the use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.memory.auctions import InMemoryAuctionRepository
from souk.adapters.memory.saved_methods import InMemorySavedMethods
from souk.adapters.sql.auctions import SqlAuctionRepository
from souk.adapters.sql.saved_methods import SqlSavedMethods
from souk.application.payments.charge_saved_method import ChargeSavedMethod
from souk.application.payments.list_payment_methods import ListPaymentMethods
from souk.application.payments.save_payment_method import SavePaymentMethod
from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.off_session_charges import OffSessionCharges
from souk.application.ports.saved_methods import SavedMethods
from souk.application.streams.auction_config import AuctionConfig
from souk.application.streams.auction_ends import AuctionEnds
from souk.application.streams.auction_facts import AuctionFacts
from souk.application.streams.auction_turns import AuctionTurns
from souk.application.streams.end_auction import EndAuction
from souk.application.streams.end_due_auctions import EndDueAuctions
from souk.application.streams.list_auctions import ListStreamAuctions
from souk.application.streams.place_bid import PlaceBid
from souk.application.streams.settle_auction import SettleAuction
from souk.application.streams.start_auction import StartAuction
from souk.bootstrap.settings import Settings


class AuctionsSqlProvider(Provider):
    scope = Scope.REQUEST

    auctions = provide(SqlAuctionRepository, provides=AuctionRepository)
    methods = provide(SqlSavedMethods, provides=SavedMethods)


class AuctionsMemoryProvider(Provider):
    scope = Scope.REQUEST

    auctions = provide(InMemoryAuctionRepository, provides=AuctionRepository)
    methods = provide(InMemorySavedMethods, provides=SavedMethods)


class AuctionsProvider(Provider):
    scope = Scope.REQUEST

    @provide(scope=Scope.APP)
    def config(self, settings: Settings) -> AuctionConfig:
        return AuctionConfig(extend_window_s=settings.auction_extend_s, sweep_s=settings.auction_sweep_s)

    @provide(scope=Scope.APP)
    def turns(self) -> AuctionTurns:
        return AuctionTurns()

    @provide(scope=Scope.APP)
    def facts(self) -> AuctionFacts:
        return AuctionFacts()

    ends = provide(AuctionEnds)
    start = provide(StartAuction)
    bid = provide(PlaceBid)
    settle = provide(SettleAuction)
    charges = provide(ChargeSavedMethod, provides=OffSessionCharges)
    end = provide(EndAuction)
    end_due = provide(EndDueAuctions)
    save_method = provide(SavePaymentMethod)
    list_methods = provide(ListPaymentMethods)
    of_stream = provide(ListStreamAuctions)
