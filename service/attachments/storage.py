"""Where attachment bytes live. The database keeps only the key `save` returned.

`FilesystemStorage` names files by their sha256, so a path never contains anything the client
chose, and an upload whose request failed after the file was written is simply found again
by its retry. Identical uploads share one file: delete a key only when no row refers to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol


class Storage(Protocol):
    def save(self, data: bytes) -> str:
        """Store `data`; return the key to open it with."""
        ...

    def open(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


class FilesystemStorage:
    _KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}")

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}"
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target, then rename: a reader never sees half a file, and a crash
        # leaves only a temporary file, never a truncated one under the real name.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        # The rename must be durable before the row that names the file commits.
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        return key

    def open(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        # Keys come from our own rows; refusing any other shape keeps a bad one from leaving `root`.
        if not self._KEY.fullmatch(key):
            raise ValueError(f"not a storage key: {key!r}")
        return self.root / key
