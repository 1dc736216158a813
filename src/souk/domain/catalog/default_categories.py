"""The category tree Souk ships with. Ids are UUIDv5 of the slug, so every database and the
in-memory store agree on them. The migration ``0002_catalog`` inserts exactly this list;
change it only together with a new migration."""

from __future__ import annotations

import uuid

from souk.domain.catalog.category import Category

NAMESPACE = uuid.UUID("6f0c1c64-56a4-4c4e-9d5e-2f1b7c1a0c01")

DEFAULT_TREE: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("electronics", "Electronics"): [
        ("phones", "Phones"), ("computers", "Computers"), ("audio", "Audio"),
        ("cameras", "Cameras"), ("gaming", "Gaming"),
    ],
    ("fashion", "Fashion"): [
        ("womens-clothing", "Women's clothing"), ("mens-clothing", "Men's clothing"),
        ("shoes", "Shoes"), ("bags", "Bags"), ("jewellery", "Jewellery & watches"),
    ],
    ("home", "Home & garden"): [
        ("furniture", "Furniture"), ("kitchen", "Kitchen"), ("decor", "Decor"), ("garden", "Garden"),
    ],
    ("vehicles", "Vehicles"): [
        ("cars", "Cars"), ("motorcycles", "Motorcycles"), ("bicycles", "Bicycles"), ("car-parts", "Parts"),
    ],
    ("sports", "Sports & outdoors"): [
        ("fitness", "Fitness"), ("camping", "Camping"), ("team-sports", "Team sports"),
    ],
    ("kids", "Kids & baby"): [
        ("toys", "Toys"), ("kids-clothing", "Kids' clothing"), ("strollers", "Strollers & car seats"),
    ],
    ("books-media", "Books & media"): [
        ("books", "Books"), ("music", "Music"), ("films", "Films"),
    ],
    ("beauty", "Beauty & health"): [
        ("skincare", "Skincare"), ("makeup", "Makeup"), ("fragrance", "Fragrance"),
    ],
    ("collectibles", "Collectibles & art"): [
        ("art", "Art"), ("antiques", "Antiques"), ("trading-cards", "Trading cards"),
    ],
    ("pets", "Pets"): [
        ("pet-supplies", "Pet supplies"), ("aquariums", "Aquariums"),
    ],
}  # fmt: skip


def category_id(slug: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, slug)


def default_categories() -> list[Category]:
    categories: list[Category] = []
    for position, ((slug, name), children) in enumerate(DEFAULT_TREE.items()):
        parent = Category(category_id(slug), name, slug, None, position)
        categories.append(parent)
        categories.extend(
            Category(category_id(child_slug), child_name, child_slug, parent.id, child_position)
            for child_position, (child_slug, child_name) in enumerate(children)
        )
    return categories
