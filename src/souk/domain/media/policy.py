"""The upload rules: what one request may declare."""

from __future__ import annotations

from collections.abc import Sequence

from souk.domain.media.errors import FileTooLarge, TooManyFiles, UnsupportedContentType
from souk.domain.media.values import LIMITS, FileDeclaration, MediaKind
from souk.domain.shared.errors import InvalidInput


def check_upload_request(kind: MediaKind, files: Sequence[FileDeclaration]) -> None:
    limits = LIMITS[kind]
    if not files:
        raise InvalidInput("Declare at least one file.", field="files")
    if len(files) > limits.max_files:
        raise TooManyFiles(
            f"At most {limits.max_files} {kind.value} file(s) per request; {len(files)} were declared.",
            field="files",
        )
    for index, file in enumerate(files):
        if file.content_type not in limits.content_types:
            allowed = ", ".join(sorted(limits.content_types))
            raise UnsupportedContentType(
                f"{file.content_type!r} is not accepted for {kind.value}s (allowed: {allowed}).",
                field=f"files[{index}].content_type",
            )
        if file.size_bytes > limits.max_bytes:
            raise FileTooLarge(
                f"{file.filename or 'A file'} is {file.size_bytes} bytes; {kind.value}s may be at most "
                f"{limits.max_bytes // (1024 * 1024)} MB.",
                field=f"files[{index}].size_bytes",
            )
        if file.size_bytes < 1:
            raise InvalidInput("A file cannot be empty.", field=f"files[{index}].size_bytes")
