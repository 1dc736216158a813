"""Without ``SOUK_PUBLIC_BASE_URL``, absolute URLs point where the client called: the port
``souk serve`` was started on (not 8000), the Host the client used, and behind a trusted
proxy the forwarded scheme and host — never a forwarded header from anyone else."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx

from tests.e2e.test_real_server import SOUK, clean_env, running_server
from tests.support import unique

PASSWORD = "plum kettle orbit saffron"


def _upload_url(base: str, headers: dict[str, str] | None = None) -> str:
    name = unique("url")
    body = {"username": name, "password": PASSWORD, "display_name": "U", "email": f"{name}@example.com"}
    token = httpx.post(f"{base}/api/v1/auth/register", json=body).json()["tokens"]["access_token"]
    files = [{"content_type": "image/png", "size_bytes": 100, "filename": "a.png"}]
    answer = httpx.post(
        f"{base}/api/v1/media/upload-url",
        json={"kind": "image", "files": files},
        headers={"Authorization": f"Bearer {token}", **(headers or {})},
    )
    assert answer.status_code == 201, answer.text
    url: str = answer.json()["uploads"][0]["url"]
    return url


def test_upload_urls_use_the_address_the_client_called(tmp_path: Path) -> None:
    env = clean_env(SOUK_RATE_LIMIT_SCALE="100", SOUK_TRUSTED_PROXIES="10.9.9.9")  # not this client
    with running_server(tmp_path, env) as base:
        port = base.rsplit(":", 1)[1]
        assert port != "8000"
        assert _upload_url(base).startswith(f"http://127.0.0.1:{port}/api/v1/media/uploads/")
        named = _upload_url(base, {"Host": f"shop.example:{port}"})
        assert named.startswith(f"http://shop.example:{port}/api/v1/media/uploads/")
        spoofed = _upload_url(base, {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
        assert spoofed.startswith(f"http://127.0.0.1:{port}/")  # not from a trusted proxy: ignored
        uploaded = httpx.put(_upload_url(base), content=b"\x89PNG\r\n\x1a\n" + b"\0" * 92,
                             headers={"Content-Type": "image/png"})  # fmt: skip
        assert uploaded.status_code in (200, 201, 204), uploaded.text  # the URL really works


def test_behind_a_trusted_proxy_the_forwarded_address_is_used(tmp_path: Path) -> None:
    env = clean_env(SOUK_RATE_LIMIT_SCALE="100", SOUK_TRUSTED_PROXIES="127.0.0.1")
    with running_server(tmp_path, env) as base:
        forwarded = {"X-Forwarded-Host": "api.example.com", "X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"}
        assert _upload_url(base, forwarded).startswith("https://api.example.com/api/v1/media/uploads/")


def test_generated_hooks_use_the_address_souk_serve_was_started_on(tmp_path: Path) -> None:
    env = clean_env(SOUK_DATA_DIR=str(tmp_path / "data"), SOUK_INGEST_SECRET="hook-secret-for-tests")
    printed = subprocess.run(
        [*SOUK, "ingest", "nginx-config", "--host", "0.0.0.0", "--port", "8123"],  # noqa: S104
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    assert "on_publish http://127.0.0.1:8123/api/v1/ingest/rtmp/publish?secret=hook-secret-for-tests;" in printed.stdout
    configured = subprocess.run(
        [*SOUK, "ingest", "nginx-config", "--port", "8123"],
        cwd=tmp_path, env={**env, "SOUK_PUBLIC_BASE_URL": "https://api.example.com"},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "on_publish https://api.example.com/api/v1/ingest/rtmp/publish?" in configured.stdout
