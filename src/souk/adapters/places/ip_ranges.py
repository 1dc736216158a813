"""Coarse places from a local table of address ranges: no lookup leaves the server.

The table is a CSV file of ``cidr,place`` lines (``#`` starts a comment), e.g. an export
of a GeoLite/IP2Location country or city database, or the few ranges an operator knows.
Addresses in no listed range are "unknown"; loopback and private ones are "local network"."""

from __future__ import annotations

import csv
import ipaddress
from collections.abc import Iterable
from pathlib import Path

from souk.application.ports.place_lookup import PlaceLookup

UNKNOWN = "unknown"
LOCAL = "local network"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class IpRangePlaces(PlaceLookup):
    def __init__(self, ranges: Iterable[tuple[str, str]] = ()) -> None:
        table = [(ipaddress.ip_network(cidr.strip(), strict=False), place.strip()) for cidr, place in ranges]
        # the most specific range wins
        self._ranges: list[tuple[Network, str]] = sorted(table, key=lambda r: -r[0].prefixlen)

    @classmethod
    def from_file(cls, path: Path | None) -> IpRangePlaces:
        if path is None:
            return cls()
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [r for r in csv.reader(handle) if r and not r[0].lstrip().startswith("#")]
        for number, row in enumerate(rows, 1):
            if len(row) < 2:
                raise ValueError(f"{path}: row {number} is not 'cidr,place'")
        return cls((row[0], ",".join(row[1:])) for row in rows)

    def place_of(self, ip: str) -> str:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return UNKNOWN
        for network, place in self._ranges:
            if address.version == network.version and address in network:
                return place
        if address.is_loopback or address.is_private or address.is_link_local:
            return LOCAL
        return UNKNOWN
