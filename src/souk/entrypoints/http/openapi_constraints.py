"""Rules the server enforces beyond the wire structs' types, written into the OpenAPI
document from the constants that enforce them (the domain's), so a client generated
from the document sends what the server accepts, and schemathesis can check both ways.

- No string a client sends may hold NUL (``json_input``, ``RejectNulMiddleware``).
- Titles are trimmed before their length is checked.
- Money's currency, a point's latitude, notification kinds, upload types and sizes per
  kind, and the two shapes of a chat message come from the domain."""

from __future__ import annotations

from typing import Any

from souk.application.negotiation.list_conversations import FILTERS
from souk.domain.catalog.location import MAX_ABS_LAT
from souk.domain.catalog.product import TITLE_MIN as PRODUCT_TITLE_MIN
from souk.domain.catalog.product import Condition, FeedType
from souk.domain.catalog.search import SearchSort
from souk.domain.media.values import LIMITS
from souk.domain.negotiation.conversation import IMAGES_MAX, TEXT_MAX, URL_MAX
from souk.domain.negotiation.offer import OfferStatus
from souk.domain.notifications.push import TOKEN_PATTERN
from souk.domain.payments.tip import MAX_TIP
from souk.domain.shared.banned_words import MAX_WORD_LENGTH
from souk.domain.shared.money import CURRENCY_EXPONENTS, MAX_AMOUNT
from souk.domain.shared.notifications import NotificationType
from souk.domain.streams.moderation import MAX_SLOW_MODE_S
from souk.domain.streams.stream import TITLE_MIN as STREAM_TITLE_MIN

NO_NUL = "^[^\\x00]*$"
HTTP_URL = "^https?://[^\\x00]*$"
HTTP_URL_OR_EMPTY = "^\\s*(https?://[^\\x00]*)?$"  # stripped first; empty clears
NUL_FREE_FORMATS = frozenset({"uuid", "date-time", "date", "binary", "byte"})
# Query parameters the use cases check against a fixed set (a 400 otherwise).
PARAMETER_ENUMS: dict[tuple[str, str], list[str]] = {
    ("/api/v1/conversations", "filter"): sorted(FILTERS),
    ("/api/v1/offers", "status"): [s.value for s in OfferStatus],
    ("/api/v1/offers", "role"): ["buyer", "seller"],
    ("/api/v1/products/search", "condition"): [c.value for c in Condition],
    ("/api/v1/products/search", "feed_type"): [f.value for f in FeedType],
    ("/api/v1/products/search", "sort"): [s.value for s in SearchSort],
}
LATITUDE = {"minimum": -MAX_ABS_LAT, "maximum": MAX_ABS_LAT}
LONGITUDE = {"minimum": -180.0, "maximum": 180.0}


def trimmed_text(minimum: int) -> str:
    """A pattern: at least ``minimum`` (≥ 2) characters once surrounding whitespace is
    stripped (titles are stripped before their length is checked), no NUL."""
    return f"^\\s*[^\\s\\x00][^\\x00]{{{minimum - 2},}}[^\\s\\x00]\\s*$"


# (schema, property) → pattern, for text rules the domain checks.
MINIMUMS: dict[tuple[str, str], int] = {("RefundIn", "amount"): 1}
PATTERNS: dict[tuple[str, str], str] = {
    ("ProductCreate", "title"): trimmed_text(PRODUCT_TITLE_MIN),
    ("ProductPatch", "title"): trimmed_text(PRODUCT_TITLE_MIN),
    ("StreamCreate", "title"): trimmed_text(STREAM_TITLE_MIN),
    ("PushTokenIn", "token"): TOKEN_PATTERN,
    ("ProfilePatch", "avatar_url"): HTTP_URL_OR_EMPTY,
}


def constrain(document: dict[str, Any], request_schemas: set[str]) -> None:
    schemas = document["components"]["schemas"]
    for name in request_schemas:
        _no_nul(schemas.get(name, {}))
    _money(schemas.get("MoneyIn"))
    if tip := schemas.get("TipAmountIn"):
        _money(tip)
        tip["properties"]["amount"]["maximum"] = MAX_TIP
    _notification_settings(schemas.get("ProfilePatch"))
    for (name, field), minimum in MINIMUMS.items():  # bounds msgspec's Meta loses inside `X | None`
        prop = schemas.get(name, {}).get("properties", {}).get(field)
        if prop is not None:
            _leaf(prop, "integer")["minimum"] = minimum
    for (name, field), pattern in PATTERNS.items():
        prop = schemas.get(name, {}).get("properties", {}).get(field)
        if prop is not None:
            _leaf(prop)["pattern"] = pattern
    _uploads(schemas.get("UploadUrlsIn"))
    _listing(schemas.get("ProductCreate"))
    for name in ("ProductCreate", "ProductPatch"):
        _image_urls(schemas.get(name))
    _message(schemas.get("MessageCreate"))
    _banned_words(schemas.get("ChatRulesPatch"))
    _confirmation(schemas.get("DeleteAccountIn"))
    for path, path_item in document.get("paths", {}).items():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                _parameter(path, parameter)


def _parameter(path: str, parameter: dict[str, Any]) -> None:
    schema = parameter.get("schema", {})
    name = parameter.get("name")
    values = PARAMETER_ENUMS.get((path, str(name)))
    if values is not None:
        _leaf(schema)["enum"] = values
    if parameter.get("in") == "query" and name in ("lat", "lng"):
        _leaf(schema, "number").update(LATITUDE if name == "lat" else LONGITUDE)
    if parameter.get("in") == "query" and name == "radius_km":
        _leaf(schema, "number")["exclusiveMinimum"] = 0
    _no_nul(schema)


