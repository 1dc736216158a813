"""Errors of media uploads and video processing, each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound


class UnsupportedContentType(InvalidInput):
    code = "unsupported_content_type"
    default_detail = "That content type is not accepted for this kind of media."


class TooManyFiles(InvalidInput):
    code = "too_many_files"
    default_detail = "Too many files in one request."


class FileTooLarge(InvalidInput):
    code = "file_too_large"
    default_detail = "The file is larger than allowed."


class UploadTooLarge(InvalidInput):
    """The bytes actually sent exceed what the upload URL allows (HTTP 413)."""

    code = "upload_too_large"
    default_detail = "The upload is larger than its URL allows."


class UploadTypeMismatch(InvalidInput):
    code = "upload_type_mismatch"
    default_detail = "The uploaded content does not match the content type the URL was issued for."


class UploadUrlInvalid(Forbidden):
    code = "upload_url_invalid"
    default_detail = "The upload URL is not valid."


class UploadUrlExpired(Forbidden):
    code = "upload_url_expired"
    default_detail = "The upload URL has expired; ask for a new one."


class MediaNotFound(NotFound):
    code = "media_not_found"
    default_detail = "No such media."


class VideoJobNotFound(NotFound):
    code = "job_not_found"
    default_detail = "No such job."


class MediaNotVideo(Conflict):
    code = "media_not_video"
    default_detail = "Only videos can be processed."


class MediaWrongKind(Conflict):
    code = "media_wrong_kind"
    default_detail = "This media is not of the kind this action takes."


class MediaNotImage(Conflict):
    code = "media_not_image"
    default_detail = "Only an image can be used here."


class ImageNotReady(Conflict):
    code = "image_not_ready"
    default_detail = "The image is not processed yet: process it, then use it."


class MediaNotUploaded(Conflict):
    code = "media_not_uploaded"
    default_detail = "The file has not been uploaded yet."


class MediaAlreadyProcessed(Conflict):
    code = "media_already_processed"
    default_detail = "This video is already being processed or is ready."


class VideoNotReady(Conflict):
    code = "video_not_ready"
    default_detail = "The video is not processed yet."


class MediaRejected(Exception):
    """An uploaded file is unusable or hostile. Not retried: the job fails with ``reason``,
    written for the person who uploaded it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
