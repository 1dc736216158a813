"""Scratch space, recording files and the nginx-rtmp configuration: the file-system and
config-text adapters the use cases reach through ports."""

from __future__ import annotations

from pathlib import Path

import pytest

from souk.adapters.localdisk.recording_files import LocalRecordingFiles
from souk.adapters.nginx.rtmp_config import NginxRtmpConfig
from souk.adapters.system.scratch import TempScratchSpace
from souk.application.streams.config import INGEST_HOOKS_PATH, LiveConfig


def test_a_scratch_directory_is_private_and_removed_however_the_block_ends(tmp_path: Path) -> None:
    space = TempScratchSpace(tmp_path)
    with space.directory("video") as scratch:
        (scratch / "out").mkdir()
        (scratch / "out" / "seg_1.m4s").write_bytes(b"x")
        assert scratch.name.startswith("souk-video-")
        assert scratch.stat().st_mode & 0o077 == 0
    assert not scratch.exists()
    with pytest.raises(RuntimeError), space.directory("recording") as failed:
        raise RuntimeError("ffmpeg died")
    assert not failed.exists()


def test_scratch_paths_are_hidden_from_messages_users_read(tmp_path: Path) -> None:
    space = TempScratchSpace(tmp_path)
    with space.directory("video") as scratch:
        text = f"ffmpeg: {scratch}/out/seg_3.m4s: No space left on device"
    assert space.hides_paths(text) == "ffmpeg: out/seg_3.m4s: No space left on device"
    assert str(tmp_path) not in space.hides_paths(text)


def test_only_existing_files_inside_the_recording_folder_are_found(tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    inside = folder / "a.flv"
    inside.write_bytes(b"flv")
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    (folder / "link.flv").symlink_to(outside)
    files = LocalRecordingFiles(folder)
    assert files.find(str(inside)) == inside.resolve()
    assert files.size(inside) == 3
    assert files.find(str(outside)) is None
    assert files.find(str(folder / "link.flv")) is None  # a symlink out of the folder
    assert files.find(str(folder / ".." / "secret.txt")) is None
    assert files.find(str(folder / "missing.flv")) is None
    files.discard(inside)
    assert not inside.exists()
    files.discard(inside)  # already gone: not an error


def test_the_nginx_config_calls_the_hooks_the_http_entrypoint_serves(tmp_path: Path) -> None:
    config = LiveConfig(
        rtmp_url="rtmp://127.0.0.1:1935/live",
        hls_base_url="http://127.0.0.1:8080/hls",
        ingest_secret="s" * 20,
        hooks_base_url="http://10.0.0.5:8000",
        hls_dir=tmp_path / "hls",
        record_dir=tmp_path / "rec",
    )
    text = NginxRtmpConfig(config).render(tmp_path)
    for hook in ("publish", "publish-done", "update", "record-done"):
        assert f"http://10.0.0.5:8000{INGEST_HOOKS_PATH}/{hook}?secret={'s' * 20};" in text
    assert text.startswith("load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;")
    assert "load_module" not in NginxRtmpConfig(config).render(tmp_path, built_in=True)
    assert NginxRtmpConfig(config).render(tmp_path, "/opt/rtmp.so").startswith("load_module /opt/rtmp.so;")
