"""How one setting is declared, parsed, checked, masked and reported.

Parsing uses msgspec's lax conversion (``strict=False`` turns ``"20"`` into ``20`` and
``"true"`` into ``True`` and refuses ``"ture"``): msgspec is already how Souk decodes every
wire value, so settings need no second validation library (pydantic-settings would bring
pydantic into the runtime for some forty environment variables).
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(ValueError):
    """Bad configuration: one line per bad variable, naming it, the problem and the expected form."""


class Problem(Exception):
    def __init__(self, problem: str, expected: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.expected = expected


Parse = Callable[[str], Any]
Check = Callable[[Any], None]


@dataclass(frozen=True)
class Declared:
    group: str
    doc: str
    default_doc: str | None = None
    secret: bool = False
    min_length: int = 0
    parse: Parse | None = None
    check: Check | None = None
    upper: bool = False


def setting(
    default: Any,
    group: str,
    doc: str,
    *,
    default_doc: str | None = None,
    secret: bool = False,
    min_length: int = 0,
    parse: Parse | None = None,
    check: Check | None = None,
    upper: bool = False,
) -> Any:
    """A settings field: its default, written here once, and how it is read."""
    declared = Declared(group, doc, default_doc, secret, min_length, parse, check, upper)
    return field(default=default, metadata={"setting": declared})


def declared(f: Field[Any]) -> Declared:
    value = f.metadata["setting"]
    assert isinstance(value, Declared)
    return value


def env_name(f: Field[Any]) -> str:
    return f"SOUK_{f.name.upper()}"


# -- reading


def read_all(cls: type, env: Mapping[str, str]) -> dict[str, Any]:
    """The values set in ``env``, parsed and checked; every bad one reported at once."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for f in fields(cls):
        name = env_name(f)
        raw = env.get(name)
        if raw is None:
            continue
        try:
            value = read_one(f, raw)
        except Problem as problem:
            errors.append(f"{name}={shown(f, raw)}: {problem.problem}; expected {problem.expected}")
            continue
        if value is not None:  # an empty variable means its default
            values[f.name] = value
    if errors:
        raise SettingsError("\n".join(errors))
    return values


def read_one(f: Field[Any], raw: str) -> Any:
    meta = declared(f)
    text = raw.strip()
    if meta.upper:
        text = text.upper()
    if text == "":
        return None
    value = meta.parse(text) if meta.parse is not None else _by_type(str(f.type), text)
    if meta.secret and len(text) < meta.min_length:
        raise Problem(
            f"too short ({len(text)} characters)",
            f"at least {meta.min_length} random characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`",
        )
    if meta.check is not None:
        meta.check(value)
    return value


def _by_type(kind: str, text: str) -> Any:
    base = kind.removesuffix(" | None")
    if base == "int":
        return _convert(text, int, "not a whole number", "a whole number, e.g. 20")
    if base == "float":
        return _convert(text, float, "not a number", "a number, e.g. 2.5")
    if base == "bool":
        lowered = {"yes": "true", "on": "true", "no": "false", "off": "false"}.get(text.lower(), text.lower())
        return _convert(lowered, bool, "not a boolean", "true or false (also 1/0, yes/no, on/off)")
    if base == "Path":
        return Path(text)
    return text


def _convert(text: str, kind: type, problem: str, expected: str) -> Any:
    try:
        return msgspec.convert(text, kind, strict=False)
    except msgspec.ValidationError:
        raise Problem(problem, expected) from None


def shown(f: Field[Any], raw: str) -> str:
    """A value as it may appear in an error or ``souk config``: secrets never, URL passwords masked."""
    if declared(f).secret:
        return "<secret>"
    return mask_url(raw)


def mask_url(raw: str) -> str:
    try:
        parts = urlsplit(raw)
    except ValueError:
        return raw
    if parts.password is None:
        return raw
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:***@{host}").geturl()


def unknown_names(env: Mapping[str, str], known: tuple[str, ...]) -> list[str]:
    """One warning per ``SOUK_*`` variable no setting reads, with the closest known name."""
    warnings = []
    for name in sorted(env):
        if not name.startswith("SOUK_") or name in known or name.startswith("SOUK_TEST_"):
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        warnings.append(f"{name} is not a Souk setting and is ignored{hint}")
    return warnings


# -- parsers and checks


def database_url(text: str) -> str:
    for plain in ("postgres://", "postgresql://", "postgresql+asyncpg://"):
        if text.startswith(plain):
            return "postgresql+asyncpg://" + text.removeprefix(plain)
    if text.startswith("sqlite+aiosqlite://"):
        return text
    if text.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + text.removeprefix("sqlite://")
    scheme = text.split("://", 1)[0] if "://" in text else "none"
    raise Problem(f"unsupported database `{scheme}`", "postgresql://user@host/db or sqlite:///path/souk.db")


def redis_url(text: str) -> str:
    if urlsplit(text).scheme in {"redis", "rediss", "unix"} and "://" in text:
        return text
    raise Problem("not a Redis URL", "redis://host:6379/0 (or rediss://, unix://)")


def http_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme in {"http", "https"} and parts.netloc:
        return text
    raise Problem("not an http(s) URL", "http://host[:port][/path] or https://…")


def rtmp_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme in {"rtmp", "rtmps"} and parts.netloc:
        return text
    raise Problem("not an RTMP URL", "rtmp://host:1935/app")


def networks(text: str) -> tuple[IpNetwork, ...]:
    found = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise Problem(
                f"`{part}` is not an address or CIDR", "comma-separated addresses/CIDRs, e.g. 10.0.0.0/8, 192.168.1.1"
            ) from None
    return tuple(found)


def comma_list(text: str) -> tuple[str, ...]:
    """Comma-separated words or phrases (blanks dropped)."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def at_least(minimum: float) -> Check:
    def check(value: Any) -> None:
        size = len(value) if isinstance(value, str) else value
        if size < minimum:
            what = f"at least {minimum:g} characters" if isinstance(value, str) else f"a value ≥ {minimum:g}"
            raise Problem("too small", what)

    return check


def one_of(*choices: str) -> Check:
    def check(value: Any) -> None:
        if value not in choices:
            raise Problem("not a known value", "one of " + ", ".join(choices))

    return check


# -- describing


def default_text(f: Field[Any]) -> str:
    meta = declared(f)
    if meta.default_doc is not None:
        return meta.default_doc
    value = f.default if f.default is not MISSING else None
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`"


def effective_text(f: Field[Any], value: Any) -> str:
    meta = declared(f)
    if meta.secret:
        return f"<set, {len(value)} characters>" if value else "<unset>"
    if value is None or value == () or value == "":
        return "<unset>"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return mask_url(str(value))
