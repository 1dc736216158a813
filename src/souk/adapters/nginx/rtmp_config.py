"""``souk ingest nginx-config``: a complete nginx configuration for nginx-rtmp that calls
Souk's ingest hooks, writes HLS where ``SOUK_HLS_BASE_URL`` serves it, and records.

Why each hook is there: ``on_publish`` authorises the key and renames the push to the
public stream id (a 3xx ``Location`` becomes the stream name, so HLS files and recordings
never carry the key); ``on_publish_done`` starts the reconnect window; ``on_update`` asks
every few seconds whether the stream is still live, so a push outliving its stream is
dropped; ``on_record_done`` hands the recording to the replay pipeline. HLS is served
only under signed, expiring paths (``secure_link``; see ``playback``), so a stream id alone
plays nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from souk.application.ports.ingest_server_config import IngestServerConfig
from souk.application.streams.config import (
    INGEST_HOOKS_PATH,
    PUBLISH_DONE_HOOK,
    PUBLISH_HOOK,
    RECORD_DONE_HOOK,
    UPDATE_HOOK,
    LiveConfig,
)

DEFAULT_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"


@dataclass(frozen=True, slots=True)
class NginxLayout:
    run_dir: Path  # pid file and logs
    module_path: str | None = DEFAULT_MODULE  # None when the nginx build has RTMP compiled in
    update_every_s: int = 10
    # "user group" nginx's workers run as: the owner of the HLS and recording folders, so
    # they can write there whoever starts nginx (a root master's workers are otherwise
    # `nobody`). Ignored, with a warning, by an nginx not started as root: its workers then
    # run as whoever started it, who must own the folders.
    user: str | None = None


def render_nginx_config(config: LiveConfig, layout: NginxLayout) -> str:
    rtmp = urlsplit(config.rtmp_url)
    app = rtmp.path.strip("/").split("/")[0] or "live"
    hls = urlsplit(config.hls_base_url)
    hls_prefix = "/" + hls.path.strip("/") if hls.path.strip("/") else ""
    hooks = config.hooks_base_url.rstrip("/") + INGEST_HOOKS_PATH
    secret = f"?secret={config.ingest_secret}"
    load = f"load_module {layout.module_path};\n" if layout.module_path else ""
    load += f"user {layout.user};\n" if layout.user else ""
    signed = (
        f"^{hls_prefix}/(?<souk_token>[A-Za-z0-9_-]{{22}})/(?<souk_expires>[0-9]{{1,12}})/"
        r"(?<souk_stream>[0-9a-f-]{36})(?<souk_file>\.m3u8|-[0-9]+\.ts)$"
    )
    return rf"""{load}worker_processes 1;
pid {layout.run_dir}/nginx.pid;
error_log {layout.run_dir}/error.log notice;

events {{
    worker_connections 1024;
}}

rtmp {{
    server {{
        listen {rtmp.port or 1935};  # every interface: encoders reach it at SOUK_RTMP_URL
        chunk_size 4096;
        notify_method post;

        application {app} {{
            live on;
            deny play all;  # viewers watch the HLS output

            on_publish {hooks}{PUBLISH_HOOK}{secret};
            on_publish_done {hooks}{PUBLISH_DONE_HOOK}{secret};
            on_update {hooks}{UPDATE_HOOK}{secret};
            notify_update_timeout {layout.update_every_s}s;

            # HLS is cut in a second application fed by this relay: nginx-rtmp's HLS module
            # takes the stream name before on_publish's rename, the relay after it.
            push rtmp://127.0.0.1:{rtmp.port or 1935}/{app}-hls;

            record all;
            record_path {config.record_dir};
            record_suffix .flv;
            record_unique off;
            record_append on;  # a push that reconnects continues the same file
            on_record_done {hooks}{RECORD_DONE_HOOK}{secret};
        }}

        application {app}-hls {{
            live on;
            allow publish 127.0.0.1;
            deny publish all;
            deny play all;

            hls on;
            hls_path {config.hls_dir};
            hls_fragment 2s;
            hls_playlist_length 20s;
            hls_cleanup on;
        }}
    }}
}}

http {{
    access_log off;
    server {{
        listen {hls.port or 80};
        # <token>/<expires>/<stream id>.m3u8 and the segments beside it (403: bad token,
        # 410: expired); nothing is served by stream id alone.
        location ~ "{signed}" {{
            secure_link $souk_token,$souk_expires;
            secure_link_md5 "$souk_expires $souk_stream {config.playback_secret}";
            if ($secure_link = "") {{ return 403; }}
            if ($secure_link = "0") {{ return 410; }}
            alias {config.hls_dir}/$souk_stream$souk_file;
            types {{
                application/vnd.apple.mpegurl m3u8;
                video/mp2t ts;
            }}
            add_header Cache-Control no-cache;
            add_header Access-Control-Allow-Origin *;
        }}
        location {hls_prefix}/ {{
            return 404;
        }}
    }}
}}
"""


class NginxRtmpConfig(IngestServerConfig):
    """``IngestServerConfig`` for nginx-rtmp, from this process's live settings."""

    def __init__(self, config: LiveConfig) -> None:
        self._config = config

    def render(
        self,
        run_dir: Path,
        module_path: str | None = None,
        *,
        built_in: bool = False,
        user: str | None = None,
        hooks_base_url: str | None = None,
    ) -> str:
        module = None if built_in else (module_path or DEFAULT_MODULE)
        config = replace(self._config, hooks_base_url=hooks_base_url) if hooks_base_url else self._config
        return render_nginx_config(config, NginxLayout(run_dir, module, user=user))
