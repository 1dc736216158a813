from __future__ import annotations

import pytest

from souk.bootstrap.settings import parse_networks
from souk.entrypoints.http.client_ip import client_ip

PROXIES = parse_networks("10.0.0.0/8,127.0.0.1")


@pytest.mark.parametrize(
    ("peer", "xff", "expected"),
    [
        ("198.51.100.1", "203.0.113.5", "198.51.100.1"),  # untrusted peer: header ignored
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("10.1.2.3", "1.1.1.1, 203.0.113.5, 10.0.0.7", "203.0.113.5"),  # right-most untrusted hop
        ("10.1.2.3", "10.0.0.1, 10.0.0.2", "10.1.2.3"),  # all trusted: the peer
        ("10.1.2.3", "garbage, 10.0.0.2", "garbage"),  # a non-address hop is not trusted
    ],
)
def test_client_address(peer: str, xff: str | None, expected: str) -> None:
    assert client_ip(peer, xff, PROXIES) == expected


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert client_ip("127.0.0.1", "203.0.113.5", ()) == "127.0.0.1"


def test_souk_serve_turns_uvicorns_proxy_headers_off_unless_proxies_are_trusted() -> None:
    from souk.bootstrap.cli import proxy_options
    from souk.bootstrap.settings import parse_networks

    assert proxy_options(()) == {"proxy_headers": False}
    assert proxy_options(parse_networks("10.0.0.0/8, 127.0.0.1")) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.0/8", "127.0.0.1/32"],
    }
