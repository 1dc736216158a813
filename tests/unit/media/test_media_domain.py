from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from souk.adapters.ffmpeg.probe import from_ffmpeg_report, from_ffprobe_json
from souk.adapters.ffmpeg.transcoder import ladder_for
from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.application.ports.upload_signer import UploadGrant
from souk.application.shared.ids import new_id
from souk.domain.media.errors import (
    FileTooLarge,
    MediaAlreadyProcessed,
    MediaNotUploaded,
    MediaNotVideo,
    MediaRejected,
    TooManyFiles,
    UnsupportedContentType,
    UploadUrlExpired,
    UploadUrlInvalid,
)
from souk.domain.media.media import Media, media_id_from_key
from souk.domain.media.policy import check_upload_request
from souk.domain.media.sniff import describe, sniff_content_type
from souk.domain.media.values import MB, FileDeclaration, MediaKind, MediaStatus, VideoMetadata

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def files(n: int, content_type: str = "image/jpeg", size: int = 1000) -> list[FileDeclaration]:
    return [FileDeclaration(content_type, size, f"f{i}") for i in range(n)]


def test_ten_images_are_accepted_eleven_are_not() -> None:
    check_upload_request(MediaKind.IMAGE, files(10))
    with pytest.raises(TooManyFiles):
        check_upload_request(MediaKind.IMAGE, files(11))


def test_one_video_per_request() -> None:
    check_upload_request(MediaKind.VIDEO, files(1, "video/mp4"))
    with pytest.raises(TooManyFiles):
        check_upload_request(MediaKind.VIDEO, files(2, "video/mp4"))


@pytest.mark.parametrize(
    ("kind", "content_type", "size"),
    [(MediaKind.IMAGE, "image/jpeg", 10 * MB), (MediaKind.VIDEO, "video/webm", 500 * MB)],
)
def test_size_limits_are_inclusive(kind: MediaKind, content_type: str, size: int) -> None:
    check_upload_request(kind, files(1, content_type, size))
    with pytest.raises(FileTooLarge):
        check_upload_request(kind, files(1, content_type, size + 1))


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        (MediaKind.IMAGE, "image/gif"),
        (MediaKind.IMAGE, "video/mp4"),
        (MediaKind.VIDEO, "image/png"),
        (MediaKind.VIDEO, "application/x-mpegurl"),
    ],
)
def test_wrong_types_are_refused(kind: MediaKind, content_type: str) -> None:
    with pytest.raises(UnsupportedContentType) as caught:
        check_upload_request(kind, files(1, content_type))
    assert caught.value.field == "files[0].content_type"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00", "video/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00", "video/quicktime"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", "video/webm"),
        (b"#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n", None),
        (b"\x00\x01\x02\x03garbage", None),
    ],
)
def test_sniffing_reads_the_real_type(head: bytes, expected: str | None) -> None:
    assert sniff_content_type(head) == expected


def test_a_playlist_is_described_in_plain_words() -> None:
    assert describe(b"#EXTM3U\nhttp://169.254.169.254/\n") == "an HLS playlist (text)"
    assert describe(bytes(range(200, 256))) == "unrecognised binary data"


def pending_video(kind: MediaKind = MediaKind.VIDEO) -> Media:
    content_type = "video/mp4" if kind is MediaKind.VIDEO else "image/png"
    return Media.pending(new_id(), new_id(), kind, content_type, 1000, "clip.mp4", NOW)


def test_video_lifecycle_and_keys_under_owner_prefix() -> None:
    media = pending_video()
    prefix = f"originals/{media.owner_id}/{media.id}/"
    assert media.original_key.startswith(prefix)
    assert media.original_key.endswith(".mp4")
    assert len(media.original_key.removeprefix(prefix).removesuffix(".mp4")) >= 22  # 128 random bits
    assert media.original_key != pending_video().original_key
    assert media.prefix == f"media/{media.owner_id}/{media.id}/"
    assert media_id_from_key(media.original_key) == media.id
    legacy = replace(media, stored_original_key=None)  # a row from before uploads were private
    assert legacy.original_key == f"media/{media.owner_id}/{media.id}/original.mp4"
    with pytest.raises(MediaNotUploaded):
        media.start_processing(NOW)
    media.mark_uploaded(900, NOW)
    media.start_processing(NOW)
    assert media.status is MediaStatus.PROCESSING
    with pytest.raises(MediaAlreadyProcessed):
        media.start_processing(NOW)
    media.mark_failed("bad file", NOW)
    media.start_processing(NOW)  # a failed video may be processed again
    assert media.error is None


