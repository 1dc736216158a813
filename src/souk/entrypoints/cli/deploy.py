"""``souk deploy nginx-balancer``: the nginx configuration of the load balancer in front of
any number of ``souk serve`` processes (the README's Production section, rehearsed by
``tests/rehearsal``)."""

from __future__ import annotations

from pathlib import Path

import click

from souk.entrypoints.http.keep_alive import BALANCER_IDLE_S

# A socket is closed by Souk after 75 s of silence (clients beat every ~25 s): the balancer
# must wait longer than that for a frame before it gives up on an upgraded connection.
WEBSOCKET_IDLE_S = 90
MAX_UPLOAD_MB = 512  # the largest video Souk accepts (500 MB) through embedded storage's upload URL


@click.group("deploy")
def deploy() -> None:
    """Configuration for a multi-host deployment."""


@deploy.command("nginx-balancer")
@click.option(
    "--server",
    "servers",
    multiple=True,
    required=True,
    metavar="HOST:PORT",
    help="a `souk serve` address (repeat for each process or host)",
)
@click.option("--listen", default="80", show_default=True, help="what the balancer listens on ([address:]port)")
@click.option(
    "--run-dir",
    type=click.Path(path_type=Path),
    default=Path("souk-balancer"),
    show_default=True,
    help="pid file, logs and nginx's temporary files",
)
def nginx_balancer(servers: tuple[str, ...], listen: str, run_dir: Path) -> None:
    """Print a complete nginx.conf balancing HTTP and WebSocket traffic over the servers.

    Run it with: souk deploy nginx-balancer --server 10.0.0.11:8000 --server 10.0.0.12:8000
    > souk-balancer.conf && nginx -c "$PWD/souk-balancer.conf". Set SOUK_TRUSTED_PROXIES on
    every server to the balancer's address so per-IP limits and URLs see the real client.
    """
    click.echo(render_balancer_config(list(servers), listen, run_dir.absolute()), nl=False)


def render_balancer_config(servers: list[str], listen: str, run_dir: Path) -> str:
    upstream = "\n".join(f"        server {server} max_fails=3 fail_timeout=10s;" for server in servers)
    return f"""worker_processes auto;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;

    # WebSocket upgrades pass through; any other request keeps its upstream connection alive.
    map $http_upgrade $souk_connection {{
        default upgrade;
        ""      "";
    }}

    upstream souk {{
        # No sticky sessions needed: state shared by every server lives in PostgreSQL and Redis.
        least_conn;
{upstream}
        keepalive 64;
        keepalive_timeout {BALANCER_IDLE_S}s;  # shorter than the servers' own (keep_alive.py)
    }}

    server {{
        listen {listen};
        client_max_body_size {MAX_UPLOAD_MB}m;
        proxy_request_buffering off;  # uploads stream through to the server that checks them

        location / {{
            proxy_pass http://souk;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $souk_connection;
            # What the client called and who the client is: Souk believes these only from
            # SOUK_TRUSTED_PROXIES (absolute URLs, per-IP limits).
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Request-ID $request_id;
            proxy_connect_timeout 5s;
            proxy_send_timeout {WEBSOCKET_IDLE_S}s;
            proxy_read_timeout {WEBSOCKET_IDLE_S}s;
            proxy_buffering off;  # WebSocket frames and long answers go out as they come
            # A server that refuses or fails to connect: the request tries the next one.
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""
