"""A real nginx with the RTMP module, configured by Souk's own config renderer, and a
real ffmpeg pushing a test pattern to it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from souk.adapters.nginx.rtmp_config import DEFAULT_MODULE, NginxLayout, render_nginx_config
from souk.application.streams.config import LiveConfig
from souk.bootstrap.providers.streams import live_config
from souk.bootstrap.settings import Settings
from souk.entrypoints.cli.ingest import folder_owner
from tests.e2e.ws_support import free_port
from tests.services import unavailable

# Owner of the folders nginx writes when the tests run as root: neither root nor `nobody`
# (what a root master's workers are by default), so only the generated `user` line works.
OUTPUT_OWNER = "daemon"


@dataclass(frozen=True, slots=True)
class RtmpSetup:
    settings: Settings  # for the Souk app under test
    root: Path
    rtmp_port: int
    http_port: int

    def config(self, souk_address: str) -> LiveConfig:
        return live_config(replace(self.settings, ingest_hooks_url=f"http://{souk_address}"))


def rtmp_setup(base: Settings, reconnect_window_s: float = 2.0) -> RtmpSetup:
    if shutil.which("nginx") is None or not Path(DEFAULT_MODULE).exists():
        unavailable("nginx with libnginx-mod-rtmp", "nginx or ngx_rtmp_module.so is not installed")
    # No world-writable folders: the generated configuration runs nginx's workers as the
    # owner of the output folders. Run as root, the tests give them to another user (as an
    # operator gives them to the account Souk runs as), so a worker left as root would pass.
    root = Path(tempfile.mkdtemp(prefix="souk-rtmp-", dir="/tmp"))
    root.chmod(0o755)  # traversable, as any parent of a data folder
    for sub in ("hls", "recordings", "run"):
        (root / sub).mkdir(mode=0o755)
    if os.geteuid() == 0:
        owner = pwd.getpwnam(OUTPUT_OWNER)
        for sub in ("hls", "recordings"):
            os.chown(root / sub, owner.pw_uid, owner.pw_gid)
    rtmp_port, http_port = free_port(), free_port()
    settings = replace(
        base,
        rtmp_url=f"rtmp://127.0.0.1:{rtmp_port}/live",
        hls_base_url=f"http://127.0.0.1:{http_port}/hls",
        hls_dir=root / "hls",
        recording_dir=root / "recordings",
        stream_reconnect_window_s=reconnect_window_s,
    )
    return RtmpSetup(settings, root, rtmp_port, http_port)


@asynccontextmanager
async def nginx_running(
    setup: RtmpSetup, souk_address: str, update_every_s: int = 2, *, as_folder_owner: bool = True
) -> AsyncIterator[Path]:
    """``as_folder_owner=False``: the configuration without its ``user`` line (nginx's
    workers then run as ``nobody``), as an operator's hand-written one might be."""
    conf = setup.root / "nginx.conf"
    workers = folder_owner(setup.root / "recordings") if as_folder_owner else None
    layout = NginxLayout(setup.root / "run", DEFAULT_MODULE, update_every_s, user=workers)
    conf.write_text(render_nginx_config(setup.config(souk_address), layout))
    process = await asyncio.create_subprocess_exec(
        "nginx", "-c", str(conf), "-p", str(setup.root), "-g", "daemon off;",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await _wait_for_port(setup.rtmp_port, process)
        yield conf
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        await process.wait()
        if os.environ.get("SOUK_KEEP_RTMP") is None:
            shutil.rmtree(setup.root, ignore_errors=True)


async def _wait_for_port(port: int, process: asyncio.subprocess.Process) -> None:
    for _ in range(100):
        if process.returncode is not None:
            err = await process.stderr.read() if process.stderr else b""
            raise RuntimeError(f"nginx exited: {err.decode(errors='replace')}")
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        await asyncio.sleep(0.05)
    raise RuntimeError("nginx did not start listening")


async def push(url: str, seconds: float | None = None) -> asyncio.subprocess.Process:
    """ffmpeg pushing a test pattern with sound in real time (a keyframe each second)."""
    limit = ["-t", str(seconds)] if seconds else []
    return await asyncio.create_subprocess_exec(
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-f", "lavfi", "-i", "sine",
        *limit, "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-c:a", "aac", "-f", "flv", url,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )  # fmt: skip


async def stop(process: asyncio.subprocess.Process) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    await process.wait()
