"""The few ASGI WebSocket calls the gateway makes, on the server's own ``receive`` and
``send``. Thousands of sockets sit idle for hours, and each holds what its handler holds:
this is two references, where a framework's connection object keeps the scope, parsed
headers and query, state, and ``receive``/``send`` wrappers (closures) for the socket's
whole life."""

from __future__ import annotations

from typing import Any

from litestar.types import Receive, Send


class AsgiSocket:
    __slots__ = ("receive", "send")

    def __init__(self, receive: Receive, send: Send) -> None:
        self.receive = receive
        self.send = send

    async def accept(self) -> bool:
        """Read the ``websocket.connect`` event and accept; ``False`` when the client left first."""
        if (await self.receive())["type"] != "websocket.connect":
            return False
        await self.send({"type": "websocket.accept", "subprotocol": None, "headers": []})
        return True

    async def send_data(self, data: bytes | str, mode: str = "text") -> None:
        message: Any = {"type": "websocket.send", "bytes": None, "text": None}
        if mode == "binary":
            message["bytes"] = data if isinstance(data, bytes) else data.encode()
        else:
            message["text"] = data if isinstance(data, str) else data.decode()
        await self.send(message)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close (before ``accept``, the server refuses the handshake: HTTP 403)."""
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})
