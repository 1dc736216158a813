"""People using a running server over HTTP and WebSocket, for the real-time suites."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from tests.e2e.test_catalog import product_body
from tests.e2e.ws_support import Client, ws_client
from tests.support import unique


@dataclass
class Person:
    id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Rest:
    """The REST door of one server (``host:port``)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.http = httpx.AsyncClient(base_url=f"http://{address}", timeout=10)

    async def close(self) -> None:
        await self.http.aclose()

    async def person(self) -> Person:
        body = {
            "username": unique("rt"),
            "password": "plum kettle orbit saffron",
            "display_name": "R",
            "email": f"{unique()}@x.io",
        }
        response = await self.http.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201, response.text
        data = response.json()
        return Person(data["user"]["id"], data["tokens"]["access_token"])

    async def conversation(self, me: Person, other: Person) -> str:
        response = await self.http.post("/api/v1/conversations", json={"other_user_id": other.id}, headers=me.auth)
        assert response.status_code in (200, 201), response.text
        conversation_id: str = response.json()["id"]
        return conversation_id

    async def say(self, me: Person, conversation_id: str, text: str) -> dict[str, Any]:
        body = {"message_type": "text", "content": text}
        response = await self.http.post(f"/api/v1/conversations/{conversation_id}/messages", json=body, headers=me.auth)
        assert response.status_code == 201, response.text
        message: dict[str, Any] = response.json()
        return message

    async def product(self, seller: Person, **overrides: Any) -> str:
        response = await self.http.post("/api/v1/products", json=product_body(**overrides), headers=seller.auth)
        assert response.status_code == 201, response.text
        product_id: str = response.json()["id"]
        return product_id


@asynccontextmanager
async def rest(address: str) -> AsyncIterator[Rest]:
    client = Rest(address)
    try:
        yield client
    finally:
        await client.close()


@asynccontextmanager
async def online(address: str, person: Person) -> AsyncIterator[Client]:
    """A connected socket, past its ``connected`` frame."""
    async with ws_client(address, person.token) as client:
        await client.expect("connected")
        yield client


async def ask(client: Client, frame_type: str, data: dict[str, Any], ref: str, timeout: float = 5.0) -> dict[str, Any]:
    """Send a frame and wait for its ``ack``/``error`` (frames in between are kept)."""
    await client.send(frame_type, data, ref)
    async with asyncio.timeout(timeout):
        while True:
            frame = await client.recv(timeout)
            if frame.get("ref") == ref and frame["type"] in ("ack", "error"):
                return frame
            client.pending.append(frame)


async def next_of(client: Client, frame_type: str, timeout: float = 5.0, **match: Any) -> dict[str, Any]:
    """The next frame of a type whose data has the given values (earlier kept frames first)."""
    for i, frame in enumerate(client.pending):
        if frame["type"] == frame_type and all(frame.get("data", {}).get(k) == v for k, v in match.items()):
            del client.pending[i]
            return frame
    async with asyncio.timeout(timeout):
        while True:
            frame = await client.recv(timeout)
            if frame["type"] == frame_type and all(frame.get("data", {}).get(k) == v for k, v in match.items()):
                return frame
            client.pending.append(frame)
