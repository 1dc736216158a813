from __future__ import annotations

import pytest

from souk.bootstrap.settings import parse_networks
from souk.entrypoints.http.client_ip import client_ip, request_origin

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


def test_souk_serve_leaves_forwarded_headers_to_souk_alone() -> None:
    """uvicorn's proxy_headers would believe X-Forwarded-For from 127.0.0.1 and rewrite the
    peer before Souk could judge X-Forwarded-Host: off, whatever SOUK_TRUSTED_PROXIES says."""
    import inspect

    from souk.bootstrap.cli import BootstrapRuntime

    assert "proxy_headers=False" in inspect.getsource(BootstrapRuntime._run_uvicorn)


@pytest.mark.parametrize(
    ("scheme", "host", "peer", "proto", "fwd_host", "expected"),
    [
        ("http", "127.0.0.1:8123", "127.0.0.1", None, None, "http://127.0.0.1:8123"),
        ("http", "api.example.com", "198.51.100.1", "https", "evil.example", "http://api.example.com"),  # untrusted
        ("http", "10.0.0.5:8000", "10.0.0.9", "https", "api.example.com", "https://api.example.com"),
        (
            "http",
            "10.0.0.5:8000",
            "10.0.0.9",
            "http, https",
            "a.example, shop.example:8443",
            "https://shop.example:8443",
        ),
        ("ws", "Shop.Example:9000", "198.51.100.1", None, None, "http://shop.example:9000"),
        ("wss", "[::1]:9000", "198.51.100.1", None, None, "https://[::1]:9000"),
        ("http", "bad host/x", "198.51.100.1", None, None, None),
        ("http", None, "198.51.100.1", None, None, None),
        ("http", "ok.example", "10.0.0.9", "gopher", None, None),
    ],
)
def test_request_origin(
    scheme: str, host: str | None, peer: str, proto: str | None, fwd_host: str | None, expected: str | None
) -> None:
    assert request_origin(scheme, host, peer, proto, fwd_host, PROXIES) == expected


def test_listen_url_of_any_address_binds_is_loopback() -> None:
    from souk.bootstrap.cli import listen_url

    assert listen_url("0.0.0.0", 8123) == "http://127.0.0.1:8123"  # noqa: S104
    assert listen_url("::", 8123) == "http://[::1]:8123"
    assert listen_url("10.0.0.5", 9000) == "http://10.0.0.5:9000"
