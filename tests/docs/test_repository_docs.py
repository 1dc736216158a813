"""The README and docs/ stand on their own in a clone: every link points inside the
repository at something that exists, and the API reference is linked from the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>]+)>")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def _prose(path: Path) -> str:
    """The document without its code (addresses in code are examples, not links)."""
    return CODE.sub("", path.read_text())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_links_stay_inside_the_repository_and_resolve(path: Path) -> None:
    prose = _prose(path)
    assert "http://" not in prose, f"{path.name}: a web address outside code"
    assert "https://" not in prose, f"{path.name}: a web address outside code"
    for match in LINK.finditer(prose):
        target = match.group(1) or match.group(2)
        if target.startswith("#"):
            continue
        assert not target.startswith(("http:", "https:", "//", "mailto:")), f"{path.name}: {target}"
        resolved = (path.parent / target.split("#", 1)[0]).resolve()
        assert resolved.is_relative_to(ROOT), f"{path.name}: {target} leaves the repository"
        assert resolved.exists(), f"{path.name}: {target} does not exist"


def test_the_readme_points_to_the_api_reference() -> None:
    assert "](docs/api.md)" in (ROOT / "README.md").read_text()
    reference = (ROOT / "docs" / "api.md").read_text()
    for served in ("/schema/openapi.json", "/schema/asyncapi.json", "/schema"):
        assert served in reference
