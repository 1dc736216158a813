"""The FastAPI peer for POST /api/v1/offers and PATCH /api/v1/offers/{id}/accept: what a
competent FastAPI developer would write for the same transaction.

FastAPI + pydantic v2 + SQLAlchemy 2 ORM on asyncpg, one ``AsyncSession`` per request from a
dependency, ``HTTPBearer`` (same JWT rules as Souk), pydantic request and response models, on
the tables Souk's migrations create. The same rows locked and written as Souk:

- make an offer: the product ``FOR UPDATE``; the checks (404 missing/archived, 403 own
  product, 409 not available or an open offer exists, 400 currency and price range); the
  buyer-seller conversation about the product (found, or inserted ``ON CONFLICT DO NOTHING``
  and read back); the offer; the conversation's next ``seq`` (an atomic ``UPDATE …
  RETURNING``) and the ``offer`` message; outbox rows ``message.sent`` and ``offer.made``;
  commit; then the outbox rows marked published (Souk publishes after commit).
- accept: the offer read (404 to strangers); the product and the offer ``FOR UPDATE``; the
  turn and state checks (409); the product reserved; the seller's tier read and the fee
  (Souk's table, half-up); the transaction; the system message and outbox rows; every other
  open offer on the product (``FOR UPDATE``) declined with a system message and its events;
  ``product.reserved`` and ``transaction.opened``; commit; outbox marked published.

- pay (``POST /transactions/{id}/pay``, the simulated card) and capture
  (``POST /transactions/{id}/confirm-receipt``): the product, the sale and the payment
  ``FOR UPDATE``; the provider event claimed (``ON CONFLICT DO NOTHING``); the ledger
  entries (pay: hold; capture: hold released, capture, fee, payout); the payment and the
  sale updated (capture: the product sold and the seller's counters); ``payment.updated``
  and ``transaction.updated``; commit; outbox marked published. The accept also writes the
  sale's payment row (Souk opens the simulated intent right after the accept).
What Souk does and this peer does not: schedule the offer's expiry job (in process here),
hand the events to its bus, idempotency keys (the benchmark sends none).

Configuration (environment): BENCH_DATABASE_URL, BENCH_JWT_SECRET, BENCH_JWT_ISSUER (souk),
BENCH_JWT_AUDIENCE (souk-api), BENCH_DB_POOL_SIZE (20), BENCH_DB_MAX_OVERFLOW (0).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy import JSON, BigInteger, DateTime, Integer, String, Text, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/souk")
JWT_SECRET = os.environ.get("BENCH_JWT_SECRET", "")
JWT_ISSUER = os.environ.get("BENCH_JWT_ISSUER", "souk")
JWT_AUDIENCE = os.environ.get("BENCH_JWT_AUDIENCE", "souk-api")
POOL_SIZE = int(os.environ.get("BENCH_DB_POOL_SIZE", "20"))
MAX_OVERFLOW = int(os.environ.get("BENCH_DB_MAX_OVERFLOW", "0"))
OFFER_TTL = timedelta(hours=24)
OPEN = ("pending", "countered")
FEES = {("free", "discover"): 1500, ("free", "community"): 500, ("pro", "discover"): 1000, ("pro", "community"): 300}
EXPONENT = {"JPY": 0, "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3}

engine = create_async_engine(DATABASE_URL, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seller_tier: Mapped[str] = mapped_column(String(8))


class Product(Base):
    __tablename__ = "products"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seller_id: Mapped[uuid.UUID]
    price_amount: Mapped[int] = mapped_column(BigInteger)
    price_currency: Mapped[str] = mapped_column(String(3))
    feed_type: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    accepted_offer_id: Mapped[uuid.UUID | None]
    updated_at: Mapped[datetime]


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    buyer_id: Mapped[uuid.UUID]
    seller_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID | None]
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    buyer_last_read_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    seller_last_read_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    buyer_archived: Mapped[bool] = mapped_column(default=False)
    seller_archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    last_message_at: Mapped[datetime]


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    conversation_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
    sender_id: Mapped[uuid.UUID | None]
    message_type: Mapped[str] = mapped_column(String(8))
    content: Mapped[str] = mapped_column(Text)
    image_urls: Mapped[list[Any]]
    offer_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]


class Offer(Base):
    __tablename__ = "offers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID]
    buyer_id: Mapped[uuid.UUID]
    seller_id: Mapped[uuid.UUID]
    conversation_id: Mapped[uuid.UUID]
    list_price_amount: Mapped[int] = mapped_column(BigInteger)
    price_amount: Mapped[int] = mapped_column(BigInteger)
    price_currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))
    turn: Mapped[str] = mapped_column(String(6))
    history: Mapped[list[Any]]
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Transaction(Base):
    __tablename__ = "transactions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    offer_id: Mapped[uuid.UUID | None]
    product_id: Mapped[uuid.UUID]
    buyer_id: Mapped[uuid.UUID]
    seller_id: Mapped[uuid.UUID]
    currency: Mapped[str] = mapped_column(String(3))
    price_amount: Mapped[int] = mapped_column(BigInteger)
    fee_amount: Mapped[int] = mapped_column(BigInteger)
    fee_rate_bps: Mapped[int] = mapped_column(Integer)
    payout_amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))
    payment_reference: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Outbox(Base):
    __tablename__ = "outbox"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    published_at: Mapped[datetime | None]


class MoneyModel(BaseModel):
    amount: int = Field(ge=0)
    currency: str = Field(pattern="^[A-Z]{3}$")


class OfferIn(BaseModel):
    product_id: uuid.UUID
    price: MoneyModel
    message: str | None = Field(default=None, max_length=4000)


class MoveOut(BaseModel):
    by: str
    action: str
    price: MoneyModel
    at: datetime


class OfferOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    buyer_id: uuid.UUID
    seller_id: uuid.UUID
    conversation_id: uuid.UUID
    price: MoneyModel
    status: str
    turn: str
    expires_at: datetime
    history: list[MoveOut]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, o: Offer) -> OfferOut:
        return cls(
            id=o.id,
            product_id=o.product_id,
            buyer_id=o.buyer_id,
            seller_id=o.seller_id,
            conversation_id=o.conversation_id,
            price=MoneyModel(amount=o.price_amount, currency=o.price_currency),
            status=o.status,
            turn=o.turn,
            expires_at=o.expires_at,
            history=[
                MoveOut(
                    by=m["by"],
                    action=m["action"],
                    price=MoneyModel(amount=m["amount"], currency=o.price_currency),
                    at=datetime.fromisoformat(m["at"]),
                )
                for m in o.history
            ],
            created_at=o.created_at,
            updated_at=o.updated_at,
        )


class TransactionOut(BaseModel):
    id: uuid.UUID
    offer_id: uuid.UUID | None
    product_id: uuid.UUID
    buyer_id: uuid.UUID
    seller_id: uuid.UUID
    price: MoneyModel
    platform_fee: MoneyModel
    fee_rate_bps: int
    seller_payout: MoneyModel
    status: str
    created_at: datetime
    updated_at: datetime
    payment_method: str = "card"  # Souk's transaction document since payments (issue 16)
    client_secret: str | None = None
    movements: list[dict[str, Any]] = []
    quantity: int = 1  # a sale from an offer is one unit (issue 20's stock); live sales are not in this benchmark
    source: str = "offer"
    stream_id: uuid.UUID | None = None
    checkout_id: uuid.UUID | None = None

    @classmethod
    def of(cls, t: Transaction) -> TransactionOut:
        return cls(
            id=t.id,
            offer_id=t.offer_id,
            product_id=t.product_id,
            buyer_id=t.buyer_id,
            seller_id=t.seller_id,
            price=MoneyModel(amount=t.price_amount, currency=t.currency),
            platform_fee=MoneyModel(amount=t.fee_amount, currency=t.currency),
            fee_rate_bps=t.fee_rate_bps,
            seller_payout=MoneyModel(amount=t.payout_amount, currency=t.currency),
            status=t.status,
            created_at=t.created_at,
            updated_at=t.updated_at,
        )


class AcceptedOut(BaseModel):
    offer: OfferOut
    transaction: TransactionOut


async def get_session() -> AsyncIterator[AsyncSession]:
    async with SessionLocal() as session:
        yield session


bearer = HTTPBearer(auto_error=False)
UNAUTHORIZED = HTTPException(
    status.HTTP_401_UNAUTHORIZED, "Invalid or expired access token", headers={"WWW-Authenticate": "Bearer"}
)


async def current_user_id(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> uuid.UUID:
    if credentials is None:
        raise UNAUTHORIZED
    try:
        claims: dict[str, Any] = jwt.decode(
            credentials.credentials,
            JWT_SECRET,
            algorithms=["HS256"],
            audience=JWT_AUDIENCE,
            issuer=JWT_ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]},
            leeway=5,
        )
        if claims["typ"] != "access":
            raise UNAUTHORIZED
        return uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError) as exc:
        raise UNAUTHORIZED from exc


def money_text(amount: int, currency: str) -> str:
    exponent = EXPONENT.get(currency, 2)
    return f"{amount / 10**exponent:.{exponent}f} {currency}"


def fee_amount(amount: int, bps: int) -> int:
    return (amount * bps * 2 + 10_000) // 20_000


def offer_event(o: Offer) -> dict[str, Any]:
    return {
        "offer_id": str(o.id),
        "product_id": str(o.product_id),
        "buyer_id": str(o.buyer_id),
        "seller_id": str(o.seller_id),
        "conversation_id": str(o.conversation_id),
        "status": o.status,
        "turn": o.turn,
        "price": {"amount": o.price_amount, "currency": o.price_currency},
        "recipients": [str(o.buyer_id), str(o.seller_id)],
    }


class Events:
    """Outbox rows added to the session; marked published after the commit."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.ids: list[uuid.UUID] = []

    def record(self, topic: str, payload: dict[str, Any], now: datetime) -> None:
        row = Outbox(id=uuid.uuid4(), topic=topic, payload=payload, created_at=now)
        self.session.add(row)
        self.ids.append(row.id)

    async def mark_published(self) -> None:
        now = datetime.now(UTC)
        await self.session.execute(update(Outbox).where(Outbox.id.in_(self.ids)).values(published_at=now))
        await self.session.commit()


