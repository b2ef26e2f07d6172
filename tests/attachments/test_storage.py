"""The filesystem store: content-addressed names, whole files only, keys that cannot escape."""

from __future__ import annotations

import hashlib

import pytest

from service.attachments.storage import FilesystemStorage


def test_save_open_delete(tmp_path):
    storage = FilesystemStorage(tmp_path / "uploads")
    key = storage.save(b"%PDF-1.4 contents")
    digest = hashlib.sha256(b"%PDF-1.4 contents").hexdigest()
    assert key == f"{digest[:2]}/{digest}"
    assert storage.open(key) == b"%PDF-1.4 contents"
    storage.delete(key)
    assert not (tmp_path / "uploads" / key).exists()
    storage.delete(key)


def test_the_same_bytes_are_stored_once_and_no_temporary_file_remains(tmp_path):
    storage = FilesystemStorage(tmp_path)
    assert storage.save(b"same") == storage.save(b"same")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [hashlib.sha256(b"same").hexdigest()]


@pytest.mark.parametrize("key", ["../etc/passwd", "ab/../../x", "/etc/passwd", "AB/" + "A" * 64, ""])
def test_keys_of_another_shape_are_refused(tmp_path, key):
    storage = FilesystemStorage(tmp_path)
    with pytest.raises(ValueError):
        storage.open(key)
    with pytest.raises(ValueError):
        storage.delete(key)
