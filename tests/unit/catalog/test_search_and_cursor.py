from __future__ import annotations

import base64
import json
from uuid import uuid4

import pytest

from souk.adapters.security.hmac_cursor_codec import HmacCursorCodec
from souk.domain.catalog.category import CategoryTree
from souk.domain.catalog.default_categories import category_id, default_categories
from souk.domain.catalog.errors import InvalidCursor, UnknownCategory, UnknownSort
from souk.domain.catalog.search import SearchCriteria, SearchSort, matches, search_terms, text_rank
from souk.domain.shared.errors import InvalidInput


def test_cursor_round_trips_and_refuses_forgery_and_other_scopes() -> None:
    codec = HmacCursorCodec(b"k" * 32)
    token = codec.encode("discover", ("2026-11-21T10:00:00+00:00", "id", 3, 1.5))
    assert codec.decode("discover", token) == ("2026-11-21T10:00:00+00:00", "id", 3, 1.5)
    with pytest.raises(InvalidCursor):
        codec.decode("search:other", token)
    _body, mac = token.split(".")
    forged = base64.urlsafe_b64encode(json.dumps(["2030-01-01T00:00:00+00:00", "id", 3, 1.5]).encode()).decode()
    for bad in (f"{forged.rstrip('=')}.{mac}", "x", "", "a.b.c", "%%%.%%%", token + "x", "." * 2000):
        with pytest.raises(InvalidCursor):
            codec.decode("discover", bad)
    with pytest.raises(InvalidCursor):
        HmacCursorCodec(b"other" * 8).decode("discover", token)


def test_terms_are_lowercase_words_and_ranks_weigh_titles() -> None:
    assert search_terms("Road-bike, ROAD bike_2") == ("road", "bike", "2")
    assert search_terms(None) == ()
    assert text_rank(("bike",), "Bike", "old") > text_rank(("bike",), "Old", "a bike")
    assert matches(("road", "bike"), "Road", "bike inside")
    assert not matches(("road", "bike"), "Road", "nothing")
    with pytest.raises(InvalidInput):
        search_terms("x" * 201)


def test_parent_category_includes_its_children() -> None:
    tree = CategoryTree(default_categories())
    vehicles = tree.with_descendants(category_id("vehicles"))
    assert category_id("bicycles") in vehicles
    assert category_id("phones") not in vehicles
    assert tree.with_descendants(category_id("bicycles")) == {category_id("bicycles")}
    assert len(tree.roots) >= 8
    assert all(node.children for node in tree.roots)
    with pytest.raises(UnknownCategory):
        tree.with_descendants(uuid4())


def test_criteria_rules() -> None:
    with pytest.raises(UnknownSort):
        SearchSort.parse("cheapest")
    with pytest.raises(InvalidInput):
        SearchCriteria(sort=SearchSort.DISTANCE)
    with pytest.raises(InvalidInput):
        SearchCriteria(min_price=10, max_price=5)
    assert SearchCriteria(sort=SearchSort.RELEVANCE).effective_sort is SearchSort.NEWEST
    assert SearchCriteria(terms=("x",), sort=SearchSort.RELEVANCE).effective_sort is SearchSort.RELEVANCE
    assert SearchCriteria(terms=("a",)).fingerprint() != SearchCriteria(terms=("b",)).fingerprint()