async def post_message(
    session: AsyncSession,
    events: Events,
    conversation: Conversation,
    sender: uuid.UUID | None,
    kind: str,
    text: str,
    offer_id: uuid.UUID,
    now: datetime,
) -> None:
    seq = (
        await session.execute(
            update(Conversation)
            .where(Conversation.id == conversation.id)
            .values(
                last_seq=Conversation.last_seq + 1, last_message_at=now, buyer_archived=False, seller_archived=False
            )
            .returning(Conversation.last_seq)
            .execution_options(synchronize_session=False)
        )
    ).scalar_one()
    message = Message(
        id=uuid.uuid4(),
        conversation_id=conversation.id,
        seq=seq,
        sender_id=sender,
        message_type=kind,
        content=text,
        image_urls=[],
        offer_id=offer_id,
        created_at=now,
    )
    session.add(message)
    events.record(
        "message.sent",
        {
            "conversation_id": str(conversation.id),
            "message_id": str(message.id),
            "seq": seq,
            "sender_id": str(sender) if sender else None,
            "message_type": kind,
            "recipients": [str(conversation.buyer_id), str(conversation.seller_id)],
        },
        now,
    )


async def conversation_about(session: AsyncSession, buyer: uuid.UUID, product: Product, now: datetime) -> Conversation:
    about = select(Conversation).where(
        Conversation.buyer_id == buyer,
        Conversation.seller_id == product.seller_id,
        Conversation.product_id == product.id,
    )
    found = (await session.execute(about)).scalar_one_or_none()
    if found is not None:
        return found
    values = {
        "id": uuid.uuid4(),
        "buyer_id": buyer,
        "seller_id": product.seller_id,
        "product_id": product.id,
        "last_seq": 0,
        "buyer_last_read_seq": 0,
        "seller_last_read_seq": 0,
        "buyer_archived": False,
        "seller_archived": False,
        "created_at": now,
        "last_message_at": now,
    }
    await session.execute(insert(Conversation).values(**values).on_conflict_do_nothing())
    return (await session.execute(about)).scalar_one()


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()


