"""Settings from ``SOUK_*`` environment variables: one typed, validated object. No
configuration means the embedded deployment: SQLite, in-process bus and limiter, everything
under ``SOUK_DATA_DIR``.

Each setting is declared once below — its type, its default, its concern (group), its
meaning and its checks — and everything else is derived from that declaration: parsing,
the one-line errors at start, the warning for a misspelt ``SOUK_*`` name, ``souk config``
and the README's configuration table (tests/unit/test_settings.py keeps it in step).
Attribute access stays flat (``settings.db_pool_size``); the concern is what groups them
in ``souk config`` and the README.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from souk.application.media.settings import TRANSCODE_TIMEOUT_S
from souk.application.request_origin import PublicBaseUrl
from souk.application.streams.config import RECONNECT_WINDOW_S
from souk.bootstrap.setting_values import (
    IpNetwork,
    SettingsError,
    at_least,
    comma_list,
    database_url,
    http_url,
    networks,
    one_of,
    redis_url,
    rtmp_url,
    setting,
)

__all__ = ["IpNetwork", "Settings", "SettingsError", "parse_networks"]

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    # -- storage
    data_dir: Path = setting(Path("souk-data"), "storage", "embedded data: SQLite file, generated JWT secret")
    # -- database
    database_url: str = setting(
        "",
        "database",
        "`postgresql://…` (asyncpg) or `sqlite://…`",
        default_doc="`sqlite+aiosqlite:///$SOUK_DATA_DIR/souk.db`",
        parse=database_url,
    )
    auto_migrate: bool = setting(
        True, "database", "migrate on `serve` and CLI start", default_doc="`true` on SQLite, `false` otherwise"
    )
    db_pool_size: int = setting(
        20,
        "database",
        "connections in each of a process's two pools (writes; autocommit reads), opened on demand and kept;"
        " no overflow (see [Database pools](#database-pools))",
        check=at_least(1),
    )
    db_pool_timeout_s: float = setting(
        5.0,
        "database",
        "longest wait for a pooled connection (and, on SQLite, for the write lock) before the request is"
        " answered `busy`",
        check=at_least(0.01),
    )
    search_cache_pages: int = setting(
        1024,
        "database",
        "search pages each process keeps (PostgreSQL; ~40 KiB per 20-listing page), answered again while"
        " nothing they show has changed (the catalog's generation, moved by every catalog write); 0 turns the"
        " cache off",
        check=at_least(0),
    )
    outbox_retention_h: float = setting(
        24.0,
        "database",
        "how long outbox events are kept once published and consumed by the notification consumer; a"
        " process whose Redis subscription lapsed longer than this gets back only what is left (clients"
        " `sync` the rest); unpublished or unconsumed events are never deleted",
        check=at_least(1),
    )
    debug_pool_guard: bool = setting(
        False,
        "database",
        "debugging: log `POOL GUARD VIOLATION` with both stacks when a task takes a second connection of a pool"
        " it holds one of (the test suite runs with it); off costs nothing",
    )
    # -- redis
    redis_url: str | None = setting(
        None,
        "redis",
        "Redis for rate limits, caches, the event bus, presence, tickets and the job queue; unset = in process"
        " (while it is away, rate limits and caches fall back: see [Failure behaviour](#failure-behaviour))",
        parse=redis_url,
        default_doc="unset",
    )
    # -- auth
    jwt_secret: str = setting(
        "",
        "auth",
        "HS256 signing key (other keys are derived from it: see `souk/bootstrap/keys.py`)",
        default_doc="generated into the data dir",
        secret=True,
        min_length=32,
    )
    jwt_issuer: str = setting("souk", "auth", "`iss` of access tokens", check=at_least(1))
    jwt_audience: str = setting("souk-api", "auth", "`aud` of access tokens", check=at_least(1))
    location_secret: str = setting(
        "",
        "auth",
        "key of the public points of places (see Security model); keep it stable: stored public points were"
        " made with it, and a new key gives the same place a second public point",
        default_doc="derived from the JWT secret",
        secret=True,
        min_length=32,
    )
    access_token_ttl_s: int = setting(
        900,
        "auth",
        "access-token lifetime (15 min); also how long each process remembers an ended session",
        check=at_least(1),
    )
    realtime_ticket_ttl_s: int = setting(
        30,
        "auth",
        "lifetime of a single-use `/ws?ticket=` (`POST /api/v1/realtime/ticket`)",
        check=at_least(1),
    )
    argon2_memory_kib: int = setting(
        19456, "auth", "argon2id memory cost (OWASP's floor); raise, never lower, in production", check=at_least(8)
    )
    argon2_time_cost: int = setting(2, "auth", "argon2id time cost", check=at_least(1))
    argon2_parallelism: int = setting(1, "auth", "argon2id parallelism", check=at_least(1))
    rate_limit_scale: int = setting(
        1, "auth", "multiplies every auth rate-limit budget (load tests, demos)", check=at_least(1)
    )
    # -- http
    public_base_url: str = setting(
        "",
        "http",
        "how clients reach this server (embedded upload and media URLs, ingest hooks)",
        parse=http_url,
        default_doc="each request's own address (forwarded headers from `SOUK_TRUSTED_PROXIES` only)",
    )
    listen_url: str = setting(
        "http://127.0.0.1:8000",
        "http",
        "where `souk serve` listens (it sets this from `--host/--port`): URLs made outside a request and the"
        " generated ingest hooks use it when `SOUK_PUBLIC_BASE_URL` is unset",
        parse=http_url,
    )
    trusted_proxies: tuple[IpNetwork, ...] = setting(
        (),
        "http",
        "comma-separated addresses/CIDRs whose `X-Forwarded-For` is believed; empty = the socket peer is the"
        " client and `souk serve` turns uvicorn's proxy headers off",
        parse=networks,
        default_doc="empty",
    )
    # -- logging
    log_format: str = setting(
        "auto",
        "logging",
        "`json`, `console`, or `auto` (console on a terminal, JSON otherwise)",
        check=one_of("auto", "json", "console"),
    )
    log_level: str = setting(
        "INFO",
        "logging",
        "root log level (database drivers stay at `WARNING`: their lower lines carry bound values)",
        check=one_of(*_LOG_LEVELS),
        upper=True,
    )
    access_log: bool = setting(True, "logging", "one structured line per HTTP request (with its request id)")
    oidc_google_client_ids: str = setting(
        "",
        "auth",
        "comma-separated OAuth client ids (iOS, Android, web) Google ID tokens must be issued to; empty: Google"
        " sign-in off (404 `oidc_provider_not_configured`)",
        default_doc="empty (off)",
    )
    oidc_google_issuer: str = setting(
        "https://accounts.google.com", "auth", "Google's issuer (discovery and JWKS are read under it)", parse=http_url
    )
    oidc_apple_client_ids: str = setting(
        "",
        "auth",
        "comma-separated Services/App ids Apple ID tokens must be issued to; empty: Apple sign-in off",
        default_doc="empty (off)",
    )
    oidc_apple_issuer: str = setting(
        "https://appleid.apple.com", "auth", "Apple's issuer (discovery and JWKS are read under it)", parse=http_url
    )
    oidc_google_web_client_id: str | None = setting(
        None, "auth", "Google OAuth client for the web flow (authorization code + PKCE)", default_doc="unset (off)"
    )
    oidc_google_web_client_secret: str | None = setting(
        None, "auth", "its client secret", secret=True, default_doc="unset"
    )
    oidc_apple_web_client_id: str | None = setting(
        None, "auth", "Apple Services id for the web flow", default_doc="unset (off)"
    )
    oidc_apple_web_client_secret: str | None = setting(
        None, "auth", "Apple's client secret (the ES256 JWT made with your team key)", secret=True, default_doc="unset"
    )
    oidc_web_redirect_uris: str = setting(
        "",
        "auth",
        "comma-separated exact redirect URIs web sign-in may return to (registered with the providers)",
        default_doc="empty (web flow refused)",
    )
    ip_places_file: Path | None = setting(
        None,
        "auth",
        "CSV of `cidr,place` lines (e.g. a GeoLite export) naming the coarse place of each sign-in in the"
        " session list; addresses in no range show `unknown` (private ones `local network`). Looked up locally only",
        default_doc="unset (`unknown`)",
    )
    # -- notifications
    sms_outbox: Path | None = setting(
        None,
        "notifications",
        "file that gets one JSON line per SMS (development, staging). Embedded: texts also go to the log."
        " PostgreSQL: unset means no texts at all (503 `sms_unavailable`); set, texts go only to the file",
        default_doc="unset",
    )
    twilio_account_sid: str | None = setting(
        None, "notifications", "Twilio account SID: texts go through Twilio (wins over the outbox)", default_doc="unset"
    )
    twilio_auth_token: str | None = setting(
        None, "notifications", "Twilio auth token (with the account SID)", secret=True, default_doc="unset"
    )
    twilio_from: str | None = setting(
        None,
        "notifications",
        "the sender: one of the account's numbers (E.164) or a Messaging Service SID (`MG…`)",
        default_doc="unset",
    )
    twilio_api_base: str = setting("https://api.twilio.com", "notifications", "Twilio's API address", parse=http_url)
    mail_outbox: Path | None = setting(
        None,
        "notifications",
        "file that gets one JSON line per email (`to`, `subject`, `text`, `html`) when no SMTP server is set;"
        " PostgreSQL with neither: no mail (503 `mail_unavailable`). Mail bodies never go to the log",
        default_doc="embedded: `$SOUK_DATA_DIR/mail-outbox.jsonl`; else unset",
    )
    smtp_host: str | None = setting(
        None, "notifications", "SMTP server that sends mail (wins over the outbox)", default_doc="unset"
    )
    smtp_port: int = setting(587, "notifications", "SMTP port", check=at_least(1))
    smtp_security: str = setting(
        "starttls",
        "notifications",
        "`starttls` (submission port), `tls` (implicit TLS, port 465) or `none` (a local relay)",
        check=one_of("starttls", "tls", "none"),
    )
    smtp_username: str | None = setting(None, "notifications", "SMTP login", default_doc="unset (no login)")
    smtp_password: str | None = setting(None, "notifications", "SMTP password", secret=True, default_doc="unset")
    mail_from: str = setting("Souk <no-reply@souk.local>", "notifications", "the `From:` of account mail")
    mail_link_base: str | None = setting(
        None,
        "notifications",
        "where mail links point: `<base>/verify-email#token=…`, `<base>/reset-password#token=…` (the app's or"
        " site's pages, which post the token back)",
        parse=http_url,
        default_doc="`SOUK_PUBLIC_BASE_URL`, else the request's address",
    )
    fcm_credentials_file: Path | None = setting(
        None,
        "notifications",
        "Firebase service-account JSON key (`project_id`, `client_email`, `private_key`, `token_uri`)",
        default_doc="unset (log pushes)",
    )
    fcm_endpoint: str = setting("https://fcm.googleapis.com", "notifications", "FCM API base URL", parse=http_url)
    notification_poll_s: float = setting(
        1.0,
        "notifications",
        "how often the notification consumer looks at the outbox when no trigger woke it",
        check=at_least(0.01),
    )
    # -- presence
    presence_ttl_s: float = setting(
        20.0,
        "presence",
        "how long a socket's presence lives in Redis without being renewed: a crashed server's users go"
        " offline this long (plus up to one beat) after the crash",
        check=at_least(1),
    )
    presence_beat_s: float = setting(
        5.0,
        "presence",
        "how often each server renews all its sockets' presence (a Redis script call per 500 sockets) and sweeps"
        " expired ones; at most half of `SOUK_PRESENCE_TTL_S`",
        check=at_least(0.1),
    )
    # -- media
    s3_bucket: str | None = setting(
        None, "media", "set to store media in S3/B2 instead of the local folder", default_doc="unset"
    )
    s3_endpoint_url: str | None = setting(
        None, "media", "e.g. `https://s3.us-west-004.backblazeb2.com`", parse=http_url, default_doc="AWS"
    )
    s3_region: str | None = setting(None, "media", "e.g. `us-west-004`", default_doc="unset")
    s3_access_key_id: str | None = setting(None, "media", "B2 application key id", default_doc="boto3's defaults")
    s3_secret_access_key: str | None = setting(
        None, "media", "B2 application key", default_doc="boto3's defaults", secret=True
    )
    s3_path_style: bool = setting(False, "media", "path-style addressing (`endpoint/bucket/key`)")
    s3_public_url: str | None = setting(
        None,
        "media",
        "public base URL of stored media (CDN)",
        parse=http_url,
        default_doc="endpoint + bucket",
    )
    s3_private_bucket: str | None = setting(
        None,
        "media",
        "bucket for uploaded originals, readable only with credentials (recommended)",
        default_doc="`SOUK_S3_BUCKET`, under random `originals/` keys",
    )
    ffmpeg: str | None = setting(None, "media", "path to the ffmpeg binary", default_doc="system, then bundled")
    ffprobe: str | None = setting(None, "media", "path to the ffprobe binary", default_doc="system, else none")
    ffmpeg_threads: int = setting(2, "media", "encoder threads per job", check=at_least(1))
    media_job_timeout_s: int = setting(
        TRANSCODE_TIMEOUT_S, "media", "wall-clock limit of one transcode", check=at_least(1)
    )
    media_max_output_mb: int = setting(2048, "media", "output-size cap of one transcode", check=at_least(1))
    # -- jobs
    worker_concurrency: int = setting(1, "jobs", "jobs one `souk worker` runs at once", check=at_least(1))
    job_heartbeat_s: int = setting(
        10,
        "jobs",
        "a running job not heard from for this long counts as stuck (its worker renews it every quarter of it);"
        " set on servers (they enqueue) and workers",
        check=at_least(1),
    )
    job_sweep_s: int = setting(
        5,
        "jobs",
        "how often workers look for stuck jobs and queue them again (`souk worker`)",
        check=at_least(1),
    )
    worker_health_port: int = setting(
        0,
        "jobs",
        "`souk worker` answers `/health`, `/ready` and `/metrics` on this port; 0: off",
        check=at_least(0),
        default_doc="`0` (off)",
    )
    worker_health_host: str = setting("127.0.0.1", "jobs", "address of the worker's health port")
    sentry_dsn: str | None = setting(
        None,
        "logging",
        "report unhandled errors to Sentry (secrets scrubbed); unset: no reporting",
        secret=True,
        default_doc="unset",
    )
    sentry_environment: str | None = setting(None, "logging", "Sentry's `environment` tag", default_doc="unset")
    worker_boot_timeout_s: int = setting(
        60,
        "http",
        "`souk serve --workers N`: how long a worker process may take to boot before it is restarted",
        check=at_least(1),
    )
    # -- fees
    fee_pro_discover_bps: int = setting(
        1000, "fees", "pro sellers' fee on discover sales, in basis points", check=at_least(0)
    )
    fee_pro_community_bps: int = setting(
        300, "fees", "pro sellers' fee on community sales, in basis points", check=at_least(0)
    )
    # -- live
    rtmp_url: str = setting(
        "rtmp://127.0.0.1:1935/live",
        "live",
        "where sellers' encoders push (go-live answers it; the key is the stream name)",
        parse=rtmp_url,
    )
    hls_base_url: str = setting(
        "http://127.0.0.1:8080/hls",
        "live",
        "where players find `<token>/<expires>/<stream id>.m3u8` (served by the RTMP server's nginx, signed URLs only)",
        parse=http_url,
    )
    ingest_secret: str = setting(
        "",
        "live",
        "shared secret the RTMP server's hooks send as `?secret=`",
        default_doc="derived from the JWT secret",
        secret=True,
        min_length=16,
    )
    ingest_hooks_url: str | None = setting(
        None,
        "live",
        "how the RTMP server reaches Souk (plain `http://`)",
        parse=http_url,
        default_doc="`SOUK_PUBLIC_BASE_URL`, else `souk ingest nginx-config`'s `--host`/`--port`",
    )
    # -- payments
    payments: str = setting(
        "",
        "payments",
        "card payment provider: `stripe`, `simulated` (the in-process card simulator: test cards, no money"
        " moves) or `none` (card steps answer 409 `payments_not_configured`)",
        default_doc="`simulated` on SQLite, `none` otherwise (the simulator only when set explicitly)",
        check=one_of("", "simulated", "stripe", "none"),
    )
    stripe_secret_key: str | None = setting(
        None, "payments", "Stripe secret key (`sk_live_…`/`sk_test_…`)", default_doc="unset", secret=True
    )
    stripe_webhook_secret: str | None = setting(
        None,
        "payments",
        "signing secret of the webhook endpoint `POST /api/v1/payments/webhooks/stripe` (`whsec_…`)",
        default_doc="unset",
        secret=True,
    )
    stripe_api_base: str = setting(
        "https://api.stripe.com", "payments", "Stripe API base URL (tests: a localstripe server)", parse=http_url
    )
    stripe_connect: bool = setting(
        True,
        "payments",
        "Connect destination charges (`application_fee_amount`, `transfer_data.destination`); `false` only"
        " against servers without Connect (localstripe): charges then stay on the platform account",
    )
    payments_auto_capture_days: float = setting(
        5.0,
        "payments",
        "an authorised card sale is captured this long after it opened if the buyer never confirms receipt"
        " (keep it under the card hold's 7 days)",
        check=at_least(0.001),
    )
    payments_reconcile_after_s: float = setting(
        900.0,
        "payments",
        "a card payment still pending or authorised this long after its last change is re-read from the"
        " provider (missed webhooks)",
        check=at_least(1),
    )
    hls_dir: Path | None = setting(None, "live", "where nginx writes HLS", default_doc="`$SOUK_DATA_DIR/live/hls`")
    recording_dir: Path | None = setting(
        None,
        "live",
        "where nginx writes recordings (Souk reads them: same disk)",
        default_doc="`$SOUK_DATA_DIR/live/recordings`",
    )
    stream_reconnect_window_s: float = setting(
        RECONNECT_WINDOW_S, "live", "a live stream whose push stopped ends by itself after this long", check=at_least(1)
    )
    live_room_cache_s: float = setting(
        2.0,
        "live",
        "how long a process keeps a live room's snapshot (stream, products, seller) for joiners; changes"
        " announced on the bus drop it sooner",
        check=at_least(0),
    )
    banned_words: tuple[str, ...] = setting(
        (),
        "moderation",
        "comma-separated words or phrases refused (or masked) everywhere: live chat, comments, listings,"
        " messages; each seller adds their own list for their rooms and things (`PATCH /streams/{id}/chat`)",
        parse=comma_list,
        default_doc="empty",
    )
    banned_words_action: str = setting(
        "block",
        "moderation",
        "what a banned word does: `block` refuses the text (400 `banned_words`), `mask` replaces it with `*`",
        check=one_of("block", "mask"),
    )
    viewer_log_flush_s: float = setting(
        0.25,
        "live",
        "at most one viewer-log batch (joins and leaves) per this interval; a crash loses at most this much of the log",
        check=at_least(0.01),
    )
    auction_extend_s: int = setting(
        10,
        "live",
        "anti-sniping: a bid in an auction's last this-many seconds pushes its end to this far after the bid"
        " (0: never; sudden-death auctions never extend)",
        check=at_least(0),
    )
    auction_sweep_s: float = setting(
        0.5,
        "live",
        "how often every server process ends the auctions whose end has passed (their end job's safety net)",
        check=at_least(0.05),
    )

    def __post_init__(self) -> None:
        twilio = {
            "SOUK_TWILIO_ACCOUNT_SID": self.twilio_account_sid,
            "SOUK_TWILIO_AUTH_TOKEN": self.twilio_auth_token,
            "SOUK_TWILIO_FROM": self.twilio_from,
        }
        if any(twilio.values()) and not all(twilio.values()):
            missing = ", ".join(name for name, value in twilio.items() if not value)
            raise SettingsError(f"Twilio needs all three of its settings; missing: {missing}")
        # A connection must survive a missed beat or two (a loaded event loop, a slow Redis
        # round trip), or live users would flicker offline.
        if self.payments == "stripe" and not (self.stripe_secret_key and self.stripe_webhook_secret):
            raise SettingsError("SOUK_PAYMENTS=stripe needs SOUK_STRIPE_SECRET_KEY and SOUK_STRIPE_WEBHOOK_SECRET")
        if self.presence_beat_s * 2 > self.presence_ttl_s:
            raise SettingsError(
                f"SOUK_PRESENCE_BEAT_S={self.presence_beat_s:g}: too long for SOUK_PRESENCE_TTL_S="
                f"{self.presence_ttl_s:g}; expected at most half of it"
            )

    @property
    def public_base(self) -> PublicBaseUrl:
        """How clients reach this server: ``SOUK_PUBLIC_BASE_URL``, else each request's address."""
        return PublicBaseUrl(self.public_base_url or None, self.listen_url)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def payment_provider(self) -> str:
        """The simulator is the embedded default; anywhere else only when named."""
        return self.payments or ("simulated" if self.is_sqlite else "none")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Every ``SOUK_*`` variable parsed and checked; :class:`SettingsError` names each bad
        one on a line of its own."""
        from souk.bootstrap.setting_values import read_all

        env = os.environ if env is None else env
        values = read_all(cls, env)
        data_dir = values.get("data_dir", Path("souk-data"))
        if not values.get("database_url"):
            values["database_url"] = f"sqlite+aiosqlite:///{data_dir / 'souk.db'}"
        values.setdefault("auto_migrate", str(values["database_url"]).startswith("sqlite"))
        return cls(**values)

    @property
    def location_key_secret(self) -> str:
        """What keys the public points of places: ``SOUK_LOCATION_SECRET``, else the JWT
        secret (rotating it then moves every public point written afterwards)."""
        return self.location_secret or self.jwt_secret

    def with_jwt_secret(self) -> Settings:
        """Settings with a JWT secret: the configured one, or one generated once in the data dir."""
        if self.jwt_secret:
            return self
        return replace(self, jwt_secret=_load_or_create_secret(self.data_dir / "jwt-secret"))


def parse_networks(raw: str) -> tuple[IpNetwork, ...]:
    return networks(raw)


def setting_names() -> tuple[str, ...]:
    return tuple(f"SOUK_{f.name.upper()}" for f in fields(Settings))


def _load_or_create_secret(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    secret = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as f:
        f.write(secret)
    return secret
