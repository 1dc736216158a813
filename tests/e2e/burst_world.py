"""What the bursts need on a running server: a seller live with a stream, ``BURST`` viewers
each with an open socket and a conversation with the seller, and the per-burst setup steps
(fresh offers, streams, likes). Setup runs one request at a time: only the bursts burst."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any, TypeVar

import httpx

from tests.e2e.burst_support import BURST, Answer, BurstSocket, Server, open_socket, timed_request
from tests.e2e.realtime_support import Person
from tests.e2e.test_catalog import product_body
from tests.support import unique

SETUP_TIMEOUT_S = 60.0  # setup may follow a burst the server is still digesting
SETUP_AT_ONCE = 3  # below the pool: setup is not a burst
T = TypeVar("T")


async def in_turns(jobs: Iterable[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run the jobs ``SETUP_AT_ONCE`` at a time; the results in the jobs' order."""
    gate = asyncio.Semaphore(SETUP_AT_ONCE)

    async def one(job: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await job()

    return list(await asyncio.gather(*(one(job) for job in jobs)))


def money(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


class World:
    def __init__(self, server: Server, http: httpx.AsyncClient) -> None:
        self.server = server
        self.http = http
        self.seller = Person("", "")
        self.bystander = Person("", "")  # a viewer the moderators' bursts time out and ban
        self.viewers: list[Person] = []
        self.sockets: list[BurstSocket] = []
        self.conversations: list[str] = []
        self.seller_messages: list[str] = []
        self.draft_streams: list[str] = []
        self.hot_product = self.stream_product = self.stream = self.replay = self.offer_target = ""
        self.buy_product = ""
        self.giveaway = ""
        self.auction = ""

    # --- the requests -------------------------------------------------------------------

    async def request(self, viewer: int, method: str, url: str, body: dict[str, Any] | None = None) -> Answer:
        return await timed_request(self.http, method, url, json=body, headers=self.viewers[viewer].auth)

    async def _setup(self, person: Person, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.http.request(method, url, json=body, headers=person.auth, timeout=SETUP_TIMEOUT_S)
        assert response.status_code < 300, f"setup {method} {url}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    async def still_serving(self) -> None:
        """A normal request after the burst is answered normally."""
        response = await self.http.get("/api/v1/users/me", headers=self.seller.auth, timeout=SETUP_TIMEOUT_S)
        assert response.status_code == 200, response.text

    # --- building blocks ----------------------------------------------------------------

    @staticmethod
    def product_body() -> dict[str, Any]:
        return product_body(title=unique("Burst lamp "))

    async def person(self) -> Person:
        body = {
            "username": unique("burst"),
            "password": "correct horse",
            "display_name": "B",
            "email": f"{unique()}@x.io",
        }
        response = await self.http.post("/api/v1/auth/register", json=body, timeout=SETUP_TIMEOUT_S)
        assert response.status_code == 201, response.text
        data = response.json()
        return Person(data["user"]["id"], data["tokens"]["access_token"])

    async def product(self, seller: Person) -> str:
        created = await self._setup(seller, "POST", "/api/v1/products", self.product_body())
        return str(created["id"])

    async def offer(self, buyer: Person, product: str, amount: int = 20000) -> str:
        body = {"product_id": product, "price": money(amount)}
        return str((await self._setup(buyer, "POST", "/api/v1/offers", body))["id"])

    # --- per-burst setup ----------------------------------------------------------------

    async def fresh_offer_target(self) -> None:
        """A product of the seller's no viewer has offered on yet."""
        self.offer_target = await self.product(self.seller)

    async def ring_of_offers(self) -> list[str]:
        """Offer ``i`` is pending on a new product of viewer ``i``, made by viewer ``i + 1``:
        every offer of the burst has its own seller and buyer."""
        products = await in_turns(lambda seller=seller: self.product(seller) for seller in self.viewers)
        return await in_turns(
            lambda i=i, product=product: self.offer(self.viewers[(i + 1) % BURST], product)
            for i, product in enumerate(products)
        )

    async def own_draft_streams(self) -> None:
        self.draft_streams = await in_turns(lambda viewer=viewer: self._draft_stream(viewer) for viewer in self.viewers)

    async def _draft_stream(self, owner: Person) -> str:
        body = {"title": "My own show", "product_ids": [await self.product(owner)]}
        return str((await self._setup(owner, "POST", "/api/v1/streams", body))["id"])

    async def ended_stream(self) -> str:
        """A show that went live and ended: its replay takes comments (a live one does not)."""
        body = {"title": "Yesterday's market", "product_ids": [await self.product(self.seller)]}
        stream = str((await self._setup(self.seller, "POST", "/api/v1/streams", body))["id"])
        await self._setup(self.seller, "POST", f"/api/v1/streams/{stream}/go-live")
        await self._setup(self.seller, "POST", f"/api/v1/streams/{stream}/end")
        return stream

    async def stock_for_everyone(self) -> None:
        """A product of the seller's with a unit per viewer, shown and tagged in the live
        stream: ``buy_product``."""
        created = await self._setup(self.seller, "POST", "/api/v1/products", {**self.product_body(), "quantity": BURST})
        self.buy_product = str(created["id"])
        url = f"/api/v1/streams/{self.stream}/products"
        await self._setup(self.seller, "POST", url, {"product_ids": [self.buy_product]})
        tag = {"x": 0.5, "y": 0.5, "timestamp_s": 1}
        await self._setup(self.seller, "POST", f"{url}/{self.buy_product}/tag", tag)

    async def everyone_in(self) -> None:
        await self._everyone("stream:join")

    async def everyone_out(self) -> None:
        await self._everyone("stream:leave")

    async def reopen_closed_sockets(self) -> None:
        """A burst that failed may have cost sockets (the server closes one it could not
        ping while stuck): the next burst starts with every viewer connected again."""
        for i, socket in enumerate(self.sockets):
            if not socket.alive:
                await socket.close()
                self.sockets[i] = await open_socket(self.server.address, self.viewers[i].token)

    async def _conversation_with_a_message(self, viewer: Person) -> tuple[str, str]:
        talk = await self._setup(viewer, "POST", "/api/v1/conversations", {"other_user_id": self.seller.id})
        said = {"message_type": "text", "content": "welcome"}
        message = await self._setup(self.seller, "POST", f"/api/v1/conversations/{talk['id']}/messages", said)
        return str(talk["id"]), str(message["id"])

    async def _everyone(self, frame: str) -> None:
        answers = await in_turns(
            lambda socket=socket: socket.ask(frame, {"stream_id": self.stream}, within=SETUP_TIMEOUT_S)
            for socket in self.sockets
        )
        for socket, answer in zip(self.sockets, answers, strict=True):
            assert answer.kind == "ack", f"setup {frame}: {answer} {socket.state()}"

    async def a_running_giveaway(self) -> None:
        """Everyone in the room, and a giveaway (long enough to outlast the suite) of a fresh
        product tagged in the live stream."""
        await self.everyone_in()
        product = await self.product(self.seller)
        stream = f"/api/v1/streams/{self.stream}"
        await self._setup(self.seller, "POST", f"{stream}/products", {"product_ids": [product]})
        await self._setup(
            self.seller, "POST", f"{stream}/products/{product}/tag", {"x": 0.5, "y": 0.5, "timestamp_s": 1}
        )
        body = {"product_id": product, "duration_s": 600}
        self.giveaway = str((await self._setup(self.seller, "POST", f"{stream}/giveaways", body))["id"])

    async def everyone_moderates(self) -> None:
        """Every viewer a moderator of the live stream (appointing is idempotent), and a
        bystander for them to time out or ban."""
        url = f"/api/v1/streams/{self.stream}/moderators"
        await in_turns(
            lambda viewer=viewer: self._setup(self.seller, "POST", url, {"user_id": viewer.id})
            for viewer in self.viewers
        )
        if not self.bystander.id:
            self.bystander = await self.person()

    async def open_auction(self) -> None:
        """Every viewer in the room with a saved card, and a fresh two-minute auction of a new
        tagged product of the stream for them to bid in."""
        await self.everyone_in()
        await in_turns(lambda viewer=viewer: self._setup(viewer, "POST", "/api/v1/payments/methods", {})
                       for viewer in self.viewers)  # fmt: skip
        product = await self.product(self.seller)
        await self._setup(self.seller, "POST", f"/api/v1/streams/{self.stream}/products", {"product_ids": [product]})
        tag = {"x": 0.5, "y": 0.5, "timestamp_s": 1}
        await self._setup(self.seller, "POST", f"/api/v1/streams/{self.stream}/products/{product}/tag", tag)
        body = {"product_id": product, "starting_price": money(1000), "duration_s": 120}
        self.auction = str(
            (await self._setup(self.seller, "POST", f"/api/v1/streams/{self.stream}/auctions", body))["auction_id"]
        )

    async def everyone_likes(self) -> None:
        url = f"/api/v1/products/{self.hot_product}/like"
        await in_turns(lambda viewer=viewer: self._setup(viewer, "POST", url) for viewer in self.viewers)

    async def everyone_follows(self) -> None:
        url = f"/api/v1/users/{self.seller.id}/follow"
        await in_turns(lambda viewer=viewer: self._setup(viewer, "POST", url) for viewer in self.viewers)


@asynccontextmanager
async def open_world(server: Server) -> AsyncIterator[World]:
    limits = httpx.Limits(max_connections=BURST + 4, max_keepalive_connections=BURST + 4)
    async with AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{server.address}", limits=limits))
        world = World(server, http)
        world.seller = await world.person()
        world.viewers = await in_turns(world.person for _ in range(BURST))
        world.hot_product = await world.product(world.seller)
        world.replay = await world.ended_stream()  # before the live one: a seller is live once at a time
        world.stream_product = await world.product(world.seller)
        body = {"title": "Opening rush", "product_ids": [world.stream_product]}
        world.stream = str((await world._setup(world.seller, "POST", "/api/v1/streams", body))["id"])
        await world._setup(world.seller, "POST", f"/api/v1/streams/{world.stream}/go-live")
        talks = await in_turns(
            lambda viewer=viewer: world._conversation_with_a_message(viewer) for viewer in world.viewers
        )
        world.conversations = [conversation for conversation, _ in talks]
        world.seller_messages = [message for _, message in talks]
        world.sockets = await in_turns(
            lambda viewer=viewer: open_socket(server.address, viewer.token) for viewer in world.viewers
        )
        stack.push_async_callback(_close_all, world.sockets)
        yield world


async def _close_all(sockets: list[BurstSocket]) -> None:
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