app = FastAPI(title="peer: offers", lifespan=lifespan)


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/v1/offers", status_code=status.HTTP_201_CREATED)
async def make_offer(
    body: OfferIn,
    user_id: Annotated[uuid.UUID, Depends(current_user_id)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> OfferOut:
    now = datetime.now(UTC)
    events = Events(session)
    product = await session.get(Product, body.product_id, with_for_update=True)
    if product is None or (product.status == "archived" and product.seller_id != user_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such product.")
    if product.seller_id == user_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "You cannot make an offer on your own product.")
    if product.status != "available":
        raise HTTPException(status.HTTP_409_CONFLICT, "The product is not available.")
    if body.price.currency != product.price_currency:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"The offer must be in {product.price_currency}.")
    if not 0 < body.price.amount < product.price_amount:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "An offer is above zero and below the listing price.")
    open_offer = select(Offer.id).where(
        Offer.buyer_id == user_id, Offer.product_id == product.id, Offer.status.in_(OPEN)
    )
    if (await session.execute(open_offer)).first() is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "You already have an open offer on this product.")
    conversation = await conversation_about(session, user_id, product, now)
    offer = Offer(
        id=uuid.uuid4(),
        product_id=product.id,
        buyer_id=user_id,
        seller_id=product.seller_id,
        conversation_id=conversation.id,
        list_price_amount=product.price_amount,
        price_amount=body.price.amount,
        price_currency=body.price.currency,
        status="pending",
        turn="seller",
        history=[{"by": "buyer", "action": "offer", "amount": body.price.amount, "at": now.isoformat()}],
        expires_at=now + OFFER_TTL,
        created_at=now,
        updated_at=now,
    )
    session.add(offer)
    text = f"The buyer offered {money_text(offer.price_amount, offer.price_currency)}."
    await post_message(session, events, conversation, user_id, "offer", text, offer.id, now)
    events.record("offer.made", offer_event(offer), now)
    if body.message and body.message.strip():
        await post_message(session, events, conversation, user_id, "text", body.message, offer.id, now)
    await session.commit()
    await events.mark_published()
    return OfferOut.of(offer)


