"""Settings from ``SOUK_*`` environment variables. No configuration means the embedded
deployment: SQLite, in-process bus and limiter, everything under ``SOUK_DATA_DIR``."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("souk-data")
    database_url: str = ""
    redis_url: str | None = None
    jwt_secret: str = ""
    jwt_issuer: str = "souk"
    jwt_audience: str = "souk-api"
    location_secret: str = ""  # keys public points; empty: derived from jwt_secret
    access_token_ttl_s: int = 900
    realtime_ticket_ttl_s: int = 30
    sms_outbox: Path | None = None
    trusted_proxies: tuple[IpNetwork, ...] = ()
    log_format: str = "auto"
    log_level: str = "INFO"
    access_log: bool = True
    db_pool_size: int = 20
    db_pool_timeout_s: float = 5.0
    debug_pool_guard: bool = False
    argon2_memory_kib: int = 19456
    argon2_time_cost: int = 2
    argon2_parallelism: int = 1
    rate_limit_scale: int = 1
    auto_migrate: bool = True
    extra: Mapping[str, str] = field(default_factory=dict)
    public_base_url: str = "http://127.0.0.1:8000"
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_path_style: bool = False
    s3_public_url: str | None = None
    ffmpeg: str | None = None
    ffprobe: str | None = None
    ffmpeg_threads: int = 2
    media_job_timeout_s: int = 1800
    media_max_output_mb: int = 2048
    worker_concurrency: int = 1
    fee_pro_discover_bps: int = 1000
    fee_pro_community_bps: int = 300
    rtmp_url: str = "rtmp://127.0.0.1:1935/live"
    hls_base_url: str = "http://127.0.0.1:8080/hls"
    ingest_secret: str = ""
    ingest_hooks_url: str | None = None
    hls_dir: Path | None = None
    recording_dir: Path | None = None
    stream_reconnect_window_s: float = 60.0
    live_room_cache_s: float = 2.0
    viewer_log_flush_s: float = 0.25
    fcm_credentials_file: Path | None = None
    fcm_endpoint: str = "https://fcm.googleapis.com"
    notification_poll_s: float = 1.0
    presence_ttl_s: float = 20.0
    presence_beat_s: float = 5.0
    job_heartbeat_s: int = 10
    job_sweep_s: int = 5
    worker_health_port: int = 0  # 0: off; else `souk worker` answers /health, /ready, /metrics there
    worker_health_host: str = "127.0.0.1"
    sentry_dsn: str | None = None
    sentry_environment: str | None = None

    def __post_init__(self) -> None:
        # A connection must survive a missed beat or two (a loaded event loop, a slow Redis
        # round trip), or live users would flicker offline.
        if self.presence_beat_s * 2 > self.presence_ttl_s:
            raise ValueError("SOUK_PRESENCE_BEAT_S must be at most half of SOUK_PRESENCE_TTL_S")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("SOUK_DATA_DIR", "souk-data"))
        database_url = normalise_database_url(
            env.get("SOUK_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'souk.db'}"
        )
        is_sqlite = database_url.startswith("sqlite")
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            redis_url=env.get("SOUK_REDIS_URL") or None,
            jwt_secret=env.get("SOUK_JWT_SECRET", ""),
            jwt_issuer=env.get("SOUK_JWT_ISSUER", "souk"),
            jwt_audience=env.get("SOUK_JWT_AUDIENCE", "souk-api"),
            location_secret=env.get("SOUK_LOCATION_SECRET", ""),
            access_token_ttl_s=int(env.get("SOUK_ACCESS_TOKEN_TTL_S", "900")),
            realtime_ticket_ttl_s=int(env.get("SOUK_REALTIME_TICKET_TTL_S", "30")),
            sms_outbox=Path(env["SOUK_SMS_OUTBOX"]) if env.get("SOUK_SMS_OUTBOX") else None,
            trusted_proxies=parse_networks(env.get("SOUK_TRUSTED_PROXIES", "")),
            log_format=env.get("SOUK_LOG_FORMAT", "auto"),
            log_level=env.get("SOUK_LOG_LEVEL", "INFO").upper(),
            access_log=_bool(env.get("SOUK_ACCESS_LOG", "true")),
            db_pool_size=int(env.get("SOUK_DB_POOL_SIZE", "20")),
            db_pool_timeout_s=float(env.get("SOUK_DB_POOL_TIMEOUT_S", "5")),
            debug_pool_guard=_bool(env.get("SOUK_DEBUG_POOL_GUARD", "false")),
            argon2_memory_kib=int(env.get("SOUK_ARGON2_MEMORY_KIB", "19456")),
            argon2_time_cost=int(env.get("SOUK_ARGON2_TIME_COST", "2")),
            argon2_parallelism=int(env.get("SOUK_ARGON2_PARALLELISM", "1")),
            rate_limit_scale=int(env.get("SOUK_RATE_LIMIT_SCALE", "1")),
            auto_migrate=_bool(env.get("SOUK_AUTO_MIGRATE", "true" if is_sqlite else "false")),
            public_base_url=env.get("SOUK_PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
            s3_bucket=env.get("SOUK_S3_BUCKET") or None,
            s3_endpoint_url=env.get("SOUK_S3_ENDPOINT_URL") or None,
            s3_region=env.get("SOUK_S3_REGION") or None,
            s3_access_key_id=env.get("SOUK_S3_ACCESS_KEY_ID") or None,
            s3_secret_access_key=env.get("SOUK_S3_SECRET_ACCESS_KEY") or None,
            s3_path_style=_bool(env.get("SOUK_S3_PATH_STYLE", "false")),
            s3_public_url=env.get("SOUK_S3_PUBLIC_URL") or None,
            ffmpeg=env.get("SOUK_FFMPEG") or None,
            ffprobe=env.get("SOUK_FFPROBE") or None,
            ffmpeg_threads=int(env.get("SOUK_FFMPEG_THREADS", "2")),
            media_job_timeout_s=int(env.get("SOUK_MEDIA_JOB_TIMEOUT_S", "1800")),
            media_max_output_mb=int(env.get("SOUK_MEDIA_MAX_OUTPUT_MB", "2048")),
            worker_concurrency=int(env.get("SOUK_WORKER_CONCURRENCY", "1")),
            fee_pro_discover_bps=int(env.get("SOUK_FEE_PRO_DISCOVER_BPS", "1000")),
            fee_pro_community_bps=int(env.get("SOUK_FEE_PRO_COMMUNITY_BPS", "300")),
            rtmp_url=env.get("SOUK_RTMP_URL", "rtmp://127.0.0.1:1935/live"),
            hls_base_url=env.get("SOUK_HLS_BASE_URL", "http://127.0.0.1:8080/hls"),
            ingest_secret=env.get("SOUK_INGEST_SECRET", ""),
            ingest_hooks_url=env.get("SOUK_INGEST_HOOKS_URL") or None,
            hls_dir=Path(env["SOUK_HLS_DIR"]) if env.get("SOUK_HLS_DIR") else None,
            recording_dir=Path(env["SOUK_RECORDING_DIR"]) if env.get("SOUK_RECORDING_DIR") else None,
            stream_reconnect_window_s=float(env.get("SOUK_STREAM_RECONNECT_WINDOW_S", "60")),
            live_room_cache_s=float(env.get("SOUK_LIVE_ROOM_CACHE_S", "2")),
            viewer_log_flush_s=float(env.get("SOUK_VIEWER_LOG_FLUSH_S", "0.25")),
            fcm_credentials_file=Path(env["SOUK_FCM_CREDENTIALS_FILE"])
            if env.get("SOUK_FCM_CREDENTIALS_FILE")
            else None,
            fcm_endpoint=env.get("SOUK_FCM_ENDPOINT", "https://fcm.googleapis.com"),
            notification_poll_s=float(env.get("SOUK_NOTIFICATION_POLL_S", "1.0")),
            presence_ttl_s=float(env.get("SOUK_PRESENCE_TTL_S", "20")),
            presence_beat_s=float(env.get("SOUK_PRESENCE_BEAT_S", "5")),
            job_heartbeat_s=int(env.get("SOUK_JOB_HEARTBEAT_S", "10")),
            job_sweep_s=int(env.get("SOUK_JOB_SWEEP_S", "5")),
            worker_health_port=int(env.get("SOUK_WORKER_HEALTH_PORT", "0")),
            worker_health_host=env.get("SOUK_WORKER_HEALTH_HOST", "127.0.0.1"),
            sentry_dsn=env.get("SOUK_SENTRY_DSN") or None,
            sentry_environment=env.get("SOUK_SENTRY_ENVIRONMENT") or None,
        )

    @property
    def location_key_secret(self) -> str:
        """What keys the public points of places: ``SOUK_LOCATION_SECRET``, else the JWT
        secret (rotating it then moves every public point written afterwards)."""
        return self.location_secret or self.jwt_secret

    def with_jwt_secret(self) -> Settings:
        """Settings with a JWT secret: the configured one, or one generated once in the data dir."""
        if self.jwt_secret:
            return self
        from dataclasses import replace

        return replace(self, jwt_secret=_load_or_create_secret(self.data_dir / "jwt-secret"))


def normalise_database_url(url: str) -> str:
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url.removeprefix(plain)
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        return "sqlite+aiosqlite://" + url.removeprefix("sqlite://")
    return url


def parse_networks(raw: str) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())


def _path(raw: str | None) -> Path | None:
    return Path(raw) if raw else None


def _bool(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


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
