"""Writing server frames straight to a socket's transport: the live room's fan-out path.

Going through ASGI costs a frame, per recipient, a queue hop to the socket's writer task,
Litestar's and our middlewares' ``send`` wrappers, uvicorn's event handling, the
``websockets`` library re-encoding the text and framing it again — about two thirds of the
CPU a broadcast costs. A server frame is never masked (RFC 6455 §5.1), so one broadcast's
bytes on the wire are the same for every recipient: :func:`text_frame` builds them once and
a :class:`DirectWriter` hands them to each socket's transport.

Only where that is exactly what the ASGI path would have written: uvicorn's ``websockets``
and ``websockets-sansio`` protocols, the connection open (handshake done, no close frame
sent or received) and no extension negotiated (``permessage-deflate`` rewrites every frame
per socket; ``souk serve`` declines it, see README). Anything else — another server, a
test client, ``wsproto``, a closing socket — gets ``None`` here or from ``write`` and the
caller uses the ASGI path. Control frames (ping, pong, close) are still written by the
server's protocol, whole, to the same transport, so frames never interleave.

The server's own ``send`` is the one the gateway is called with: ``/ws`` is served in front of
Litestar and its middleware (bootstrap/socket_route.py), so nothing wraps it."""

from __future__ import annotations

import struct
import sys
from typing import Any, Protocol

from souk.entrypoints.ws.lean_protocol import lighten

_LEGACY = "uvicorn.protocols.websockets.websockets_impl"
_SANSIO = "uvicorn.protocols.websockets.websockets_sansio_impl"


def text_frame(payload: bytes) -> bytes:
    """One unfragmented, unmasked text frame carrying ``payload`` (UTF-8 JSON)."""
    size = len(payload)
    if size < 126:
        return bytes((0x81, size)) + payload
    if size < 1 << 16:
        return struct.pack("!BBH", 0x81, 126, size) + payload
    return struct.pack("!BBQ", 0x81, 127, size) + payload


class DirectWriter(Protocol):
    def ready(self) -> bool:
        """Whether the connection takes direct writes now (open, nothing negotiated)."""
        ...

    def write(self, frames: bytes) -> int | None:
        """Write whole frames now and return the bytes the transport still holds unsent;
        ``None`` (nothing written) when the connection no longer takes direct writes."""
        ...

    def lighten(self) -> None:
        """Let go of what the server keeps of an accepted handshake and never reads again, and
        of what else it keeps per socket that an open socket can do without."""
        ...


def direct_writer(send: Any) -> DirectWriter | None:
    """A writer for the transport of the WebSocket whose server ``send`` this is, when its
    server is one we know, else ``None``."""
    protocol = getattr(send, "__self__", None)
    if protocol is None:
        return None
    legacy, sansio = sys.modules.get(_LEGACY), sys.modules.get(_SANSIO)
    if legacy is not None and isinstance(protocol, legacy.WebSocketProtocol):
        return _LegacyWriter(protocol)
    if sansio is not None and isinstance(protocol, sansio.WebSocketsSansIOProtocol):
        return _SansIOWriter(protocol)
    return None


def _open_state() -> Any:
    from websockets.protocol import State  # present whenever a uvicorn ``websockets`` protocol runs

    return State.OPEN


class _TransportWriter:
    """Writes to the transport of a uvicorn protocol; subclasses say when that is safe."""

    __slots__ = ("_open", "_protocol")

    def __init__(self, protocol: Any) -> None:
        self._protocol = protocol
        self._open = _open_state()

    def ready(self) -> bool:
        raise NotImplementedError

    def lighten(self) -> None:
        pass

    def write(self, frames: bytes) -> int | None:
        if not self.ready():
            return None
        transport = self._protocol.transport
        transport.write(frames)
        return int(transport.get_write_buffer_size())


class _LegacyWriter(_TransportWriter):
    """uvicorn's ``websockets`` protocol (``websockets.legacy``): it writes each frame with one
    ``transport.write`` and keeps no outgoing state but ``state``."""

    __slots__ = ()

    def ready(self) -> bool:
        protocol = self._protocol
        return protocol.state is self._open and not protocol.extensions and not protocol.transport.is_closing()


class _SansIOWriter(_TransportWriter):
    """uvicorn's ``websockets-sansio`` protocol: it hands each frame from its
    ``ServerProtocol`` to ``transport.write`` at once, so nothing of its own waits unsent."""

    __slots__ = ("_settled",)

    def __init__(self, protocol: Any) -> None:
        super().__init__(protocol)
        self._settled = False  # the handshake answered, with no extension: it stays so

    def ready(self) -> bool:
        protocol = self._protocol
        if not self._settled:
            if not protocol.handshake_complete or protocol.initial_response is not None or protocol.conn.extensions:
                return False
            self._settled = True
        return (
            not protocol.close_sent
            and not protocol.disconnected
            and protocol.conn.state is self._open
            and not protocol.transport.is_closing()
        )

    def lighten(self) -> None:
        """The protocol keeps the handshake's request and response (``websockets`` objects
        with their parsed headers: ~3.5 KiB per socket) only to answer it; once it is
        answered (``handshake_complete``) it never reads them again. An idle socket is mostly
        such leftovers, so they go; and its event queue and ``writable`` event give way to
        lighter equivalents (lean_protocol.py, ~4 KiB less per socket)."""
        protocol = self._protocol
        if protocol.handshake_complete and protocol.initial_response is None:
            protocol.request = None
            protocol.response = None
            lighten(protocol)
