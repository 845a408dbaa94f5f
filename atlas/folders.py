"""Folders the server makes for itself once, in the temp folder (a patched copy of a
package's static files), shared by every process that needs the same content."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def made_once(name: str, fill: Callable[[Path], None], root: Path | None = None) -> Path:
    """The folder ``name`` in ``root`` (default: the temp folder), made by ``fill`` (given an
    empty folder) unless it exists. ``name`` must carry a hash of the content: a folder of
    that name is taken as it is. Made beside it and renamed, so no process ever sees it half
    made; when another process makes it first, its folder is kept. Raises OSError when it
    cannot be made (and leaves nothing behind)."""
    root = root or Path(tempfile.gettempdir())
    dest = root / name
    if dest.is_dir():
        return dest
    work = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=root))
    try:
        fill(work)
        work.chmod(0o755)
        work.rename(dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        if not dest.is_dir():  # else another process made it first
            raise
    return dest
