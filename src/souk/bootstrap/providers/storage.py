"""Files: media in an S3-compatible bucket when ``SOUK_S3_BUCKET`` is set, else on the local
disk (with signed upload URLs); the RTMP server's recordings and its generated nginx
configuration; scratch space for jobs."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.localdisk.blob_store import LocalDiskBlobStore
from souk.adapters.localdisk.recording_files import LocalRecordingFiles
from souk.adapters.nginx.rtmp_config import NginxRtmpConfig
from souk.adapters.s3.blob_store import S3BlobStore, S3Config
from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.adapters.system.scratch import TempScratchSpace
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.ingest_server_config import IngestServerConfig
from souk.application.ports.recording_files import RecordingFiles
from souk.application.ports.scratch_space import ScratchSpace
from souk.application.ports.upload_signer import UploadSigner
from souk.application.streams.config import LiveConfig
from souk.bootstrap import keys
from souk.bootstrap.settings import Settings


def s3_config(settings: Settings) -> S3Config:
    assert settings.s3_bucket
    return S3Config(
        bucket=settings.s3_bucket,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
        path_style=settings.s3_path_style,
        public_url=settings.s3_public_url,
        private_bucket=settings.s3_private_bucket,
    )


class StorageProvider(Provider):
    scope = Scope.APP

    @provide
    def scratch(self) -> ScratchSpace:
        return TempScratchSpace()

    @provide
    def recordings(self, config: LiveConfig) -> RecordingFiles:
        return LocalRecordingFiles(config.record_dir)

    @provide
    def ingest_server_config(self, config: LiveConfig) -> IngestServerConfig:
        return NginxRtmpConfig(config)

    @provide
    def upload_signer(self, settings: Settings) -> UploadSigner:
        return HmacUploadSigner(keys.upload_signing_key(settings))

    @provide
    def blob_store(self, settings: Settings, signer: UploadSigner) -> BlobStore:
        if settings.s3_bucket:
            return S3BlobStore(s3_config(settings))
        return LocalDiskBlobStore(settings.data_dir / "media", signer, settings.public_base)
