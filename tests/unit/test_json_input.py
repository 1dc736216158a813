"""The one check on client JSON: malformed, not UTF-8, too deep, or NUL in a text."""

from __future__ import annotations

import json

import msgspec
import pytest

from souk.entrypoints import json_input
from souk.entrypoints.json_input import MAX_DEPTH, JsonRejected


def rejected(raw: bytes) -> JsonRejected:
    with pytest.raises(JsonRejected) as caught:
        json_input.decode(raw)
    return caught.value


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 5000])
def test_deep_nesting_is_invalid_json_never_a_recursion_error(depth: int) -> None:
    assert rejected(b"[" * depth + b"]" * depth).code == "invalid_json"
    assert rejected(b'{"a":' * depth + b"1" + b"}" * depth).code == "invalid_json"


def test_nesting_up_to_the_limit_and_many_flat_brackets_are_fine() -> None:
    deepest = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert json_input.decode(deepest) is not None
    wide = json.dumps({"items": [[1], [2]] * 500}).encode()
    assert len(json_input.decode(wide)["items"]) == 1000  # type: ignore[index]


def test_invalid_utf8_is_invalid_encoding() -> None:
    assert rejected(b'{"name": "\xff\xfe"}').code == "invalid_encoding"


def test_malformed_is_invalid_json() -> None:
    assert rejected(b"{not json").code == "invalid_json"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"display_name": "a\x00b"}, "display_name"),
        ({"location": {"label": "\x00"}}, "location.label"),
        ({"tags": ["ok", "n\x00"]}, "tags[1]"),
        ({"k\x00": 1}, None),
    ],
)
def test_nul_in_any_text_is_invalid_text_naming_the_field(body: object, field: str | None) -> None:
    error = rejected(json.dumps(body).encode())
    assert (error.code, error.field) == ("invalid_text", field)


def test_an_escaped_backslash_before_u0000_is_plain_text() -> None:
    text = "C:\\u0000 is not NUL"
    assert json_input.decode(json.dumps({"t": text}).encode()) == {"t": text}
    with pytest.raises(JsonRejected):
        json_input.decode(json.dumps({"t": "\\\x00"}).encode())  # backslash, then a real NUL


def test_typed_decoders_are_checked_too() -> None:
    class Frame(msgspec.Struct):
        type: str
        data: dict[str, object]

    decoder = msgspec.json.Decoder(Frame)
    deep = b'{"type": "x", "data": {"d": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
    with pytest.raises(JsonRejected) as too_deep:
        json_input.decode(deep, decoder)
    assert too_deep.value.code == "invalid_json"
    nul = json.dumps({"type": "x", "data": {"content": "\x00"}}).encode()
    with pytest.raises(JsonRejected) as with_nul:
        json_input.decode(nul, decoder)
    assert with_nul.value.field == "data.content"
    with pytest.raises(msgspec.ValidationError):
        json_input.decode(b'{"type": 5, "data": {}}', decoder)
