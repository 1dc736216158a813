"""An example for every request body of the OpenAPI document: a written one where a
body has one below (what a client would really send), else one built from the schema
(required fields, each the simplest value its type, format and limits accept)."""

from __future__ import annotations

from typing import Any

from souk.domain.catalog.default_categories import category_id

SOME_ID = "0b7a24d7-b988-44fd-a6de-8d7c2907103e"
PHONE = "+14155550123"
PASSWORD = "plum kettle orbit saffron"

EXAMPLES: dict[str, Any] = {
    "RegisterBody": {"username": "amira", "password": PASSWORD, "display_name": "Amira", "phone": PHONE},
    "LoginBody": {"login": "amira", "password": PASSWORD},
    "OtpSendBody": {"phone": PHONE, "purpose": "login"},
    "OtpVerifyBody": {"phone": PHONE, "code": "123456", "purpose": "login"},
    "RefreshBody": {"refresh_token": "<refresh token from login>"},
    "LogoutAllBody": {"keep_current": True},
    "PasswordResetBody": {"phone": PHONE},
    "PasswordResetConfirmBody": {"phone": PHONE, "code": "123456", "new_password": "ginger lantern meadow"},
    "ProfilePatch": {"display_name": "Amira K.", "bio": "Vintage cameras", "location": {"lat": 48.85, "lng": 2.35}},
    "ProductCreate": {
        "title": "Leica M6",
        "description": "Film camera, serviced in 2025.",
        "price": {"amount": 125000, "currency": "EUR"},
        "category_id": str(category_id("electronics")),
        "condition": "good",
        "feed_type": "community",
        "location": {"lat": 48.85, "lng": 2.35},
    },
    "ProductPatch": {"price": {"amount": 119000, "currency": "EUR"}},
    "OfferCreate": {"product_id": SOME_ID, "price": {"amount": 110000, "currency": "EUR"}, "message": "Cash today?"},
    "CounterIn": {"price": {"amount": 115000, "currency": "EUR"}},
    "ConversationCreate": {"other_user_id": SOME_ID, "product_id": SOME_ID, "initial_message": "Is it available?"},
    "MessageCreate": {"message_type": "text", "content": "Is it still available?"},
    "CommentCreate": {"content": "Lovely!"},
    "StreamCreate": {"title": "Sunday camera sale", "product_ids": [SOME_ID]},
    "StreamProductsIn": {"product_ids": [SOME_ID]},
    "StreamSettingsPatch": {"audience": "followers", "enable_chat": True},
    "TagIn": {"x": 0.5, "y": 0.4, "timestamp_s": 12.0, "featured": True},
    "GiveawayCreate": {"product_id": SOME_ID, "duration_s": 60, "followers_only": False},
    "PushTokenIn": {"token": "fcm-token-from-the-device", "platform": "android"},
    "ProcessVideoIn": {"media_id": SOME_ID},
    "UploadUrlsIn": {"kind": "video", "files": [{"content_type": "video/mp4", "size_bytes": 10485760}]},
}


def example_for(schema: dict[str, Any], document: dict[str, Any]) -> Any:
    name = _ref_name(schema)
    if name in EXAMPLES:
        return EXAMPLES[name]
    return _build(schema, document, depth=0)


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _build(schema: dict[str, Any], document: dict[str, Any], depth: int) -> Any:
    if depth > 8:
        return None
    name = _ref_name(schema)
    if name is not None:
        return _build(document["components"]["schemas"].get(name, {}), document, depth + 1)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return _build(options[0], document, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties", {})
        return {key: _build(properties[key], document, depth + 1) for key in schema.get("required", [])}
    if kind == "array":
        return [_build(schema.get("items", {}), document, depth + 1) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        return int(low) + (1 if "exclusiveMinimum" in schema else 0) if kind == "integer" else float(low) + 1
    if kind == "boolean":
        return True
    if kind == "string":
        return _string(schema)
    return None


def _string(schema: dict[str, Any]) -> str:
    formats = {
        "uuid": SOME_ID,
        "date-time": "2026-11-21T10:00:00Z",
        "email": "amira@example.com",
        "uri": "https://example.com",
    }
    if schema.get("format") in formats:
        return formats[schema["format"]]
    return "x" * max(1, int(schema.get("minLength", 1)))
