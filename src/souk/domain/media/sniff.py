"""Tell a file's real type from its first bytes, whatever name or type it was sent with."""

from __future__ import annotations

SNIFF_BYTES = 64

_ISO_IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_QUICKTIME_BRANDS = {b"qt  "}


def sniff_content_type(head: bytes) -> str | None:
    """The content type the bytes really are, or ``None`` when they are none we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _ISO_IMAGE_BRANDS:
            return "image/heic"
        if brand in _QUICKTIME_BRANDS:
            return "video/quicktime"
        return "video/mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "video/quicktime"
    return None


def describe(head: bytes) -> str:
    """A plain-words guess at what a rejected file is, for error messages."""
    stripped = head.lstrip()
    if stripped.startswith(b"#EXTM3U"):
        return "an HLS playlist (text)"
    if stripped[:1] in (b"<", b"{", b"#") or all(32 <= b < 127 or b in (9, 10, 13) for b in head[:32]):
        return "text"
    return "unrecognised binary data"
