"""Checkpoints a resume can trust. After the trainer saves one, `ManifestWriter` records each file's size and sha256
in manifest.json; `last_checkpoint` resumes from the newest checkpoint whose files still match it, and says why each
newer one was passed over (a rule id and a file name: the studio words it in each language, the log in English).

A process killed while saving, or a disk that filled up, leaves a weights file cut short with a trainer_state.json
that still parses; resuming from it fails inside safetensors instead of going back one checkpoint."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch.distributed as dist
from transformers import TrainerCallback

from core import atomic

MANIFEST = "manifest.json"
TRAINER_STATE = "trainer_state.json"
# Size is always checked, sha256 only for files up to 1 GiB: that covers adapters, small models and their optimiser
# states (all of this studio's defaults), while hashing a 7B full fine-tune's ~40 GB of weights and optimiser would
# add minutes to every save. A torn write shows in the size anyway; the hash adds bit rot and in-place overwrites.
HASH_LIMIT = 1 << 30
HEADER_LIMIT = 100_000_000  # safetensors' own cap on the JSON header: a larger length is garbage, not a header

# Why a checkpoint was passed over: rule ids the studio's string tables word; English here for train.log only.
REASONS = {
    "missing_file": "{file} is missing",
    "cut_short": "{file} is cut short",
    "size_differs": "{file} is larger than when it was saved",
    "hash_differs": "{file} does not match its sha256",
    "bad_header": "{file} has an unreadable header",
    "unreadable": "{file} cannot be read",
}


@dataclass(frozen=True)
class Skipped:
    checkpoint: str  # folder name, e.g. checkpoint-24
    reason: str  # a key of REASONS
    file: str  # path inside the checkpoint folder

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Resumable:
    """The checkpoint a resume starts from (None: there is none) and the newer ones it passed over, newest first."""

    checkpoint: Path | None
    skipped: list[Skipped] = field(default_factory=list)

    def describe(self) -> str:
        """One English line for train.log: which checkpoint the resume starts from, and why newer ones were not."""
        passed = ", ".join(
            f"{s.checkpoint} is incomplete ({REASONS[s.reason].format(file=s.file)})" for s in self.skipped
        )
        start = f"resuming from {self.checkpoint.name}" if self.checkpoint else "no complete checkpoint to resume from"
        return f"{passed}; {start}" if passed else start[0].upper() + start[1:]


def checkpoints(run_dir: Path) -> list[Path]:
    """The run's checkpoint folders, oldest step first."""
    found = [p for p in (Path(run_dir) / "checkpoints").glob("checkpoint-*") if p.name.split("-")[-1].isdigit()]
    return sorted(found, key=lambda p: int(p.name.split("-")[-1]))


def last_checkpoint(run_dir: Path) -> Resumable:
    """The newest checkpoint whose files are all whole, with the reasons each newer one was skipped."""
    skipped = []
    for checkpoint in reversed(checkpoints(run_dir)):
        problem = check(checkpoint)
        if problem is None:
            return Resumable(checkpoint, skipped)
        skipped.append(Skipped(checkpoint.name, *problem))
    return Resumable(None, skipped)


def check(checkpoint: Path) -> tuple[str, str] | None:
    """The first (reason, file) that makes this checkpoint untrustworthy, or None when it is whole."""
    if (checkpoint / MANIFEST).exists():
        return _check_manifest(checkpoint)
    # Written before manifests existed, or killed before its manifest: every safetensors file must be as long as its
    # header says, and trainer_state.json (the trainer's last write) must parse.
    for path in sorted(checkpoint.rglob("*.safetensors")):
        reason = safetensors_problem(path)
        if reason:
            return reason, path.relative_to(checkpoint).as_posix()
    try:
        json.loads((checkpoint / TRAINER_STATE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "missing_file", TRAINER_STATE
    except (OSError, ValueError):
        return "unreadable", TRAINER_STATE
    return None


def _check_manifest(checkpoint: Path) -> tuple[str, str] | None:
    try:
        files: dict[str, dict[str, Any]] = json.loads((checkpoint / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return "unreadable", MANIFEST
    for name, expected in files.items():
        path = checkpoint / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return "missing_file", name
        if size != expected["size"]:
            return ("cut_short" if size < expected["size"] else "size_differs"), name
        if expected.get("sha256") and sha256(path) != expected["sha256"]:
            return "hash_differs", name
    return None


def safetensors_problem(path: Path) -> str | None:
    """None when the file is exactly as long as its header says: 8 bytes of little-endian header length, the JSON
    header, then the tensors' bytes, whose last data offset is the end of the file."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
        if len(head) < 8:
            return "cut_short"
        (length,) = struct.unpack("<Q", head)
        if length > HEADER_LIMIT:
            return "bad_header"
        if 8 + length > size:
            return "cut_short"
        try:
            header = json.loads(handle.read(length))
            end = max((t["data_offsets"][1] for k, t in header.items() if k != "__metadata__"), default=0)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return "bad_header"
    expected = 8 + length + end
    if size != expected:
        return "cut_short" if size < expected else "size_differs"
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(checkpoint: Path) -> dict[str, dict[str, Any]]:
    """Fsync every file of the checkpoint, then record its size and sha256 in manifest.json, written atomically: a
    manifest on disk means the files it lists reached the disk before it."""
    files: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in checkpoint.rglob("*") if p.is_file()):
        name = path.relative_to(checkpoint).as_posix()
        if name.startswith((MANIFEST, f".{MANIFEST}.")):  # the manifest itself and a temporary left by a kill
            continue
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
        size = path.stat().st_size
        files[name] = {"size": size, "sha256": sha256(path) if size <= HASH_LIMIT else None}
    atomic.write_json(checkpoint / MANIFEST, {"files": files}, indent=1)
    atomic.fsync_dir(checkpoint)  # the rename itself survives a power cut
    return files


class ManifestWriter(TrainerCallback):
    """Write manifest.json into each checkpoint once the trainer has saved all of it (on the main process only)."""

    def on_save(self, args, state, control, **kwargs):
        # Every process writes its own rng_state_<rank>.pth: wait for all of them before listing the folder.
        if dist.is_available() and dist.is_initialized():
            dist.barrier()
        checkpoint = Path(args.output_dir) / f"checkpoint-{state.global_step}"
        if state.is_world_process_zero and checkpoint.is_dir():
            write_manifest(checkpoint)
        return control