def test_images_are_not_processed() -> None:
    media = pending_video(MediaKind.IMAGE)
    media.mark_uploaded(10, NOW)
    with pytest.raises(MediaNotVideo):
        media.start_processing(NOW)


def test_keys_outside_media_name_no_media() -> None:
    assert media_id_from_key("etc/passwd") is None
    assert media_id_from_key("media/x/not-a-uuid/original.mp4") is None


SIGNER = HmacUploadSigner(b"k" * 32)


def grant(expires: datetime = NOW + timedelta(minutes=15)) -> UploadGrant:
    return UploadGrant("media/a/b/original.jpg", "image/jpeg", 1234, expires)


def test_signed_upload_tokens_round_trip() -> None:
    token = SIGNER.sign(grant())
    assert SIGNER.verify(token, NOW) == grant()


def test_expired_upload_tokens_are_refused() -> None:
    token = SIGNER.sign(grant())
    with pytest.raises(UploadUrlExpired):
        SIGNER.verify(token, NOW + timedelta(minutes=15))


@pytest.mark.parametrize("mutate", ["payload", "signature", "key", "garbage"])
def test_forged_upload_tokens_are_refused(mutate: str) -> None:
    token = SIGNER.sign(grant())
    payload, signature = token.split(".")
    forged = {
        "payload": SIGNER.sign(
            UploadGrant("media/a/b/original.jpg", "image/jpeg", 10**9, NOW + timedelta(days=1))
        ).split(".")[0]
        + "."
        + signature,
        "signature": payload + "." + signature[:-2] + ("AA" if not signature.endswith("AA") else "BB"),
        "key": HmacUploadSigner(b"x" * 32).sign(grant()),
        "garbage": "not-a-token",
    }[mutate]
    with pytest.raises(UploadUrlInvalid):
        SIGNER.verify(forged, NOW)


def meta(width: int, height: int) -> VideoMetadata:
    return VideoMetadata(2.0, width, height, None, "h264", None)


@pytest.mark.parametrize(
    ("width", "height", "rungs"),
    [
        (1920, 1080, [1080, 720, 360]),
        (1280, 720, [720, 360]),
        (720, 1280, [720, 360]),
        (640, 360, [360]),
        (320, 240, [240]),
    ],
)
def test_ladder_never_upscales(width: int, height: int, rungs: list[int]) -> None:
    assert [r.short_side for r in ladder_for(meta(width, height))] == rungs


FFMPEG_REPORT = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/tmp/source':
  Duration: 00:01:02.50, start: 0.000000, bitrate: 1234 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], \
1100 kb/s, 24 fps
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 64 kb/s
At least one output file must be specified
"""


def test_probe_without_ffprobe_parses_ffmpeg_report() -> None:
    assert from_ffmpeg_report(FFMPEG_REPORT) == VideoMetadata(62.5, 1280, 720, 1_234_000, "h264", "aac")


def test_probe_report_without_video_is_rejected() -> None:
    with pytest.raises(MediaRejected, match="no video stream"):
        from_ffmpeg_report("Input #0\n  Duration: 00:00:01.00, start: 0, bitrate: 1 kb/s\n  Stream #0:0: Audio: aac\n")


def test_ffprobe_json_is_read() -> None:
    raw = (
        '{"streams": [{"codec_type": "video", "codec_name": "vp9", "width": 360, "height": 640},'
        ' {"codec_type": "audio", "codec_name": "opus"}], "format": {"duration": "1.5", "bit_rate": "900"}}'
    )
    assert from_ffprobe_json(raw) == VideoMetadata(1.5, 360, 640, 900, "vp9", "opus")
