"""The real pieces: nginx-rtmp configured by Souk, a real ffmpeg push, real HLS."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import httpx
import pytest
from dishka import AsyncContainer

from souk.application.ports.stream_repository import StreamReader
from souk.application.streams.config import LiveConfig
from souk.application.streams.playback import playback_token
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.rtmp_support import nginx_running, push, rtmp_setup, stop
from tests.e2e.ws_support import serving
from tests.support import unique

T = TypeVar("T")


async def eventually(probe: Callable[[], Awaitable[T | None]], timeout: float = 20.0, every: float = 0.25) -> T:
    async with asyncio.timeout(timeout):
        while (value := await probe()) is None:
            await asyncio.sleep(every)
    return value


async def seller_with_stream(http: httpx.AsyncClient, **settings: Any) -> tuple[dict[str, str], str]:
    body = {
        "username": unique("live"),
        "password": "plum kettle orbit saffron",
        "display_name": "L",
        "email": f"{unique()}@x.io",
    }
    auth = (await http.post("/api/v1/auth/register", json=body)).json()
    headers = {"Authorization": f"Bearer {auth['tokens']['access_token']}"}
    product = {
        "title": "Vintage camera",
        "price": {"amount": 9900, "currency": "EUR"},
        "category_id": (await http.get("/api/v1/categories")).json()[0]["children"][0]["id"],
        "condition": "good",
        "feed_type": "discover",
    }
    pid = (await http.post("/api/v1/products", json=product, headers=headers)).json()["id"]
    stream = (
        await http.post("/api/v1/streams", json={"title": "On air", "product_ids": [pid]}, headers=headers)
    ).json()
    if settings:
        await http.patch(f"/api/v1/streams/{stream['id']}/settings", json=settings, headers=headers)
    return headers, stream["id"]


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_real_push_goes_live_plays_as_hls_and_ends_when_it_stops(postgres_settings: Settings) -> None:
    setup = rtmp_setup(postgres_settings, reconnect_window_s=2.0)
    app = create_app(setup.settings)
    async with (
        serving(app) as address,
        httpx.AsyncClient(base_url=f"http://{address}") as http,
        nginx_running(setup, address),
    ):
        headers, sid = await seller_with_stream(http)
        live = (await http.post(f"/api/v1/streams/{sid}/go-live", headers=headers)).json()
        key, rtmp_url, playback = live["ingest"]["stream_key"], live["ingest"]["rtmp_url"], live["playback_url"]
        assert rtmp_url == setup.settings.rtmp_url

        wrong = await push(f"{rtmp_url}/sk_not-a-key", seconds=20)
        assert await asyncio.wait_for(wrong.wait(), 15) != 0  # refused: ffmpeg gives up

        pusher = await push(f"{rtmp_url}/{key}")
        try:

            async def receiving() -> dict[str, Any] | None:
                stream = (await http.get(f"/api/v1/streams/{sid}")).json()
                return stream if stream["ingest_state"] == "receiving" else None

            await eventually(receiving)

            async def playlist() -> str | None:
                response = await http.get(playback)
                return response.text if response.status_code == 200 and "#EXTINF" in response.text else None

            text = await eventually(playlist, timeout=30)
            assert text.startswith("#EXTM3U")
            await only_signed_urls_play(http, playback, text, sid, setup.config(address))
            files = [p.name for p in (setup.root / "hls").iterdir()]
            assert files
            assert all(key not in name for name in files)
            assert any(name.startswith(sid) for name in files)
        finally:
            await stop(pusher)

        async def interrupted() -> dict[str, Any] | None:
            stream = (await http.get(f"/api/v1/streams/{sid}")).json()
            return stream if stream["ingest_state"] == "interrupted" or stream["status"] == "ended" else None

        await eventually(interrupted, timeout=10)

        async def ended() -> dict[str, Any] | None:
            stream = (await http.get(f"/api/v1/streams/{sid}")).json()
            return stream if stream["status"] == "ended" else None

        stream = await eventually(ended, timeout=15)
        assert stream["end_reason"] == "ingest_lost"

        late = await push(f"{rtmp_url}/{key}", seconds=20)
        assert await asyncio.wait_for(late.wait(), 15) != 0  # the key died with the stream


async def test_hooks_refuse_a_wrong_secret_and_unknown_keys(sqlite_settings: Settings) -> None:
    setup = rtmp_setup(sqlite_settings)
    app = create_app(setup.settings)
    async with serving(app) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        config = setup.config(address)
        headers, sid = await seller_with_stream(http)
        key = (await http.post(f"/api/v1/streams/{sid}/go-live", headers=headers)).json()["ingest"]["stream_key"]
        form = {"call": "publish", "name": key, "app": "live", "addr": "127.0.0.1", "clientid": "1", "type": "live"}
        hook = "/api/v1/ingest/rtmp/publish"
        for secret in (None, "", "wrong", config.ingest_secret + "x"):
            params = {"secret": secret} if secret is not None else {}
            refused = await http.post(hook, data=form, params=params)
            assert refused.status_code == 401, refused.text
        unknown = await http.post(hook, data={**form, "name": "sk_nope"}, params={"secret": config.ingest_secret})
        assert (unknown.status_code, unknown.json()["code"]) == (403, "unknown_stream_key")
        accepted = await http.post(hook, data=form, params={"secret": config.ingest_secret})
        assert (accepted.status_code, accepted.headers["location"]) == (302, sid)
        update = await http.post("/api/v1/ingest/rtmp/update", data=form, params={"secret": config.ingest_secret})
        assert update.status_code == 204
        await http.post(f"/api/v1/streams/{sid}/end", headers=headers)
        after = await http.post("/api/v1/ingest/rtmp/update", data=form, params={"secret": config.ingest_secret})
        assert after.status_code == 403  # nginx drops a push that outlives its stream
        again = await http.post(hook, data=form, params={"secret": config.ingest_secret})
        assert again.status_code == 403


async def test_a_recorded_stream_becomes_its_replay(sqlite_settings: Settings) -> None:
    setup = rtmp_setup(sqlite_settings, reconnect_window_s=60.0)
    app = create_app(setup.settings)
    async with (
        serving(app) as address,
        httpx.AsyncClient(base_url=f"http://{address}") as http,
        nginx_running(setup, address),
    ):
        headers, sid = await seller_with_stream(http, record_stream=True)
        live = (await http.post(f"/api/v1/streams/{sid}/go-live", headers=headers)).json()
        key = live["ingest"]["stream_key"]
        pusher = await push(f"{live['ingest']['rtmp_url']}/{key}", seconds=4)
        assert await asyncio.wait_for(pusher.wait(), 30) == 0

        async def interrupted() -> dict[str, Any] | None:
            stream = (await http.get(f"/api/v1/streams/{sid}")).json()
            return stream if stream["ingest_state"] == "interrupted" else None

        await eventually(interrupted)
        ended = await http.post(f"/api/v1/streams/{sid}/end", headers=headers)
        assert ended.status_code == 200, ended.text

        async def replay() -> dict[str, Any] | None:
            stream = (await http.get(f"/api/v1/streams/{sid}")).json()
            return stream["replay"] if stream["replay"] and stream["replay"]["hls_url"] else None

        shown = await eventually(replay, timeout=90, every=0.5)
        assert 3.0 <= shown["duration_s"] <= 6.0
        master = await http.get(urlsplit(shown["hls_url"]).path)  # served by Souk (embedded storage)
        assert master.status_code == 200
        assert "#EXT-X-STREAM-INF" in master.text
        assert list((setup.root / "recordings").iterdir()) == []  # imported, then removed
        container: AsyncContainer = app.state.dishka_container
        async with container() as request:
            stream = await (await request.get(StreamReader)).get(UUID(sid))
        assert stream is not None
        assert stream.recording_path is not None
        assert sid in stream.recording_path  # named by the public id after the rename, never the key
        assert key not in stream.recording_path


async def test_a_recording_nginx_could_not_write_is_logged_not_silently_lost(
    sqlite_settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    """Folders nginx's workers cannot write (a configuration without the generated `user`
    line): the stream ends without a recording and Souk says so in its log."""
    import os

    if os.geteuid() != 0:
        pytest.skip("needs root: nginx's workers run as nobody only under a root master")
    setup = rtmp_setup(sqlite_settings, reconnect_window_s=60.0)
    app = create_app(setup.settings)
    async with (
        serving(app) as address,
        httpx.AsyncClient(base_url=f"http://{address}") as http,
        nginx_running(setup, address, as_folder_owner=False),
    ):
        headers, sid = await seller_with_stream(http, record_stream=True)
        live = (await http.post(f"/api/v1/streams/{sid}/go-live", headers=headers)).json()
        pusher = await push(f"{live['ingest']['rtmp_url']}/{live['ingest']['stream_key']}", seconds=3)
        assert await asyncio.wait_for(pusher.wait(), 30) == 0

        async def interrupted() -> dict[str, Any] | None:
            stream = (await http.get(f"/api/v1/streams/{sid}")).json()
            return stream if stream["ingest_state"] == "interrupted" else None

        await eventually(interrupted)
        await asyncio.sleep(1)  # a record-done call would have come by now
        capfd.readouterr()
        assert (await http.post(f"/api/v1/streams/{sid}/end", headers=headers)).status_code == 200
        assert (await http.get(f"/api/v1/streams/{sid}")).json()["replay"] is None
        logged = capfd.readouterr()
    missing = [line for line in (logged.out + logged.err).splitlines() if "streams.recording_missing" in line]
    assert len(missing) == 1, logged
    assert sid in missing[0]
    assert "SOUK_RECORDING_DIR" in missing[0]


def test_souk_ingest_nginx_config_prints_a_config_nginx_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from souk.bootstrap.cli import BootstrapRuntime
    from souk.entrypoints.cli.main import cli

    rtmp_setup(Settings())  # skips (or fails under CI=true) without nginx-rtmp
    monkeypatch.setenv("SOUK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SOUK_RTMP_URL", "rtmp://live.example.com:1936/live")
    monkeypatch.setenv("SOUK_HLS_BASE_URL", "https://cdn.example.com:8088/hls")
    monkeypatch.setenv("SOUK_INGEST_SECRET", "s3cret-for-hooks")
    monkeypatch.setenv("SOUK_INGEST_HOOKS_URL", "http://10.0.0.5:8000")
    monkeypatch.setenv("SOUK_LOG_LEVEL", "WARNING")
    result = CliRunner().invoke(cli, ["ingest", "nginx-config"], obj=BootstrapRuntime())
    assert result.exit_code == 0, result.output
    conf = result.output
    assert "listen 1936;" in conf
    assert "listen 8088;" in conf
    assert "location /hls/" in conf
    assert "on_publish http://10.0.0.5:8000/api/v1/ingest/rtmp/publish?secret=s3cret-for-hooks;" in conf
    assert "on_record_done http://10.0.0.5:8000/api/v1/ingest/rtmp/record-done?secret=s3cret-for-hooks;" in conf
    assert f"hls_path {(tmp_path / 'data' / 'live' / 'hls').absolute()};" in conf
    path = tmp_path / "souk-rtmp.conf"
    path.write_text(conf)
    checked = subprocess.run(
        ["nginx", "-t", "-c", str(path), "-p", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


async def only_signed_urls_play(
    http: httpx.AsyncClient, playback: str, playlist: str, sid: str, config: LiveConfig
) -> None:
    """Segments play through the playlist's signed path; a stream id alone, a forged token
    or an expired URL play nothing."""
    segment = next(line for line in playlist.splitlines() if line.endswith(".ts"))
    assert (await http.get(playback.rsplit("/", 1)[0] + "/" + segment)).status_code == 200
    base = config.hls_base_url.rstrip("/")
    assert (await http.get(f"{base}/{sid}.m3u8")).status_code == 404
    token, expires = playback.removeprefix(base + "/").split("/")[:2]
    forged = playback.replace(token, playback_token("guessed", UUID(sid), int(expires)))
    assert (await http.get(forged)).status_code == 403
    other = playback.replace(sid, str(uuid4()))  # another stream's id under this token
    assert (await http.get(other)).status_code == 403
    past = int(time.time()) - 60
    expired = f"{base}/{playback_token(config.playback_secret, UUID(sid), past)}/{past}/{sid}.m3u8"
    assert (await http.get(expired)).status_code == 410
