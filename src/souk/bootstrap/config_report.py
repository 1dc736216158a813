"""``souk config`` and the README's configuration table, both from the settings declaration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from souk.bootstrap.setting_values import declared, default_text, effective_text, env_name, unknown_names
from souk.bootstrap.settings import Settings, setting_names

GROUP_TITLES = {
    "storage": "Storage",
    "database": "Database",
    "redis": "Redis",
    "auth": "Accounts, tokens and keys",
    "http": "HTTP",
    "logging": "Logging and error reports",
    "notifications": "Notifications (SMS, push)",
    "presence": "Presence",
    "media": "Media",
    "jobs": "Jobs",
    "fees": "Fees",
    "payments": "Payments",
    "live": "Live streams",
    "moderation": "Moderation",
}


def groups() -> dict[str, list[str]]:
    """Field names by concern, in declaration order."""
    found: dict[str, list[str]] = {}
    for f in fields(Settings):
        found.setdefault(declared(f).group, []).append(f.name)
    return found


def effective_lines(settings: Settings, env: Mapping[str, str]) -> list[str]:
    """The effective configuration by concern; secrets masked, URL passwords hidden."""
    by_name = {f.name: f for f in fields(Settings)}
    lines: list[str] = []
    for group, names in groups().items():
        lines.append(f"[{group}]")
        for name in names:
            f = by_name[name]
            value = effective_text(f, getattr(settings, name))
            if env.get(env_name(f), "").strip():
                source = "env"
            elif name == "jwt_secret":
                source = f"kept in {settings.data_dir / 'jwt-secret'}"
            else:
                source = "default"
                described = declared(f).default_doc
                if value == "<unset>" and described:
                    value = f"<{described.strip('`')}>"
            lines.append(f"{env_name(f)} = {value}  ({source})")
        lines.append("")
    for warning in unknown_names(env, setting_names()):
        lines.append(f"# warning: {warning}")
    return lines


def markdown_table() -> str:
    """The README's configuration tables (tests/unit/test_settings.py compares them)."""
    by_name = {f.name: f for f in fields(Settings)}
    out: list[str] = []
    for group, names in groups().items():
        out += [f"#### {GROUP_TITLES[group]}", "", "| variable | default | meaning |", "|---|---|---|"]
        for name in names:
            f = by_name[name]
            out.append(f"| `{env_name(f)}` | {default_text(f)} | {declared(f).doc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def log_unknown_names(env: Mapping[str, str]) -> None:
    """Warn (once per process start) about each ``SOUK_*`` name no setting reads."""
    import structlog

    log = structlog.get_logger("souk.settings")
    for warning in unknown_names(env, setting_names()):
        log.warning("settings.unknown_variable", detail=warning)
