"""atlas.folders.made_once: a folder made once, atomically, shared by processes."""

from __future__ import annotations

import pytest

from atlas.folders import made_once


def test_made_once_and_then_reused(tmp_path):
    fills = []

    def fill(work):
        fills.append(work)
        (work / "a.txt").write_text("a")

    first = made_once("thing-abc", fill, tmp_path)
    assert first == tmp_path / "thing-abc" and (first / "a.txt").read_text() == "a"
    assert made_once("thing-abc", fill, tmp_path) == first and len(fills) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["thing-abc"]  # no work folder left


def test_a_failed_fill_leaves_nothing(tmp_path):
    def fill(work):
        (work / "half").write_text("")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        made_once("thing-abc", fill, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_folder_another_process_made_first_is_kept(tmp_path):
    def fill(work):
        (work / "mine").write_text("")
        (tmp_path / "thing-abc").mkdir()  # the other process renames its folder meanwhile
        (tmp_path / "thing-abc" / "theirs").write_text("")

    got = made_once("thing-abc", fill, tmp_path)
    assert sorted(p.name for p in got.iterdir()) == ["theirs"]
    assert [p.name for p in tmp_path.iterdir()] == ["thing-abc"]
