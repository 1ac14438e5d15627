"""Bulk inputs: each file once, however it is named (directory and file symlinks,
「..」), in the order given; a name that matches nothing is kept to be reported."""

from __future__ import annotations

import os

from gongkai.core.report.batch import collect_inputs


def test_each_file_once_however_named(tmp_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    first, second = folder / "a.txt", folder / "sub" / "b.html"
    first.write_text("一、总体情况", encoding="utf-8")
    second.write_text("<html></html>", encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a report's suffix
    os.symlink(folder, tmp_path / "link")
    os.symlink(first, tmp_path / "alias.txt")
    names = [
        str(first),
        str(tmp_path / "link" / "a.txt"),  # through a symlinked directory
        str(tmp_path / "alias.txt"),  # a symlink to the file itself
        str(folder / "sub" / ".." / "a.txt"),
        str(folder),  # the directory: b.html is new, a.txt seen
        str(tmp_path / "missing.txt"),
    ]
    found = list(collect_inputs(names))
    assert found == [
        (str(first), first),
        (str(second), second),
        (str(tmp_path / "missing.txt"), None),
    ]
