"""A realistic search query mix for the catalog benchmark (issue 19), fixed by its seed.

Words are drawn from the seeded titles' own vocabulary (``souk demo seed``'s adjectives,
nouns and category names) by a Zipf law: the vocabulary is ranked by how often a word occurs
in the seeder's titles and word *r* is drawn with probability ∝ 1 / r (common words dominate,
as in real traffic). Each query has one to three distinct words; then

- 20 % carry a filter: half a category (the category of a noun in the query, or a random
  top-level one, with its descendants as the API does), half a price range;
- 10 % are sorted by price (ascending or descending) or newest instead of relevance;
- 5 % hold a word no title has (misspellings, things nobody sells): they match nothing.

The mix is the same on every run (``SEED``); print it with
``uv run python benchmarks/search_mix.py [count]``."""

from __future__ import annotations

import random
import re
import sys
import urllib.parse
from collections import Counter
from dataclasses import dataclass

from souk.application.catalog.demo_data import ADJECTIVES, NOUNS
from souk.domain.catalog.default_categories import DEFAULT_TREE, category_id

SEED = 19
COUNT = 1000
ZIPF_S = 1.0
FILTERED = 0.20
SORTED = 0.10
NO_MATCH = 0.05
UNKNOWN_WORDS = (
    "iphnoe",
    "macbok",
    "zebra",
    "xylophone",
    "trampolines",
    "snowmobile",
    "harpsichord",
    "kayak",
    "drone",
    "espresso",
)
# Minor units; the seeder prices most listings between 500 and 200,000.
PRICE_RANGES = ((None, 5_000), (5_000, 20_000), (20_000, 80_000), (50_000, None), (1_000, 10_000))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class SearchInput:
    words: tuple[str, ...]
    category_slug: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    sort: str = "relevance"

    def path(self, limit: int) -> str:
        query: dict[str, str | int] = {"q": " ".join(self.words)}
        if self.category_slug is not None:
            query["category_id"] = str(category_id(self.category_slug))
        if self.min_price is not None:
            query["min_price"] = self.min_price
        if self.max_price is not None:
            query["max_price"] = self.max_price
        if self.sort != "relevance":
            query["sort"] = self.sort
        query["limit"] = limit
        return "/api/v1/products/search?" + urllib.parse.urlencode(query)


def leaf_nouns() -> dict[str, tuple[str, ...]]:
    """What the seeder puts after the adjective, per leaf category (its name when it has no nouns)."""
    leaves = {slug: name for children in DEFAULT_TREE.values() for slug, name in children}
    return {slug: NOUNS.get(slug, (name.lower(),)) for slug, name in leaves.items()}


def title_vocabulary() -> list[tuple[str, float]]:
    """Every word of the seeder's titles with its share of titles, most frequent first. The
    seeder picks an adjective uniformly, a leaf category uniformly, then one of its nouns."""
    share: Counter[str] = Counter()
    for adjective in ADJECTIVES:
        for word in set(_words(adjective)):
            share[word] += 1 / len(ADJECTIVES)
    nouns = leaf_nouns()
    for group in nouns.values():
        for noun in group:
            for word in set(_words(noun)):
                share[word] += 1 / len(nouns) / len(group)
    kept = {word: part for word, part in share.items() if len(word) > 1 or word.isdigit()}  # not the "s" of "men's"
    return sorted(kept.items(), key=lambda item: (-item[1], item[0]))


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def noun_categories() -> dict[str, str]:
    """A title word → the leaf category whose nouns hold it (the first, for shared words)."""
    found: dict[str, str] = {}
    for slug, group in leaf_nouns().items():
        for noun in group:
            for word in _words(noun):
                found.setdefault(word, slug)
    return found


def query_mix(count: int = COUNT, seed: int = SEED) -> list[SearchInput]:
    rnd = random.Random(seed)
    vocabulary = [word for word, _ in title_vocabulary()]
    weights = [1 / (rank**ZIPF_S) for rank in range(1, len(vocabulary) + 1)]
    categories = noun_categories()
    tops = [slug for slug, _ in DEFAULT_TREE]
    mix = []
    for _ in range(count):
        size = rnd.choice((1, 2, 3))
        words: list[str] = []
        while len(words) < size:
            word = rnd.choices(vocabulary, weights)[0]
            if word not in words:
                words.append(word)
        if rnd.random() < NO_MATCH:
            words[rnd.randrange(size)] = rnd.choice(UNKNOWN_WORDS)
        item = SearchInput(tuple(words))
        if rnd.random() < FILTERED:
            if rnd.random() < 0.5:
                known = [categories[w] for w in words if w in categories]
                item = SearchInput(item.words, category_slug=known[0] if known else rnd.choice(tops))
            else:
                low, high = rnd.choice(PRICE_RANGES)
                item = SearchInput(item.words, min_price=low, max_price=high)
        if rnd.random() < SORTED:
            sort = rnd.choice(("price_asc", "price_desc", "newest"))
            item = SearchInput(item.words, item.category_slug, item.min_price, item.max_price, sort)
        mix.append(item)
    return mix


def search_paths(limit: int, count: int = COUNT) -> list[str]:
    return [item.path(limit) for item in query_mix(count)]


if __name__ == "__main__":
    for line in search_paths(20, int(sys.argv[1]) if len(sys.argv) > 1 else COUNT):
        print(urllib.parse.unquote_plus(line))
