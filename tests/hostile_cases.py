"""Bad inputs an adversarial editor might commit, each as a change to the sample project."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

Mutate = Callable[[Path], None]

FACTS = "content/facts/harbour.yaml"
SIDECAR_A = "content/sources/gazette-2025-03-03.yaml"
SIDECAR_B = "content/sources/courier-2025-03-04.yaml"
ENTITIES = "content/entities.yaml"
BRIEFING = "content/briefings/arms-transfers.md"
SEED_A = "seeds/000_aaaaaaaaaaaaaaaa.txt"
SEED_B = "seeds/001_bbbbbbbbbbbbbbbb.txt"
SUMS = "seeds/SHA256SUMS"


def replace(name: str, old: str, new: str) -> Mutate:
    """Replace the first `old` in a file with `new`."""

    def mutate(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write(name: str, data: bytes | str) -> Mutate:
    """Write a file (creating folders)."""

    def mutate(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    return mutate


def listed_seed(name: str, data: bytes) -> Mutate:
    """Write a seed and give it a correct SHA256SUMS line, so only its own problem shows."""

    def mutate(root: Path) -> None:
        (root / name).write_bytes(data)
        sums = root / SUMS
        kept = [line for line in sums.read_text(encoding="utf-8").splitlines() if not line.endswith(Path(name).name)]
        kept.append(f"{hashlib.sha256(data).hexdigest()}  {Path(name).name}")
        sums.write_text("\n".join(kept) + "\n", encoding="utf-8")

    return mutate


def append(name: str, text: str) -> Mutate:
    """Append text to a file."""

    def mutate(root: Path) -> None:
        with (root / name).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return mutate


def remove(name: str) -> Mutate:
    """Delete a file."""

    def mutate(root: Path) -> None:
        (root / name).unlink()

    return mutate


def link(name: str, target: str) -> Mutate:
    """Create a symbolic link (to a path outside the project when `target` is absolute)."""

    def mutate(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    return mutate


def folder(name: str) -> Mutate:
    """Create a folder."""

    def mutate(root: Path) -> None:
        (root / name).mkdir(parents=True)

    return mutate


def both(*steps: Mutate) -> Mutate:
    """Apply several changes in order."""

    def mutate(root: Path) -> None:
        for step in steps:
            step(root)

    return mutate


BOMB = "notes:\n" + "".join(
    f"  {name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi", strict=True)
)
"""The billion laughs in a sidecar's `notes`: nine lines whose last alias stands for 9**9 values."""
