"""FFmpeg, generated clips and a local S3 server for the media suites.

With ``CI=true`` a missing ffprobe or S3 server fails the test instead of skipping it,
as for PostgreSQL and Redis (see ``tests/services.py``)."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from souk.adapters.ffmpeg.binaries import FfmpegBinaries, locate_binaries
from tests.services import unavailable


def binaries() -> FfmpegBinaries:
    return locate_binaries()


def ffprobe_path() -> str:
    found = shutil.which("ffprobe")
    if found is None:
        unavailable("ffprobe (apt-get install ffmpeg)", "not on PATH")
    return found


@dataclass(frozen=True)
class Clip:
    path: Path
    width: int
    height: int
    seconds: float
    audio: bool
    content_type: str


def make_clip(
    path: Path, width: int, height: int, seconds: float = 1.0, audio: bool = True, fmt: str = "mp4", rate: int = 24
) -> Clip:
    """A short synthetic video (test pattern, optional sine tone) made with ffmpeg itself."""
    argv = [binaries().ffmpeg, "-hide_banner", "-loglevel", "error", "-y"]
    argv += ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={rate}:duration={seconds}"]
    if audio:
        argv += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds}"]
    if fmt == "webm":
        argv += ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"]
        argv += ["-c:a", "libopus"] if audio else []
        content_type = "video/webm"
    else:
        argv += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        argv += ["-c:a", "aac", "-b:a", "64k"] if audio else []
        content_type = "video/quicktime" if fmt == "mov" else "video/mp4"
    argv += ["-shortest", str(path)] if audio else [str(path)]
    subprocess.run(argv, check=True, timeout=60)
    return Clip(path, width, height, seconds, audio, content_type)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def moto_s3_server() -> Iterator[str]:
    """An S3-compatible HTTP server (moto in server mode) on a free localhost port."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:  # pragma: no cover - dev dependency missing
        unavailable("moto S3 server", exc)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def ffprobe_streams(target: str) -> list[dict[str, object]]:
    """What a standard player sees in an HLS/DASH manifest (local path or http URL)."""
    import json

    answer = subprocess.run(
        [
            ffprobe_path(),
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,codec_name,width,height",
            "-of",
            "json",
            target,
        ],
        check=True,
        capture_output=True,
        timeout=60,
        text=True,
    )
    streams: list[dict[str, object]] = json.loads(answer.stdout)["streams"]
    return streams


def create_public_bucket(endpoint: str, bucket: str) -> None:
    """A bucket whose objects anyone may read, as media buckets are (B2 'allPublic', or a CDN)."""
    import json

    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    client.create_bucket(Bucket=bucket)
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))


def huge_declared_resolution(path: Path, side: int = 16000) -> Path:
    """A one-frame Motion-JPEG QuickTime whose headers claim ``side``x``side`` pixels while
    its data is a 64x64 picture: a decompression bomb's shape, at no cost."""
    tiny = path.with_suffix(".tiny.mov")
    source = ["-f", "lavfi", "-i", "testsrc2=size=64x64:rate=1:duration=1"]
    subprocess.run(
        [binaries().ffmpeg, "-loglevel", "error", "-y", *source, "-c:v", "mjpeg", "-frames:v", "1", str(tiny)],
        check=True,
        timeout=60,
    )
    data = bytearray(tiny.read_bytes())
    size = side.to_bytes(2, "big") * 2
    sof = data.find(b"\xff\xc0")  # JPEG frame header: length(2) precision(1) height(2) width(2)
    data[sof + 5 : sof + 9] = size
    entry = data.find(b"jpeg")  # QuickTime sample description: 24 bytes, then width(2) height(2)
    data[entry + 28 : entry + 32] = size
    path.write_bytes(bytes(data))
    return path


def create_private_bucket(endpoint: str, bucket: str) -> None:
    """A bucket no one reads without credentials (the bucket for original uploads)."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    client.create_bucket(Bucket=bucket)
    client.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def s3_keys(endpoint: str, bucket: str) -> list[str]:
    """Every key in a bucket, read with credentials (what an operator sees)."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


PARIS = (48.8566, 2.3522)


def photo_with_gps(width: int = 1600, height: int = 1200) -> bytes:
    """A camera-like JPEG: EXIF with GPS (Paris), a camera model, orientation 6 (shown
    rotated 90°, so portrait), an XMP packet with the same place, and a comment."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (width, height), (200, 120, 40))
    ImageDraw.Draw(picture).rectangle((0, 0, width // 4, height // 4), fill=(20, 60, 200))  # top-left marker
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 12"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (48.0, 51.0, 23.76)
    gps[3], gps[4] = "E", (2.0, 21.0, 7.92)
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.396N"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif, xmp=xmp, comment=b"home sweet home 48.8566")
    return out.getvalue()


def png_bomb(side: int = 30000) -> bytes:
    """A real decompression bomb: a ``side``x``side`` 1-bit PNG of zeros, ~100 KB on the
    wire, 900 megapixels once decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + side // 8 + 1)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims ``width``x``height`` pixels."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 10, 10)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.find(b"\xff\xc0")  # length(2) precision(1) height(2) width(2)
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def clip_with_location(source: Path, target: Path) -> Path:
    """The clip with a phone's location tag (ffprobe: ``location=+48.8566+002.3522/``)."""
    argv = [binaries().ffmpeg, "-loglevel", "error", "-y", "-i", str(source), "-c", "copy"]
    argv += ["-metadata", "location=+48.8566+002.3522/", "-metadata", "model=Secret Phone 12", str(target)]
    subprocess.run(argv, check=True, timeout=60)
    return target
