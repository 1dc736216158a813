"""The live show's use cases: the stream timeline (shoppable replays) and giveaways."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.application.streams.close_due_giveaways import CloseDueGiveaways
from souk.application.streams.close_giveaway import CloseGiveaway
from souk.application.streams.enter_giveaway import EnterGiveaway
from souk.application.streams.get_giveaway import GetGiveaway
from souk.application.streams.get_timeline import GetStreamTimeline
from souk.application.streams.giveaway_closings import GiveawayClosings
from souk.application.streams.start_giveaway import StartGiveaway
from souk.application.streams.watch_rights import WatchRights


class ShowUseCasesProvider(Provider):
    scope = Scope.REQUEST

    watch_rights = provide(WatchRights)
    timeline = provide(GetStreamTimeline)
    closings = provide(GiveawayClosings)
    start_giveaway = provide(StartGiveaway)
    enter_giveaway = provide(EnterGiveaway)
    close_giveaway = provide(CloseGiveaway)
    close_due_giveaways = provide(CloseDueGiveaways)
    get_giveaway = provide(GetGiveaway)
