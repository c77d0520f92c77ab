"""Which release of the site is running: part of every page cache key and validator
(tournaments/cache/), so a deploy never serves, or answers 304 for, HTML made by the
release before (which names other hashed static files).

RELEASE from the environment when the deploy sets one (a git sha, a version tag);
otherwise computed once at startup from the code itself: the git commit when the site
runs from a checkout (with a mark when files differ from it), else a digest of the
project's Python files, templates and static manifest."""

import hashlib
import os
import subprocess
from pathlib import Path


def current_release(base_dir: Path) -> str:
    if release := os.environ.get("RELEASE", "").strip():
        return release
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=base_dir, capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=base_dir, capture_output=True, text=True, timeout=5, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return _digest(base_dir)
    return f"{head}+{_digest(base_dir)}" if dirty else head


def _digest(base_dir: Path) -> str:
    """A digest of what makes the HTML: code, templates, the static files' manifest."""
    digest = hashlib.blake2b(digest_size=6)
    for folder, pattern in (
        ("liguilla", "*.py"), ("tournaments", "*.py"), ("templates", "*.html"),
        ("locale", "*.mo"), ("staticfiles", "staticfiles.json"),
    ):  # fmt: skip
        for path in sorted((base_dir / folder).rglob(pattern)):
            digest.update(str(path.relative_to(base_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
