"""The one check every JSON document from a client passes (HTTP bodies and WebSocket
frames): it decodes as UTF-8 JSON, nests at most ``MAX_DEPTH`` deep, and no string in it
holds NUL, which PostgreSQL cannot store (SQLite would, so the deployments would differ).

The walk that finds deep nesting and NUL runs only when the raw bytes could hold either
(more brackets than ``MAX_DEPTH``, or a ``\\u0000`` escape: JSON has no other way to
write NUL), so ordinary small bodies cost one byte scan."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")

MAX_DEPTH = 32  # the deepest valid body (a product with money and a location) is 3
NUL_ESCAPE = b"\\u0000"


class JsonRejected(Exception):
    """``code`` is the client-facing error code: ``invalid_json``, ``invalid_encoding``
    or ``invalid_text`` (``field``: where the NUL is, dotted)."""

    def __init__(self, code: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.code, self.detail, self.field = code, detail, field


_any_decoder = msgspec.json.Decoder()


def decode(raw: bytes, decoder: msgspec.json.Decoder[T] | None = None) -> T:
    """Decode ``raw`` (with ``decoder``, or into plain Python values) and check it.
    ``msgspec.ValidationError`` from a typed decoder passes through."""
    try:
        value: Any = (decoder or _any_decoder).decode(raw)
    except RecursionError:
        raise JsonRejected("invalid_json", f"JSON nested too deeply (at most {MAX_DEPTH} levels).") from None
    except UnicodeDecodeError:
        raise JsonRejected("invalid_encoding", "The body is not valid UTF-8.") from None
    except msgspec.ValidationError:
        raise
    except msgspec.DecodeError as exc:
        raise JsonRejected("invalid_json", str(exc)) from None
    check(raw, value)
    result: T = value
    return result


def check(raw: bytes, value: Any) -> None:
    """Raise ``JsonRejected`` if ``value`` (decoded from ``raw``) nests too deep or holds NUL."""
    has_nul = NUL_ESCAPE in raw and _has_nul_escape(raw)
    if not has_nul and raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]  # (value, where, containers around it + 1)
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH and isinstance(item, dict | list | tuple | msgspec.Struct):
            raise JsonRejected("invalid_json", f"JSON nested too deeply (at most {MAX_DEPTH} levels).")
        if isinstance(item, str):
            if "\x00" in item:
                raise JsonRejected("invalid_text", "Text must not contain NUL (\\u0000) characters.", path or None)
        elif isinstance(item, dict):
            for key, child in item.items():
                name = f"{path}.{key}" if path else str(key)
                if "\x00" in str(key):
                    raise JsonRejected("invalid_text", "Field names must not contain NUL characters.", path or None)
                stack.append((child, name, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        elif isinstance(item, msgspec.Struct):
            for field in item.__struct_fields__:
                stack.append((getattr(item, field), f"{path}.{field}" if path else field, depth + 1))


def _has_nul_escape(raw: bytes) -> bool:
    """``\\u0000`` preceded by an even number of backslashes (``\\\\u0000`` is the text
    ``\\u0000``, harmless)."""
    start = raw.find(NUL_ESCAPE)
    while start != -1:
        backslashes = 0
        while start - backslashes - 1 >= 0 and raw[start - backslashes - 1] == 0x5C:
            backslashes += 1
        if backslashes % 2 == 0:
            return True
        start = raw.find(NUL_ESCAPE, start + 1)
    return False
