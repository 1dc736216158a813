"""Video processing: Souk's whole job vs FFmpeg alone running the same commands.

Souk's side is the real ``ProcessVideo`` job (verify the upload, probe, thumbnail, the
HLS/DASH ladder with progress, store every output) on local-disk storage. The peer runs
the very same ffmpeg commands (thumbnail + ladder) straight from a shell-like
``subprocess.run``: the floor Souk can approach. Each measurement runs in a fresh process
so peak memory (max RSS of the Python process and of its ffmpeg children) is its own.
Rounds alternate A/B; medians and spread are printed as a markdown table.

    uv run python benchmarks/media_transcode.py [--rounds 3] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from souk.adapters.ffmpeg.binaries import locate_binaries
from souk.adapters.ffmpeg.transcoder import FfmpegLimits, FfmpegTranscoder
from souk.adapters.system.scratch import TempScratchSpace


def make_clip(path: Path, seconds: int) -> None:
    ffmpeg = locate_binaries().ffmpeg
    subprocess.run(
        [
            ffmpeg, "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=30:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "veryfast", "-b:v", "3000k", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k", "-shortest", str(path),
        ],
        check=True,
    )  # fmt: skip


def peak_kib() -> tuple[int, int]:
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


FFMPEG_SECONDS = [0.0]


def time_ffmpeg_processes() -> None:
    """Count the wall time spent inside ffmpeg/ffprobe, to isolate Souk's own overhead."""
    import souk.adapters.ffmpeg.transcoder as transcoder_module

    real = transcoder_module.run_limited

    async def timed(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return await real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            FFMPEG_SECONDS[0] += time.perf_counter() - started

    transcoder_module.run_limited = timed  # type: ignore[assignment]


async def souk_job(clip: Path, scratch: Path) -> float:
    from datetime import UTC, datetime

    from souk.adapters.localdisk.blob_store import LocalDiskBlobStore
    from souk.adapters.memory.clock import FakeClock
    from souk.adapters.memory.media_repository import InMemoryMediaRepository
    from souk.adapters.memory.store import InMemoryStore
    from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
    from souk.adapters.memory.video_job_repository import InMemoryVideoJobRepository
    from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
    from souk.application.media.process_video import ProcessVideo
    from souk.application.media.settings import MediaSettings
    from souk.application.ports.job_queue import JobAttempt
    from souk.application.shared.ids import new_id
    from souk.domain.media.media import Media
    from souk.domain.media.values import MediaKind
    from souk.domain.media.video_job import JobStatus, VideoJob

    store = InMemoryStore()
    uow = InMemoryUnitOfWork(store)
    media_repo, jobs = InMemoryMediaRepository(uow), InMemoryVideoJobRepository(uow)
    blobs = LocalDiskBlobStore(scratch / "media", HmacUploadSigner(b"k" * 32), "http://bench")
    now = datetime.now(UTC)
    media = Media.pending(new_id(), new_id(), MediaKind.VIDEO, "video/mp4", clip.stat().st_size, "clip.mp4", now)
    media.mark_uploaded(clip.stat().st_size, now)
    media.start_processing(now)
    await blobs.upload_file(media.original_key, clip, "video/mp4")
    job = VideoJob.queued(new_id(), media.id, media.owner_id, now)
    await media_repo.add(media)
    await jobs.add(job)
    await uow.commit()
    time_ffmpeg_processes()
    transcoder = FfmpegTranscoder(locate_binaries(), FfmpegLimits())
    use_case = ProcessVideo(uow, media_repo, jobs, blobs, transcoder, FakeClock(), MediaSettings(), TempScratchSpace())
    started = time.perf_counter()
    await use_case(job.id, JobAttempt(1, 1))
    elapsed = time.perf_counter() - started
    done = await jobs.get(job.id)
    assert done is not None, "job vanished"
    assert done.status is JobStatus.SUCCEEDED, done
    return elapsed


def ffmpeg_alone(clip: Path, scratch: Path) -> float:
    transcoder = FfmpegTranscoder(locate_binaries(), FfmpegLimits())
    metadata = asyncio.run(transcoder.probe(clip, "video/mp4"))
    out = scratch / "out"
    out.mkdir()
    thumbnail = transcoder.thumbnail_argv(clip, "video/mp4", metadata, out / "thumbnail.jpg")
    ladder = transcoder.ladder_argv(clip, "video/mp4", metadata, out)
    ladder = [arg for arg in ladder if arg not in ("-progress", "pipe:1")]
    started = time.perf_counter()
    if shutil.which("ffprobe"):  # Souk probes too: the peer pays for one probe as well
        subprocess.run(["ffprobe", "-v", "error", str(clip)], check=True)
    subprocess.run(thumbnail, check=True)
    subprocess.run(ladder, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def one(side: str, clip: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        elapsed = asyncio.run(souk_job(clip, Path(scratch))) if side == "souk" else ffmpeg_alone(clip, Path(scratch))
    own, children = peak_kib()
    outside = elapsed - FFMPEG_SECONDS[0] if side == "souk" else 0.0
    print(json.dumps({"elapsed_s": elapsed, "outside_s": outside, "python_kib": own, "ffmpeg_kib": children}))


def measure(side: str, clip: Path) -> dict[str, float]:
    answer = subprocess.run(
        [sys.executable, __file__, "--one", side, "--clip", str(clip)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(answer.stdout.strip().splitlines()[-1])
    return result


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--one", choices=["souk", "ffmpeg"])
    parser.add_argument("--clip", type=Path)
    args = parser.parse_args()
    if args.one:
        one(args.one, args.clip)
        return

    binaries = locate_binaries()
    with tempfile.TemporaryDirectory() as root:
        clip = Path(root) / "clip720p.mp4"
        make_clip(clip, args.seconds)
        results: dict[str, list[dict[str, float]]] = {"souk": [], "ffmpeg": []}
        for _ in range(args.rounds):
            for side in ("souk", "ffmpeg"):
                results[side].append(measure(side, clip))
    print(f"\n### Video processing — {args.seconds} s 720p clip → 720p + 360p HLS/DASH + thumbnail")
    print(f"ffmpeg: `{binaries.ffmpeg}` ({shutil.which('nproc') and subprocess.getoutput('nproc')} cores), "
          f"{args.rounds} alternating rounds, medians (min–max)\n")  # fmt: skip
    print("| side | wall s | × real time | outside ffmpeg s | Python peak RSS MiB | ffmpeg peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    medians = {}
    for side, rows in results.items():
        wall = [r["elapsed_s"] for r in rows]
        speed = [args.seconds / w for w in wall]
        python_mib = [r["python_kib"] / 1024 for r in rows]
        ffmpeg_mib = [r["ffmpeg_kib"] / 1024 for r in rows]
        medians[side] = statistics.median(wall)
        print(
            f"| {'Souk job' if side == 'souk' else 'FFmpeg alone'} | {statistics.median(wall):.2f} ({spread(wall)}) "
            f"| {statistics.median(speed):.2f}× ({spread(speed)}) "
            f"| {statistics.median(r['outside_s'] for r in rows):.3f} | {statistics.median(python_mib):.0f} "
            f"| {statistics.median(ffmpeg_mib):.0f} |"
        )
    ratio = medians["ffmpeg"] / medians["souk"]
    overhead = medians["souk"] - medians["ffmpeg"]
    print(f"\nSouk's job runs at {ratio:.1%} of FFmpeg-alone speed ({overhead:+.2f} s for the whole job).")


if __name__ == "__main__":
    main()
