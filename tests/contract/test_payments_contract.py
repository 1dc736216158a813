"""The payment store, the ledger and payout accounts behave alike in memory, on SQLite and
on PostgreSQL: one payment per sale, provider events claimed once, entries kept in order
and summed into balances."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from dishka import AsyncContainer

from souk.application.ports.payment_repository import Ledger, PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccount, PayoutAccounts
from souk.application.ports.unit_of_work import UnitOfWork
from souk.domain.payments.balance import SellerBalance
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def card_payment(intent_id: str) -> Payment:
    return Payment(
        transaction_id=uuid4(),
        buyer_id=uuid4(),
        seller_id=uuid4(),
        method=PaymentMethod.CARD,
        price=Money(20000, "EUR"),
        fee=Money(1000, "EUR"),
        provider="simulated",
        created_at=T0,
        updated_at=T0,
        intent_id=intent_id,
        client_secret=f"{intent_id}_secret_x",
    )


async def test_payments_ledger_and_claims(container: AsyncContainer) -> None:
    payment = card_payment(f"pi_{uuid4().hex}")
    async with container() as request:
        payments, ledger, uow = (
            await request.get(PaymentRepository),
            await request.get(Ledger),
            await request.get(UnitOfWork),
        )
        assert await payments.add(payment)
        assert not await payments.add(payment)  # one payment per sale
        entries = payment.apply(ProviderEvent("evt_1", ProviderEventKind.AUTHORIZED, T0))
        assert await ledger.claim("simulated", "evt_1", payment.transaction_id, T0)
        await ledger.append(payment.seller_id, entries)
        await payments.save(payment)
        await uow.commit()
    async with container() as request:
        payments, ledger, uow = (
            await request.get(PaymentRepository),
            await request.get(Ledger),
            await request.get(UnitOfWork),
        )
        assert not await ledger.claim("simulated", "evt_1", payment.transaction_id, T0)  # already applied
        assert await ledger.claim("stripe", "evt_1", payment.transaction_id, T0)  # another provider's id space
        stored = await payments.by_intent(payment.intent_id or "")
        assert stored is not None
        assert (stored.status, stored.facts, stored.client_secret) == (
            PaymentStatus.AUTHORIZED,
            payment.facts,
            payment.client_secret,
        )
        assert [p.transaction_id for p in await payments.stuck(T0 + timedelta(seconds=1), 1000)].count(
            payment.transaction_id
        ) == 1
        assert payment.transaction_id not in [p.transaction_id for p in await payments.stuck(T0, 1000)]
        captured = payment.apply(ProviderEvent("evt_2", ProviderEventKind.CAPTURED, T0 + timedelta(minutes=1)))
        refunded = payment.apply(ProviderEvent("evt_3", ProviderEventKind.REFUNDED, T0 + timedelta(minutes=2), 5000))
        await ledger.append(payment.seller_id, captured + refunded)
        await payments.save(payment)
        await uow.commit()
    async with container() as request:
        payments, ledger = await request.get(PaymentRepository), await request.get(Ledger)
        kept = await ledger.entries_of(payment.transaction_id)
        assert kept == entries + captured + refunded
        assert await ledger.balances_of(payment.seller_id) == [SellerBalance("EUR", 0, 19000 - 4750, 0)]
        assert payment.transaction_id not in [
            p.transaction_id for p in await payments.stuck(T0 + timedelta(days=1), 1000)
        ]
        assert await payments.get(uuid4()) is None


async def test_an_uncommitted_claim_is_no_claim(container: AsyncContainer) -> None:
    payment = card_payment(f"pi_{uuid4().hex}")
    async with container() as request:
        ledger, uow = await request.get(Ledger), await request.get(UnitOfWork)
        assert await ledger.claim("simulated", "evt_rolled_back", payment.transaction_id, T0)
        await uow.rollback()
    async with container() as request:
        assert await (await request.get(Ledger)).claim("simulated", "evt_rolled_back", payment.transaction_id, T0)


async def test_payout_accounts(container: AsyncContainer) -> None:
    user, account_id = uuid4(), f"acct_{uuid4().hex[:12]}"
    async with container() as request:
        accounts, uow = await request.get(PayoutAccounts), await request.get(UnitOfWork)
        await accounts.put(PayoutAccount(user, "stripe", account_id, False, T0))
        await uow.commit()
    async with container() as request:
        accounts, uow = await request.get(PayoutAccounts), await request.get(UnitOfWork)
        found = await accounts.by_account(account_id)
        assert found is not None
        assert (found.user_id, found.payouts_enabled) == (user, False)
        await accounts.put(PayoutAccount(user, "stripe", account_id, True, T0 + timedelta(hours=1)))
        await uow.commit()
    async with container() as request:
        again = await (await request.get(PayoutAccounts)).get(user)
        assert again is not None
        assert again.payouts_enabled
        assert await (await request.get(PayoutAccounts)).get(uuid4()) is None


async def test_batch_reads_claims_and_writes(container: AsyncContainer) -> None:
    """The batch forms a batch of webhooks uses: found by intents, locked in id order,
    claims once (a repeat within the call too), ledger rows kept in order, saves."""
    first, second = card_payment(f"pi_{uuid4().hex}"), card_payment(f"pi_{uuid4().hex}")
    async with container() as request:
        payments, ledger, uow = (
            await request.get(PaymentRepository),
            await request.get(Ledger),
            await request.get(UnitOfWork),
        )
        assert await payments.add(first)
        assert await payments.add(second)
        await uow.commit()
    ids = sorted([first.transaction_id, second.transaction_id])
    async with container() as request:
        payments, ledger, uow = (
            await request.get(PaymentRepository),
            await request.get(Ledger),
            await request.get(UnitOfWork),
        )
        found = await payments.by_intents([first.intent_id or "", second.intent_id or "", "pi_unknown"])
        assert sorted(p.transaction_id for p in found) == ids
        assert await payments.by_intents([]) == []
        locked = await payments.get_many_for_update([*reversed(ids), uuid4()])
        assert [p.transaction_id for p in locked] == ids  # in id order; an unknown id is skipped
        assert await payments.sale_products(ids) == {}  # no sale behind these payments
        claims = [
            ("simulated", "evt_a", first.transaction_id),
            ("simulated", "evt_a", first.transaction_id),  # a repeat within the batch
            ("simulated", "evt_b", second.transaction_id),
        ]
        assert await ledger.claim_many(claims, T0) == {("simulated", "evt_a"), ("simulated", "evt_b")}
        entries = [
            *[(first.seller_id, e) for e in first.apply(ProviderEvent("evt_a", ProviderEventKind.AUTHORIZED, T0))],
            *[(second.seller_id, e) for e in second.apply(ProviderEvent("evt_b", ProviderEventKind.AUTHORIZED, T0))],
        ]
        await ledger.append_many(entries)
        await payments.save_many([first, second])
        await uow.commit()
    async with container() as request:
        payments, ledger = await request.get(PaymentRepository), await request.get(Ledger)
        claims = [("simulated", "evt_a", first.transaction_id), ("simulated", "evt_c", second.transaction_id)]
        assert await ledger.claim_many(claims, T0) == {("simulated", "evt_c")}  # evt_a was applied already
        assert await ledger.claim_many([], T0) == set()
        for payment in (first, second):
            stored = await payments.get(payment.transaction_id)
            assert stored is not None
            assert (stored.status, stored.facts) == (PaymentStatus.AUTHORIZED, payment.facts)
            assert await ledger.entries_of(payment.transaction_id) == [
                e for seller, e in entries if e.transaction_id == payment.transaction_id
            ]
