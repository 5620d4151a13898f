"""When each content file last changed: the git history when the site is in a git repository
(a file modified or untracked in the worktree counts as newer than every commit), else the file
modification times."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_RECORD = "\x1e"
MTIME_SLACK = 2.0  # seconds: files copied or checked out together are not newer than each other


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    """Comparable: any committed change < any worktree change; commits by history order,
    worktree changes by modification time."""

    uncommitted: bool
    order: float  # commit rank (older < newer) or mtime
    commit: str = ""
    when: float = 0.0  # epoch seconds of the commit or the modification
    in_git: bool = False

    def newer_than(self, other: Stamp) -> bool:
        if self.uncommitted and other.uncommitted:
            return self.order > other.order + MTIME_SLACK
        return self > other

    def describe(self) -> str:
        stamp = datetime.fromtimestamp(self.when, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        if self.uncommitted:
            return f"modified {stamp}" + (" (not committed)" if self.in_git else "")
        return f"commit {self.commit[:10]} of {stamp}"


class FileHistory:
    """Last change of files below `root`; `method` is "git" or "mtime"."""

    def __init__(self, root: Path, paths: Iterable[str]) -> None:
        self.root = root
        self.commits: dict[str, Stamp] = {}
        self.dirty: set[str] = set()
        self.method = "mtime"
        prefix = _git(root, "rev-parse", "--show-prefix")
        if prefix is None:
            return
        self.method = "git"
        wanted = set(paths)
        self._read_log(wanted)
        self._read_status(prefix.strip(), wanted)

    def _read_log(self, wanted: set[str]) -> None:
        out = _git(
            self.root,
            "log",
            f"--format={_RECORD}%H %ct",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        )
        records = [r for r in (out or "").split(_RECORD) if r.strip()]
        total = len(records)
        for index, record in enumerate(records):  # newest first
            head, *names = record.strip("\n").split("\n")
            commit, _, when = head.partition(" ")
            for name in names:
                if name in wanted and name not in self.commits:
                    rank = float(total - index)
                    self.commits[name] = Stamp(False, rank, commit, float(when or 0))

    def _read_status(self, prefix: str, wanted: set[str]) -> None:
        out = _git(self.root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
        entries = (out or "").split("\0")
        skip = False
        for entry in entries:
            if skip or len(entry) < 4:
                skip = False
                continue
            status, path = entry[:2], entry[3:]
            skip = "R" in status or "C" in status  # the next entry is the old name
            rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
            if rel in wanted:
                self.dirty.add(rel)

    def stamp(self, rel: str) -> Stamp:
        committed = self.commits.get(rel)
        if committed is not None and rel not in self.dirty:
            return committed
        try:
            mtime = (self.root / rel).stat().st_mtime
        except OSError:
            mtime = 0.0
        return Stamp(True, mtime, "", mtime, in_git=self.method == "git")


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in `root`, or None when git or the repository is missing."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=false", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None
