"""Who is calling, for per-IP limits: the socket peer, or behind trusted proxies the
right-most X-Forwarded-For address that is not itself a trusted proxy. And which address
they called (scheme and host), behind trusted proxies from X-Forwarded-Proto/-Host."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class TrustedProxies:
    networks: tuple[IpNetwork, ...] = ()


def client_ip(peer: str | None, forwarded_for: str | None, trusted: Sequence[IpNetwork]) -> str:
    peer = peer or "unknown"
    if not trusted or not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _is_trusted(hop, trusted):
            return hop
    return peer


def _is_trusted(address: str, trusted: Sequence[IpNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$")
_SCHEMES = {"http": "http", "https": "https", "ws": "http", "wss": "https"}


def request_origin(
    scheme: str,
    host: str | None,
    peer: str | None,
    forwarded_proto: str | None,
    forwarded_host: str | None,
    trusted: Sequence[IpNetwork],
) -> str | None:
    """``scheme://host`` the client used: the request's own, or, when the socket peer is a
    trusted proxy, the right-most ``X-Forwarded-Proto`` / ``X-Forwarded-Host`` values (the
    ones our nearest proxy set). ``None`` when the host is missing or not a plain host[:port]."""
    if peer and trusted and _is_trusted(peer, trusted):
        scheme = _last(forwarded_proto) or scheme
        host = _last(forwarded_host) or host
    web_scheme = _SCHEMES.get(scheme.lower())
    if web_scheme is None or not host or not _HOST.match(host):
        return None
    return f"{web_scheme}://{host.lower()}"


def _last(values: str | None) -> str | None:
    hops = [value.strip() for value in (values or "").split(",") if value.strip()]
    return hops[-1] if hops else None