def _leaf(schema: dict[str, Any], kind: str = "string") -> dict[str, Any]:
    """The non-null branch of ``X | None`` (or the schema itself)."""
    for key in ("oneOf", "anyOf"):
        for option in schema.get(key, []):
            if option.get("type") == kind:
                return option  # type: ignore[no-any-return]
    return schema


def _no_nul(schema: dict[str, Any]) -> None:
    """Every string (at any depth, refs aside) without a pattern or format gets one
    that refuses NUL."""
    if not isinstance(schema, dict):
        return
    kinds = schema.get("type")
    is_string = kinds == "string" or (isinstance(kinds, list) and "string" in kinds)
    if is_string and "pattern" not in schema and "enum" not in schema and schema.get("format") not in NUL_FREE_FORMATS:
        schema["pattern"] = NO_NUL
    for key in ("properties",):
        for sub in schema.get(key, {}).values():
            _no_nul(sub)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _no_nul(schema[key])
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, []):
            _no_nul(sub)


def _banned_words(schema: dict[str, Any] | None) -> None:
    """Each banned word has something besides spaces, at most ``MAX_WORD_LENGTH`` long;
    slow mode is 0 (off) to ``MAX_SLOW_MODE_S``."""
    if not schema:
        return
    _leaf(schema["properties"]["slow_mode_s"], "integer").update(minimum=0, maximum=MAX_SLOW_MODE_S)
    words = _leaf(schema["properties"]["banned_words"], "array")
    if words is not None:
        words["items"] = {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_WORD_LENGTH,
            "pattern": "^[^\\x00]*[^\\s\\x00][^\\x00]*$",
        }


def _confirmation(schema: dict[str, Any] | None) -> None:
    """Deleting the account takes the password or an OTP code."""
    if schema:
        schema["anyOf"] = [
            {"required": [name], "properties": {name: {"type": "string"}}} for name in ("password", "otp_code")
        ]


def _money(schema: dict[str, Any] | None) -> None:
    if schema:
        currency = schema["properties"]["currency"]
        currency.pop("pattern", None)
        currency["enum"] = sorted(CURRENCY_EXPONENTS)
        schema["properties"]["amount"]["maximum"] = MAX_AMOUNT


def _notification_settings(schema: dict[str, Any] | None) -> None:
    if schema:
        kinds = sorted(kind.value for kind in NotificationType)
        schema["properties"]["notification_settings"] = {
            "oneOf": [
                {
                    "type": "object",
                    "description": "On/off per notification kind; kinds not sent keep their setting.",
                    "properties": {kind: {"type": "boolean"} for kind in kinds},
                    "additionalProperties": False,
                },
                {"type": "null"},
            ]
        }


def _listing(schema: dict[str, Any] | None) -> None:
    """A community listing needs a location (it is found by distance)."""
    if not schema or "location" not in schema.get("properties", {}):
        return
    schema["oneOf"] = [
        {"properties": {"feed_type": {"const": FeedType.DISCOVER.value}}},
        {
            "properties": {
                "feed_type": {"const": FeedType.COMMUNITY.value},
                "location": {"$ref": "#/components/schemas/GeoPointIn"},
            },
            "required": ["location"],
        },
    ]


def _image_urls(schema: dict[str, Any] | None) -> None:
    urls = schema.get("properties", {}).get("image_urls") if schema else None
    if urls is None:
        return
    for option in [urls, *urls.get("oneOf", [])]:
        if option.get("type") == "array":
            option.setdefault("items", {}).update(type="string", pattern=HTTP_URL)


def _uploads(schema: dict[str, Any] | None) -> None:
    if not schema:
        return
    file_schema = schema["properties"]["files"]["items"]
    shapes = []
    for kind, limits in sorted(LIMITS.items()):
        shapes.append(
            {
                "type": "object",
                "properties": {
                    "kind": {"const": kind.value},
                    "files": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": limits.max_files,
                        "items": {
                            "allOf": [file_schema],
                            "properties": {
                                "content_type": {"enum": sorted(limits.content_types)},
                                "size_bytes": {"type": "integer", "minimum": 1, "maximum": limits.max_bytes},
                            },
                        },
                    },
                },
            }
        )
    schema["oneOf"] = shapes


def _message(schema: dict[str, Any] | None) -> None:
    if not schema:
        return
    schema["oneOf"] = [
        {
            "type": "object",
            "description": "A text message: 1-4000 characters (trimmed), no images.",
            "properties": {
                "message_type": {"const": "text"},
                "content": {"type": "string", "maxLength": TEXT_MAX, "pattern": "^\\s*[^\\s\\x00][^\\x00]*$"},
                "image_urls": {"type": "array", "maxItems": 0},
            },
            "required": ["message_type", "content"],
        },
        {
            "type": "object",
            "description": "An image message: 1-10 http(s) URLs and an optional caption.",
            "properties": {
                "message_type": {"const": "image"},
                "image_urls": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": IMAGES_MAX,
                    "items": {"type": "string", "maxLength": URL_MAX, "pattern": HTTP_URL},
                },
            },
            "required": ["message_type", "image_urls"],
        },
    ]
