"""Reports handed over in one ZIP (a bulk audit uploaded through the web): which members
may be read, each refusal named, and the members written out safely.

A member is refused, with its name and the reason, when its path would leave the folder
it is unpacked into (``../``, an absolute path, a drive letter), it is a link, it is
encrypted, it declares more than :data:`~gongkai.core.report.parse.limits.MAX_FILE_BYTES`
(the readers' own cap on one file) or is not of a kind the readers take (their suffixes,
:data:`~gongkai.core.report.batch.SUFFIXES`). A whole archive is refused when it has
more than :data:`MAX_FILES` reports, or declares more than :data:`MAX_TOTAL_BYTES`.
Folders and the litter of archivers (``__MACOSX/``, ``.DS_Store``, ``Thumbs.db``) are
passed over. Unpacking never trusts the sizes declared: it stops at the cap whatever
the member inflates to (a ZIP bomb), and writes each member under a name of its own
making, never the member's path.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from gongkai.core.report.batch import SUFFIXES
from gongkai.core.report.parse.limits import MAX_FILE_BYTES, MAX_ZIP_MEMBERS, READ_CHUNK_BYTES, size

__all__ = [
    "MAX_FILES",
    "MAX_TOTAL_BYTES",
    "ArchiveRefused",
    "Member",
    "MemberError",
    "archive_members",
    "archive_unpack",
]

#: Reports one archive may hold (the readers' cap on a DOCX package's members).
MAX_FILES = MAX_ZIP_MEMBERS
#: What all of an archive's reports may declare together, once inflated.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024

#: Entries of no interest, passed over without a word: archivers' litter.
_LITTER_DIRS = ("__MACOSX/",)
_LITTER_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}

E_NOT_ZIP = "不是可读取的ZIP压缩文件（{why}）"
E_UNSAFE_PATH = "路径不安全（含“..”、绝对路径或盘符），未解压"
E_LINK = "是符号链接，未解压"
E_ENCRYPTED = "已加密，无法读取"
E_TOO_LARGE = "解压后为{size}，超过单个文件的上限{cap}"
E_INFLATED = "解压后超过单个文件的上限{cap}（与压缩包中声明的大小不符，疑为压缩炸弹），已停止"
E_CORRUPT = "已损坏，无法解压（{why}）"
E_WRONG_TYPE = "不是可核查的报告文件（只接受{kinds}）"
E_DUPLICATE = "与另一成员同名"
E_TOO_MANY = "共有{count}份报告，超过一次核查的上限{cap}份"
E_TOTAL = "解压后共{size}，超过一次核查的上限{cap}"
E_EMPTY = "没有可核查的报告文件"


@dataclass(frozen=True)
class Member:
    """A member that may be read: its name (the source its findings name) and its entry."""

    name: str
    info: zipfile.ZipInfo


@dataclass(frozen=True)
class MemberError:
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}：{self.message}" if self.name else self.message


class ArchiveRefused(Exception):
    """The archive as a whole, or some of its members, cannot be audited: every reason."""

    def __init__(self, errors: list[MemberError]) -> None:
        self.errors = errors
        super().__init__("；".join(map(str, errors)))


def kinds_accepted() -> str:
    return "、".join(sorted(SUFFIXES))


def _name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker meant it: a ZIP made on a Chinese Windows keeps its
    names in GBK without saying so, which Python reads as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    first = path.parts[0] if path.parts else ""
    return path.is_absolute() or ".." in path.parts or (len(first) >= 2 and first[1] == ":")


def archive_members(file: IO[bytes]) -> list[Member]:
    """The archive's reports, in the order of their names; raises :class:`ArchiveRefused`
    naming every member that cannot be audited (or why the archive cannot be)."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise ArchiveRefused([MemberError("", E_NOT_ZIP.format(why=type(err).__name__))]) from None
    errors: list[MemberError] = []
    members: dict[str, Member] = {}
    total = 0
    for info in infos:
        name = _name(info)
        base = name.replace("\\", "/").rsplit("/", 1)[-1]
        if info.is_dir() or name.startswith(_LITTER_DIRS) or base in _LITTER_NAMES:
            continue
        mode = info.external_attr >> 16
        if _unsafe(name):
            errors.append(MemberError(name, E_UNSAFE_PATH))
        elif stat.S_ISLNK(mode):
            errors.append(MemberError(name, E_LINK))
        elif info.flag_bits & 0x1:
            errors.append(MemberError(name, E_ENCRYPTED))
        elif Path(base).suffix.lower() not in SUFFIXES:
            errors.append(MemberError(name, E_WRONG_TYPE.format(kinds=kinds_accepted())))
        elif info.file_size > MAX_FILE_BYTES:
            errors.append(
                MemberError(
                    name, E_TOO_LARGE.format(size=size(info.file_size), cap=size(MAX_FILE_BYTES))
                )
            )
        elif name in members:
            errors.append(MemberError(name, E_DUPLICATE))
        else:
            members[name] = Member(name, info)
            total += info.file_size
    if len(members) > MAX_FILES:
        errors.append(MemberError("", E_TOO_MANY.format(count=len(members), cap=MAX_FILES)))
    elif total > MAX_TOTAL_BYTES:
        errors.append(MemberError("", E_TOTAL.format(size=size(total), cap=size(MAX_TOTAL_BYTES))))
    elif not members and not errors:
        errors.append(MemberError("", E_EMPTY))
    if errors:
        raise ArchiveRefused(errors)
    return [members[n] for n in sorted(members)]


def archive_unpack(file: IO[bytes], members: list[Member], folder: Path) -> list[Path]:
    """Write each member into ``folder`` under a name of our own (its number and suffix),
    inflating at most :data:`MAX_FILE_BYTES` of it; the paths, in the members' order.
    Raises :class:`ArchiveRefused` naming the members that inflate past the cap or are
    corrupt (what was written stays in ``folder``, for its owner to remove)."""
    paths: list[Path] = []
    errors: list[MemberError] = []
    file.seek(0)
    with zipfile.ZipFile(file) as zf:
        for i, member in enumerate(members):
            path = folder / f"{i:05d}{Path(member.name).suffix.lower()}"
            written = 0
            try:
                with zf.open(member.info) as src, path.open("wb") as dst:
                    while chunk := src.read(READ_CHUNK_BYTES):
                        written += len(chunk)
                        if written > MAX_FILE_BYTES:
                            raise _Inflated
                        dst.write(chunk)
            except _Inflated:
                errors.append(MemberError(member.name, E_INFLATED.format(cap=size(MAX_FILE_BYTES))))
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
                errors.append(MemberError(member.name, E_CORRUPT.format(why=type(err).__name__)))
            paths.append(path)
    if errors:
        raise ArchiveRefused(errors)
    return paths


class _Inflated(Exception):
    pass
