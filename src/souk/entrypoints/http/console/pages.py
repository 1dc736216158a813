"""How the console answers: pages and fragments rendered from ``templates/`` (Jinja2,
autoescaped), and the template configuration the app installs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar.datastructures import Cookie
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig

TEMPLATES = Path(__file__).with_name("templates")
HTMX_DIR = Path(__file__).parent.parent / "static" / "htmx"
HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True, default_for_string=True)
    )
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def page(name: str, status_code: int = 200, cookies: list[Cookie] | None = None, **context: Any) -> Template:
    return Template(template_name=name, context=context, status_code=status_code, headers=HEADERS, cookies=cookies)
