from __future__ import annotations

from pathlib import Path

import pytest

from souk.adapters.places.ip_ranges import IpRangePlaces


def test_places_come_from_the_most_specific_listed_range(tmp_path: Path) -> None:
    table = tmp_path / "places.csv"
    table.write_text('# cidr,place\n93.184.0.0/16,Europe\n93.184.216.0/24,"Berlin, DE"\n2001:db8::/32,Lab\n')
    places = IpRangePlaces.from_file(table)
    assert places.place_of("93.184.216.34") == "Berlin, DE"
    assert places.place_of("93.184.1.1") == "Europe"
    assert places.place_of("2001:db8::1") == "Lab"
    assert places.place_of("8.8.8.8") == "unknown"
    assert places.place_of("127.0.0.1") == "local network"
    assert places.place_of("192.168.1.20") == "local network"
    assert places.place_of("not an address") == "unknown"
    assert IpRangePlaces.from_file(None).place_of("93.184.216.34") == "unknown"


def test_a_malformed_table_fails_at_start(tmp_path: Path) -> None:
    table = tmp_path / "places.csv"
    table.write_text("93.184.0.0/16\n")
    with pytest.raises(ValueError, match="row 1"):
        IpRangePlaces.from_file(table)
    table.write_text("not-a-network,Somewhere\n")
    with pytest.raises(ValueError, match="not-a-network"):
        IpRangePlaces.from_file(table)
