"""Reports in one ZIP (gongkai.core.report.archive): every member that cannot be read is
named with its reason, names made on a Chinese Windows read right, and unpacking never
trusts what the archive declares."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from gongkai.core.report import archive
from gongkai.core.report.parse.limits import MAX_FILE_BYTES


def _zip(*members: tuple[str | zipfile.ZipInfo, bytes]) -> io.BytesIO:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name, on purpose
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                zf.writestr(name, data)
    buf.seek(0)
    return buf


def _refused(fh) -> list[str]:
    with pytest.raises(archive.ArchiveRefused) as err:
        archive.archive_members(fh)
    return [str(e) for e in err.value.errors]


def test_members_in_the_order_of_their_names_litter_passed_over():
    fh = _zip(
        ("b/2023.txt", b"x"),
        ("a/2022.html", b"x"),
        ("a/", b""),
        ("__MACOSX/a/._2022.html", b"x"),
        ("b/.DS_Store", b"x"),
        ("Thumbs.db", b"x"),
    )
    assert [m.name for m in archive.archive_members(fh)] == ["a/2022.html", "b/2023.txt"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.txt", archive.E_UNSAFE_PATH),
        ("a/../../evil.txt", archive.E_UNSAFE_PATH),
        ("/etc/evil.txt", archive.E_UNSAFE_PATH),
        ("C:/evil.txt", archive.E_UNSAFE_PATH),
        ("..\\evil.txt", archive.E_UNSAFE_PATH),
        ("report.exe", archive.E_WRONG_TYPE.format(kinds=archive.kinds_accepted())),
        ("inner.zip", archive.E_WRONG_TYPE.format(kinds=archive.kinds_accepted())),
    ],
)
def test_a_bad_member_is_named_with_its_reason(name, message):
    assert _refused(_zip(("good.txt", b"x"), (name, b"x"))) == [f"{name}：{message}"]


def test_links_duplicates_and_oversized_members_are_refused():
    link = zipfile.ZipInfo("link.txt")
    link.external_attr = 0o120777 << 16
    big = "big.pdf"
    errors = _refused(
        _zip(
            (link, b"/etc/passwd"),
            ("a.txt", b"1"),
            ("a.txt", b"2"),
            (big, b"\0" * (MAX_FILE_BYTES + 1)),
        )
    )
    assert errors == [
        f"link.txt：{archive.E_LINK}",
        f"a.txt：{archive.E_DUPLICATE}",
        "big.pdf：解压后为33,554,433字节，超过单个文件的上限32 MB",
    ]


def test_an_archive_that_is_none_or_holds_no_report():
    assert _refused(io.BytesIO(b"not a zip"))[0].startswith("不是可读取的ZIP压缩文件")
    assert _refused(_zip(("a/", b""), ("__MACOSX/x", b""))) == [archive.E_EMPTY]


def test_too_many_reports(monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILES", 3)
    errors = _refused(_zip(*((f"{i}.txt", b"x") for i in range(4))))
    assert errors == ["共有4份报告，超过一次核查的上限3份"]


def test_a_name_written_in_gbk_reads_in_chinese():
    """As an archiver on a Chinese Windows writes it: the name in GBK, the UTF-8 flag unset."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("x"), b"x")
    data = _rename(buf.getvalue(), b"x", "兴隆县年报.txt".encode("gbk"))
    assert [m.name for m in archive.archive_members(io.BytesIO(data))] == ["兴隆县年报.txt"]


def _rename(data: bytes, old: bytes, new: bytes) -> bytes:
    """The one-member archive ``data`` with its member's name ``old`` made ``new`` (raw
    bytes, flags untouched), its offsets rewritten."""
    local_len = 30 + len(old)
    header = bytearray(data[:30])
    struct.pack_into("<H", header, 26, len(new))
    body_end = data.index(b"PK\x01\x02")
    content = data[local_len:body_end]
    central = bytearray(data[body_end : body_end + 46])
    struct.pack_into("<H", central, 28, len(new))
    rest = data[body_end + 46 + len(old) :]  # the end-of-directory record
    end = bytearray(rest)
    cd_size = 46 + len(new)
    cd_offset = 30 + len(new) + len(content)
    struct.pack_into("<I", end, 12, cd_size)
    struct.pack_into("<I", end, 16, cd_offset)
    return bytes(header) + new + content + bytes(central) + new + bytes(end)


def test_unpacking_stops_at_the_cap_whatever_is_declared(tmp_path: Path):
    """A member whose directory entry declares a few bytes but inflates to more: read up
    to what it declares, then refused as corrupt (its checksum), never written past."""
    payload = b"\0" * 4096
    fh = _zip(("bomb.txt", payload), ("good.txt", b"ok"))
    members = archive.archive_members(fh)
    data = bytearray(fh.getvalue())
    # Declare 10 bytes for bomb.txt in the central directory and its local header.
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.index(sig)
        struct.pack_into("<I", data, at + offset, 10)
    fh = io.BytesIO(bytes(data))
    members = archive.archive_members(fh)
    assert [m.info.file_size for m in members] == [10, 2]
    with pytest.raises(archive.ArchiveRefused) as err:
        archive.archive_unpack(fh, members, tmp_path)
    assert [e.name for e in err.value.errors] == ["bomb.txt"]
    assert "已损坏" in err.value.errors[0].message
    assert (tmp_path / "00000.txt").stat().st_size <= 10
    assert (tmp_path / "00001.txt").read_bytes() == b"ok"


def test_members_are_written_under_names_of_our_own(tmp_path: Path):
    fh = _zip(("深/层/报告.HTML", b"<p>x</p>"), ("a.txt", b"y"))
    members = archive.archive_members(fh)
    paths = archive.archive_unpack(fh, members, tmp_path)
    assert [p.name for p in paths] == ["00000.txt", "00001.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00000.txt", "00001.html"]
