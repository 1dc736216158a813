"""The floor for idle WebSocket memory: a bare ASGI app that accepts every socket, sends one
frame and waits for the next. No framework, no auth, no bookkeeping: what uvicorn and its
WebSocket implementation alone cost per connection, under the same server options as Souk and
the peers. No server built on that stack can hold a socket in less.
Run: ``uvicorn asgi_ws_floor:app --app-dir benchmarks/peers --loop uvloop --http httptools``."""

from __future__ import annotations

from typing import Any


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
    elif scope["type"] == "websocket":
        if (await receive())["type"] != "websocket.connect":
            return
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": '{"type":"connected","data":{}}'})
        while (await receive())["type"] == "websocket.receive":
            pass
    else:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})