@app.patch("/api/v1/offers/{offer_id}/accept")
async def accept_offer(
    offer_id: uuid.UUID,
    user_id: Annotated[uuid.UUID, Depends(current_user_id)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> AcceptedOut:
    now = datetime.now(UTC)
    events = Events(session)
    seen = await session.get(Offer, offer_id)
    if seen is None or user_id not in (seen.buyer_id, seen.seller_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such offer.")
    product = await session.get(Product, seen.product_id, with_for_update=True)
    offer = await session.get(Offer, offer_id, with_for_update=True, populate_existing=True)
    assert product is not None
    assert offer is not None
    side = "buyer" if user_id == offer.buyer_id else "seller"
    if offer.status not in OPEN:
        raise HTTPException(status.HTTP_409_CONFLICT, f"The offer is {offer.status}.")
    if now >= offer.expires_at:
        raise HTTPException(status.HTTP_409_CONFLICT, "The offer expired.")
    if side != offer.turn:
        raise HTTPException(status.HTTP_409_CONFLICT, "It is the other side's turn in this negotiation.")
    if product.status != "available":
        raise HTTPException(status.HTTP_409_CONFLICT, "The product is not available.")
    product.status, product.accepted_offer_id, product.updated_at = "reserved", offer.id, now
    offer.status, offer.updated_at = "accepted", now
    offer.history = [
        *offer.history,
        {"by": side, "action": "accept", "amount": offer.price_amount, "at": now.isoformat()},
    ]
    seller = await session.get(User, offer.seller_id)
    bps = FEES[(seller.seller_tier if seller else "free", product.feed_type)]
    fee = fee_amount(offer.price_amount, bps)
    sale = Transaction(
        id=uuid.uuid4(),
        offer_id=offer.id,
        product_id=product.id,
        buyer_id=offer.buyer_id,
        seller_id=offer.seller_id,
        currency=offer.price_currency,
        price_amount=offer.price_amount,
        fee_amount=fee,
        fee_rate_bps=bps,
        payout_amount=offer.price_amount - fee,
        status="pending",
        payment_reference=None,
        created_at=now,
        updated_at=now,
    )
    session.add(sale)
    open_payment(session, sale, now)
    conversation = await session.get(Conversation, offer.conversation_id)
    assert conversation is not None
    text = f"The {side} accepted the offer of {money_text(offer.price_amount, offer.price_currency)}."
    await post_message(session, events, conversation, None, "system", text, offer.id, now)
    events.record("offer.accepted", offer_event(offer), now)
    others = select(Offer).where(Offer.product_id == product.id, Offer.status.in_(OPEN), Offer.id != offer.id)
    for other in (await session.execute(others.order_by(Offer.id).with_for_update())).scalars():
        other.status, other.updated_at = "declined", now
        other.history = [
            *other.history,
            {"by": "system", "action": "decline", "amount": other.price_amount, "at": now.isoformat()},
        ]
        price = money_text(other.price_amount, other.price_currency)
        text = f"The offer of {price} was declined: the item was sold to another buyer."
        chat = await session.get(Conversation, other.conversation_id)
        assert chat is not None
        await post_message(session, events, chat, None, "system", text, other.id, now)
        events.record("offer.updated", offer_event(other), now)
    events.record("product.reserved", {"product_id": str(product.id), "offer_id": str(offer.id)}, now)
    events.record(
        "transaction.opened",
        {
            "transaction_id": str(sale.id),
            "product_id": str(sale.product_id),
            "offer_id": str(sale.offer_id),
            "status": sale.status,
            "recipients": [str(sale.buyer_id), str(sale.seller_id)],
        },
        now,
    )
    await session.commit()
    await events.mark_published()
    return AcceptedOut(offer=OfferOut.of(offer), transaction=TransactionOut.of(sale))


# -- the pay step (issue 16): the simulated card provider, as Souk's embedded simulator --


class Payment(Base):
    __tablename__ = "payments"

    transaction_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    buyer_id: Mapped[uuid.UUID]
    seller_id: Mapped[uuid.UUID]
    method: Mapped[str] = mapped_column(String(4))
    provider: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    price_amount: Mapped[int] = mapped_column(BigInteger)
    fee_amount: Mapped[int] = mapped_column(BigInteger)
    intent_id: Mapped[str | None] = mapped_column(String(255))
    client_secret: Mapped[str | None] = mapped_column(String(255))
    auto_capture: Mapped[bool]
    facts: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LedgerRow(Base):
    __tablename__ = "payment_ledger"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    transaction_id: Mapped[uuid.UUID]
    seller_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    event_id: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime]


class ProviderEventRow(Base):
    __tablename__ = "payment_provider_events"

    provider: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    transaction_id: Mapped[uuid.UUID]
    received_at: Mapped[datetime]


def open_payment(session: AsyncSession, sale: Transaction, now: datetime) -> None:
    """At accept: the sale's card payment, a simulated intent (Souk opens it right after the accept)."""
    intent = f"sim_pi_{sale.id.hex}"
    session.add(
        Payment(
            transaction_id=sale.id, buyer_id=sale.buyer_id, seller_id=sale.seller_id, method="card",
            provider="simulated", currency=sale.currency, price_amount=sale.price_amount,
            fee_amount=sale.fee_amount, intent_id=intent, client_secret=f"{intent}_secret_{uuid.uuid4().hex[:16]}",
            auto_capture=False, facts={"authorized": False, "captured": False}, status="pending",
            created_at=now, updated_at=now,
        )
    )  # fmt: skip


async def move_money(
    session: AsyncSession, transaction_id: uuid.UUID, user_id: uuid.UUID, step: str
) -> tuple[Transaction, Payment, list[LedgerRow]]:
    """One database transaction, as Souk's: product, sale and payment locked; the provider
    event claimed; the ledger entries; the payment, the sale (and on capture the product and
    the seller's counters) updated; outbox rows; commit; outbox marked published."""
    now = datetime.now(UTC)
    events = Events(session)
    seen = await session.get(Transaction, transaction_id)
    if seen is None or user_id not in (seen.buyer_id, seen.seller_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such transaction.")
    if user_id != seen.buyer_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only the buyer may do this.")
    product = await session.get(Product, seen.product_id, with_for_update=True)
    sale = await session.get(Transaction, transaction_id, with_for_update=True, populate_existing=True)
    payment = await session.get(Payment, transaction_id, with_for_update=True)
    assert product is not None
    assert sale is not None
    if payment is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "No payment.")
    wanted = {"pay": "pending", "capture": "authorized"}[step]
    if payment.status != wanted:
        raise HTTPException(status.HTTP_409_CONFLICT, f"The transaction is {payment.status}.")
    kind = "authorized" if step == "pay" else "captured"
    event_id = f"sim_evt_{payment.intent_id}_{kind}"
    claimed = await session.execute(
        insert(ProviderEventRow)
        .values(provider="simulated", event_id=event_id, transaction_id=sale.id, received_at=now)
        .on_conflict_do_nothing()
        .returning(ProviderEventRow.event_id)
    )
    rows: list[LedgerRow] = []
    if claimed.first() is not None:
        price, fee = payment.price_amount, payment.fee_amount
        moves = (
            [("hold", price)]
            if step == "pay"
            else [("hold", -price), ("capture", price), ("fee", fee), ("payout", price - fee)]
        )
        rows = [
            LedgerRow(transaction_id=sale.id, seller_id=sale.seller_id, kind=k, amount=a, currency=payment.currency,
                      event_id=event_id, at=now)
            for k, a in moves
        ]  # fmt: skip
        session.add_all(rows)
        payment.status = "authorized" if step == "pay" else "completed"
        payment.facts = {"authorized": True, "captured": step == "capture"}
        payment.updated_at = now
        events.record(
            "payment.updated",
            {"transaction_id": str(sale.id), "status": payment.status, "recipients": [str(sale.buyer_id)]},
            now,
        )
        sale.status, sale.updated_at = payment.status, now
        if step == "capture":
            product.status, product.updated_at = "sold", now
            await session.execute(
                text(
                    "UPDATE users SET listings_count = listings_count - 1, sold_count = sold_count + 1 WHERE id = :id"
                ),
                {"id": sale.seller_id},
            )
        parties = [str(sale.buyer_id), str(sale.seller_id)]
        update_event = {"transaction_id": str(sale.id), "status": sale.status, "recipients": parties}
        events.record("transaction.updated", update_event, now)
    await session.commit()
    await events.mark_published()
    movements = (await session.execute(select(LedgerRow).where(LedgerRow.transaction_id == sale.id))).scalars()
    return sale, payment, list(movements)


def _paid(sale: Transaction, movements: list[LedgerRow]) -> TransactionOut:
    out = TransactionOut.of(sale)
    out.movements = [
        {"kind": m.kind, "amount": {"amount": m.amount, "currency": m.currency}, "at": m.at.isoformat()}
        for m in movements
    ]
    return out


@app.post("/api/v1/transactions/{transaction_id}/pay")
async def pay(
    transaction_id: uuid.UUID,
    user_id: Annotated[uuid.UUID, Depends(current_user_id)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> TransactionOut:
    sale, _, movements = await move_money(session, transaction_id, user_id, "pay")
    return _paid(sale, movements)


@app.post("/api/v1/transactions/{transaction_id}/confirm-receipt")
async def confirm_receipt(
    transaction_id: uuid.UUID,
    user_id: Annotated[uuid.UUID, Depends(current_user_id)],
    session: Annotated[AsyncSession, Depends(get_session)],
) -> TransactionOut:
    sale, _, movements = await move_money(session, transaction_id, user_id, "capture")
    return _paid(sale, movements)
