"""The data-rights adapters answer the same in memory, on SQLite and on PostgreSQL: the
pending deletions, the export's sections and what the purge keeps and erases."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from dishka import AsyncContainer

from souk.application.accounts.purge_account import PurgeDueAccounts
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.personal_data import PersonalData
from souk.application.ports.saved_methods import SavedMethods
from souk.application.ports.tip_repository import TipRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.payments.saved_method import MethodStatus, SavedMethod
from souk.domain.payments.tip import Tip
from souk.domain.privacy.deletion import GRACE
from souk.domain.shared.money import Money
from souk.domain.streams.giveaway import Giveaway
from tests.contract.test_streams_contract import NOW, product, seller


async def test_deletions_request_cancel_and_due(container: AsyncContainer) -> None:
    first, second = await seller(container), await seller(container)
    async with container() as request:
        deletions, uow = await request.get(AccountDeletions), await request.get(UnitOfWork)
        asked = await deletions.request(first, NOW - GRACE - timedelta(hours=1))
        again = await deletions.request(first, NOW)  # a pending request keeps its first time
        assert again.requested_at == asked.requested_at
        await deletions.request(second, NOW)
        await uow.commit()
    async with container() as request:
        deletions, uow = await request.get(AccountDeletions), await request.get(UnitOfWork)
        assert await deletions.due(NOW, 10) == [first]
        assert (await deletions.pending(second)) is not None
        assert await deletions.cancel(second)
        assert not await deletions.cancel(second)
        await uow.commit()
    async with container() as request:
        assert await (await request.get(AccountDeletions)).pending(second) is None


async def test_export_sections_and_the_purge(container: AsyncContainer) -> None:
    user, fan = await seller(container), await seller(container)
    listed = await product(container, user)
    tip = Tip.give(uuid4(), uuid4(), user, fan, Money(500, "EUR"), Money(50, "EUR"), NOW)
    ended = Giveaway.start(uuid4(), uuid4(), fan, uuid4(), 30, False, NOW - timedelta(minutes=2))
    still_open = Giveaway.start(uuid4(), uuid4(), fan, uuid4(), 600, False, NOW - timedelta(minutes=1))
    card = SavedMethod(uuid4(), user, "simulated", "seti_1", "cus_1", MethodStatus.READY, NOW, NOW, "pm_1", "4242")
    async with container() as request:
        await (await request.get(TipRepository)).add(tip)
        await (await request.get(SavedMethods)).add(card)  # a card saved for auctions
        giveaways = await request.get(GiveawayRepository)
        for giveaway in (ended, still_open):
            await giveaways.add(giveaway)
        await giveaways.enter(ended.id, user, NOW - timedelta(minutes=2))
        await giveaways.enter(still_open.id, user, NOW - timedelta(minutes=1))
        ended.close([user], NOW - timedelta(seconds=90))
        await giveaways.save(ended)
        await (await request.get(UnitOfWork)).commit()
    async with container() as request:
        archive = await (await request.get(PersonalData)).export(user)
    assert [t["id"] for t in archive["tips"]] == [str(tip.id)]  # tips received (and given) are money too
    assert archive["profile"]["id"] == str(user)
    assert "password_hash" not in archive["profile"]
    assert [p["id"] for p in archive["listings"]] == [str(listed)]
    entries = [(e["giveaway_id"], e["product_id"], e["won"]) for e in archive["giveaway_entries"]]
    assert entries == [
        (str(ended.id), str(ended.product_id), True),
        (str(still_open.id), str(still_open.product_id), False),
    ]
    assert archive["auctions"] == []
    assert [(m["id"], m["last4"]) for m in archive["saved_payment_methods"]] == [(str(card.id), "4242")]
    assert archive["payout_account"] == []
    assert set(archive) >= {
        "messages",
        "offers",
        "transactions",
        "comments",
        "likes",
        "follows",
        "notifications",
        "media",
    }

    async with container() as request:
        deletions, uow = await request.get(AccountDeletions), await request.get(UnitOfWork)
        await deletions.request(user, NOW - GRACE - timedelta(minutes=1))
        await uow.commit()
    async with container() as request:
        assert await (await request.get(PurgeDueAccounts))() >= 1
    async with container() as request:
        erased = await (await request.get(UserRepository)).get(user)
        assert erased is not None
        assert (erased.display_name, erased.email, erased.phone, erased.bio) == ("Deleted user", None, None, "")
        assert erased.username.value.startswith("deleted_")
        assert await (await request.get(AccountDeletions)).pending(user) is None
        archive = await (await request.get(PersonalData)).export(user)
    assert [(p["title"], p["status"]) for p in archive["listings"]] == [("Deleted listing", "archived")]
    assert archive["saved_payment_methods"] == []  # the card the purge forgot could still be charged
    # the ended giveaway keeps the id its published draw is checked against; the open one forgets the entry
    assert [e["giveaway_id"] for e in archive["giveaway_entries"]] == [str(ended.id)]
    async with container() as request:
        giveaways = await request.get(GiveawayRepository)
        assert (await giveaways.entrant_ids(ended.id), await giveaways.entrant_ids(still_open.id)) == ([user], [])
